/**
 * The engine's option requirement (ADR 0022): the ONE function that says what an account's option
 * positions in one settle asset add to its cross pool. For an account in portfolio margin the
 * requirement is the portfolio model's (ADR 0023) and this adds none, only the options' value; every caller (pre-trade check, withdrawals, margin calls,
 * liquidation, reports) goes through it.
 *
 * Standard options margin of the venue record (core/src/option-margin): a short needs the venue's
 * per-coin requirement x coins (rounded up); a long needs nothing beyond its premium, paid up
 * front. The options' mark value (long +, short -, rounded against the account) counts in equity
 * where the venue says so (`optionValueInEquity`). Exact bigint arithmetic throughout.
 */
import {
  invariant,
  mul,
  optionMarginSnapshot,
  optionPositionRequirement,
  venue,
  type Fixed,
  type StandardOptionsRules,
} from '@margin/core';
import type { EngineState } from '../state/types.js';
import { optionMarket, optionPositionsOf, type OptionMarket } from '../state/option-book.js';
import { underlyingPriceOf } from '../state/option-underlying.js';

/** One option holding: signed contracts and average entry premium per coin. */
export interface OptionHolding {
  readonly symbol: string;
  readonly size: Fixed;
  readonly entryPrice: Fixed;
}

export interface OptionPositionFigures extends OptionHolding {
  readonly markPrice: Fixed;
  /** |size| x contract size, rounded up. */
  readonly coins: Fixed;
  /** Signed mark value: long + (rounded down), short - (rounded up in size). */
  readonly value: Fixed;
  readonly unrealizedPnl: Fixed;
  readonly initialMargin: Fixed;
  readonly maintenanceMargin: Fixed;
  readonly marginSnapshot: string;
}

export interface OptionPoolFigures {
  /** What the options add to the pool's equity (their value, or 0 where the venue leaves it out). */
  readonly equity: Fixed;
  readonly initialMargin: Fixed;
  readonly maintenanceMargin: Fixed;
  readonly positions: readonly OptionPositionFigures[];
}

export const NO_OPTIONS: OptionPoolFigures = { equity: 0n, initialMargin: 0n, maintenanceMargin: 0n, positions: [] };

/** The venue's standard options rules, or null when the venue margins no options. */
export function optionRules(state: EngineState): StandardOptionsRules | null {
  return venue(state.profile.name).standardOptions;
}

/** Underlying mark, index and the valuation time of an option market. */
export function underlyingOf(state: EngineState, market: OptionMarket): { mark: Fixed; index: Fixed; timeMs: number } {
  const underlying = state.markets.get(market.instrument.underlying);
  const price = underlyingPriceOf(state, market);
  invariant(underlying !== undefined && price !== null, `underlying ${market.instrument.underlying} of ${market.instrument.symbol} has a price`);
  const timeMs = Math.max(market.priceTimeMs ?? 0, underlying.priceTimeMs ?? 0);
  return { mark: price, index: underlying.indexPrice ?? price, timeMs };
}

/** Figures of one holding at the current marks. */
export function optionPositionFigures(state: EngineState, rules: StandardOptionsRules | null, holding: OptionHolding): OptionPositionFigures {
  const market = optionMarket(state, holding.symbol);
  invariant(market !== null && market.markPrice !== null, `option ${holding.symbol} has a mark`);
  const { instrument } = market;
  const long = holding.size > 0n;
  const size = long ? holding.size : -holding.size;
  const coins = mul(size, instrument.contractSize, 'ceil');
  const mark = market.markPrice;
  const value = long ? mul(coins, mark, 'floor') : -mul(coins, mark, 'ceil');
  const cost = long ? mul(coins, holding.entryPrice, 'ceil') : -mul(coins, holding.entryPrice, 'floor');
  const { mark: underlying, index, timeMs } = underlyingOf(state, market);
  const snapshot = optionMarginSnapshot(rules, state.profile.name, instrument.kind, instrument.base, timeMs, market.marginSnapshot, ['options', holding.symbol]);
  const requirement = optionPositionRequirement(snapshot.formula, long ? 'long' : 'short', coins, {
    kind: instrument.kind,
    right: instrument.right,
    strike: instrument.strike,
    mark,
    entry: holding.entryPrice,
    underlying,
    index,
    forward: underlying,
  });
  return {
    ...holding,
    markPrice: mark,
    coins,
    value,
    unrealizedPnl: value - cost,
    initialMargin: requirement.initial,
    maintenanceMargin: requirement.maintenance,
    marginSnapshot: snapshot.id,
  };
}

/**
 * What the account's options in `asset` add to its cross pool; `holdings` replaces the account's
 * current option positions (a what-if: a pre-trade check or a preview).
 */
export function optionRequirement(state: EngineState, accountId: string, asset: string, holdings?: readonly OptionHolding[]): OptionPoolFigures {
  const held = holdings ?? optionPositionsOf(state, accountId, asset);
  if (held.length === 0) return NO_OPTIONS;
  const rules = optionRules(state);
  const inEquity = rules?.optionValueInEquity ?? true;
  let value = 0n;
  let initialMargin = 0n;
  let maintenanceMargin = 0n;
  const positions = held.map((holding) => {
    const figures = optionPositionFigures(state, rules, holding);
    value += figures.value;
    initialMargin += figures.initialMargin;
    maintenanceMargin += figures.maintenanceMargin;
    return figures;
  });
  // An account in portfolio margin: the portfolio model margins its options with its futures
  // (ADR 0023, portfolio-options.ts); the standard figures stay per position, for information.
  if (state.accounts.get(accountId)?.portfolioModel != null) return { equity: inEquity ? value : 0n, initialMargin: 0n, maintenanceMargin: 0n, positions };
  return { equity: inEquity ? value : 0n, initialMargin, maintenanceMargin, positions };
}
