/**
 * The one mapping from an engine position and its market to core's portfolio position (the input
 * of the scenario maths, core/src/portfolio). Futures now; option instruments (core kinds
 * `linear-option` / `inverse-option`, core/src/instrument/option-instrument.ts) map through the
 * same function once the engine holds them: strike, right, expiry and underlying from the
 * instrument, the volatility from the market's implied volatility.
 *
 * Units: `quantity` is the signed contracts; `multiplier` the underlying units per contract:
 * linear: contractSize (base units); inverse: contractSize / mark (a contract is worth contractSize
 * quote, i.e. contractSize / F coin at the forward F, so q x multiplier x (1 - 1/(1+m)) is the
 * engine's inverse P&L). The forward is the engine's mark (the index for a perpetual is what
 * `margin risk` names `forward`; the engine margins at the mark everywhere).
 */
import { fixedToNumber, isInverse, isOptionKind, type Fixed, type PricedPosition, type Settlement } from '@margin/core';
import type { Market } from '../state/types.js';

/** The fields of a position the mapping reads (an engine Position or a what-if PositionView). */
export interface HeldPosition {
  readonly key: string;
  readonly symbol: string;
  /** Signed contracts. */
  readonly size: Fixed;
}

/** Option fields as core's OptionInstrument names them; absent on futures. */
interface OptionFields {
  readonly right: 'call' | 'put';
  readonly strike: Fixed;
  readonly expiryMs: number;
  readonly underlying?: string;
  readonly base?: string;
}

/** A market whose mark may carry an implied volatility (options). */
interface MaybeVolatility {
  readonly markIv?: Fixed | null;
}

function optionFieldsOf(market: Market): OptionFields | null {
  const kind: string = market.instrument.kind;
  return isOptionKind(kind) ? (market.instrument as unknown as OptionFields) : null;
}

/** Linear or inverse settlement of an instrument (futures and options). */
export function settlementOf(market: Market): Settlement {
  const kind: string = market.instrument.kind;
  return kind === 'inverse-option' || (!isOptionKind(kind) && isInverse(market.instrument.kind)) ? 'inverse' : 'linear';
}

/**
 * The underlying a risk unit groups by: an option's `underlying` (or `base`); an inverse future's
 * settle coin; a linear future's symbol before its settle asset, separators dropped (BTCUSDT,
 * BTC-USDT-SWAP, BTCUSDT-261225 -> BTC); without the settle asset in it, the symbol before its
 * first separator (ETH, ETH-PERP -> ETH). A model without parameters for it refuses it by name.
 */
export function underlyingOf(market: Market): string {
  const option = optionFieldsOf(market);
  if (option !== null) return option.underlying ?? option.base ?? market.instrument.symbol;
  const { symbol, settle } = market.instrument;
  if (settlementOf(market) === 'inverse') return settle;
  const at = symbol.toUpperCase().indexOf(settle.toUpperCase(), 1);
  const head = at > 0 ? symbol.slice(0, at) : (symbol.split(/[-_/:]/)[0] ?? symbol);
  const trimmed = head.replace(/[-_/:]+$/, '');
  return trimmed === '' ? symbol : trimmed;
}

/** The engine position as core's priced portfolio position (the market must have a mark). */
export function pricedPositionOf(position: HeldPosition, market: Market): PricedPosition {
  const mark = market.markPrice;
  if (mark === null) throw new RangeError(`condition failed: market ${position.symbol} has a mark`);
  const forward = fixedToNumber(mark);
  const contractSize = fixedToNumber(market.instrument.contractSize);
  const multiplier = settlementOf(market) === 'inverse' ? contractSize / forward : contractSize;
  const quantity = fixedToNumber(position.size);
  const underlying = underlyingOf(market);
  const option = optionFieldsOf(market);
  if (option === null) {
    return { position: { kind: 'future', id: position.key, underlying, quantity, multiplier, expiryMs: market.instrument.expiryMs }, forward, volatility: null };
  }
  const iv = (market as Market & MaybeVolatility).markIv ?? null;
  return {
    position: { kind: 'option', id: position.key, underlying, quantity, multiplier, optionType: option.right, strike: fixedToNumber(option.strike), expiryMs: option.expiryMs },
    forward,
    volatility: iv === null ? null : fixedToNumber(iv),
  };
}
