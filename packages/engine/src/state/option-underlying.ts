/**
 * The price an option is written on (issue 10): its underlying future's mark (the default: an
 * option on a future), or that future's index price (`underlyingPrice: "index"`: an option on the
 * venue's index, the `indexPrice` its `price` commands carry). An index in this engine is a price
 * source only, never traded: it is the index a perpetual or future already carries, so one
 * `price` command moves both the future and the options on its index.
 */
import type { Fixed } from '@margin/core';
import type { OptionMarket } from './option-book.js';
import type { EngineState } from './types.js';

/** The option's underlying price now (mark or index, by its definition), or null when not priced yet. */
export function underlyingPriceOf(state: EngineState, market: OptionMarket): Fixed | null {
  const underlying = state.markets.get(market.instrument.underlying);
  if (underlying === undefined) return null;
  return market.underlyingPrice === 'index' ? underlying.indexPrice : underlying.markPrice;
}

/** What the option is written on, for messages: `BTC-PERPETUAL` or `the index of BTC-PERPETUAL`. */
export function underlyingName(market: OptionMarket): string {
  return market.underlyingPrice === 'index' ? `the index of ${market.instrument.underlying}` : market.instrument.underlying;
}
