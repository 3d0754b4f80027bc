/**
 * Option positions of the option book (ADR 0022) as core's portfolio positions (ADR 0023): an
 * account in portfolio margin is margined by the model over its futures AND its options.
 *
 * - underlying: the risk unit of the option's underlying future (`underlyingOf` of that market),
 *   so the option and the futures on the same coin move together in every scenario;
 * - forward: the underlying future's mark (the forward Black-76 prices the option on);
 * - multiplier: the contract size in coins (core values an option per coin: in quote for linear,
 *   divided by the forward for inverse);
 * - volatility: the mark IV when the mark came from one; else the IV implied by the mark price
 *   (premium per coin, times the forward for inverse); a mark with no implied volatility (at or
 *   under intrinsic value, above the no-arbitrage bound) is revalued at IV_MIN or IV_MAX (core's
 *   `markVolatility`: intrinsic value is the floor of the option's price); null only at or after
 *   expiry;
 * - valuation time: the later of the option's and the underlying's price times.
 */
import { fixedToNumber, invariant, markVolatility, MS_PER_YEAR, type OptionInstrument, type PricedPosition } from '@margin/core';
import type { Market, EngineState } from '../state/types.js';
import { optionMarket } from '../state/option-book.js';
import { underlyingPriceOf } from '../state/option-underlying.js';
import { underlyingOf } from './portfolio-position.js';

/** The option fields the mapping reads (an OptionPosition or a what-if OptionHolding). */
export interface HeldOption {
  readonly symbol: string;
  /** Signed contracts. */
  readonly size: bigint;
}

export interface PricedOption {
  /** The market `paramsFor` reads: the option instrument with its underlying as the risk unit. */
  readonly market: Market;
  readonly priced: PricedPosition;
  readonly timeMs: number;
}

/** The option holding as core's priced portfolio position (option and underlying must have marks). */
export function pricedOptionOf(state: EngineState, holding: HeldOption): PricedOption {
  const market = optionMarket(state, holding.symbol);
  invariant(market !== null && market.markPrice !== null, `option ${holding.symbol} has a mark`);
  const { instrument } = market;
  const underlyingMarket = state.markets.get(instrument.underlying);
  invariant(underlyingMarket !== undefined && underlyingMarket.markPrice !== null, `underlying ${instrument.underlying} of ${holding.symbol} has a mark`);
  const unit = underlyingOf(underlyingMarket);
  // An option on the future's index (option-underlying.ts) is priced on that index.
  const forward = fixedToNumber(underlyingPriceOf(state, market) ?? underlyingMarket.markPrice);
  const timeMs = Math.max(market.priceTimeMs ?? 0, underlyingMarket.priceTimeMs ?? 0);
  const strike = fixedToNumber(instrument.strike);
  let volatility: number | null = market.markIv === null ? null : fixedToNumber(market.markIv);
  if (volatility === null) {
    const perCoin = fixedToNumber(market.markPrice);
    const quote = instrument.kind === 'inverse-option' ? perCoin * forward : perCoin;
    // A mark with no IV (under intrinsic value, above the bound) is revalued at the solver's floor or cap (core's markVolatility).
    volatility = markVolatility(instrument.right === 'call', forward, strike, (instrument.expiryMs - timeMs) / MS_PER_YEAR, quote)?.volatility ?? null;
  }
  const priced: PricedPosition = {
    position: {
      kind: 'option',
      id: holding.symbol,
      underlying: unit,
      quantity: fixedToNumber(holding.size),
      multiplier: fixedToNumber(instrument.contractSize),
      optionType: instrument.right,
      strike,
      expiryMs: instrument.expiryMs,
    },
    forward,
    volatility,
  };
  return { market: keyedMarket(underlyingMarket, market.instrument, unit), priced, timeMs };
}

// paramsFor keys the grid by settle asset and the components by underlying: the risk unit here.
function keyedMarket(underlyingMarket: Market, instrument: OptionInstrument, unit: string): Market {
  return { ...underlyingMarket, instrument: { ...instrument, underlying: unit } } as unknown as Market;
}

/** The market `paramsFor` reads for an option symbol (no marks needed); null for an unknown option or underlying. */
export function optionParamsMarket(state: EngineState, symbol: string): Market | null {
  const market = optionMarket(state, symbol);
  const underlyingMarket = market === null ? undefined : state.markets.get(market.instrument.underlying);
  if (market === null || underlyingMarket === undefined) return null;
  return keyedMarket(underlyingMarket, market.instrument, underlyingOf(underlyingMarket));
}
