/**
 * The volatility a portfolio model revalues a price-marked option at (docs/portfolio-margin.md,
 * "Marks without implied volatility"): the IV implied by the mark, or, when the mark has none, the
 * nearest end of the solver's range [IV_MIN, IV_MAX].
 *
 * A venue publishes option marks with the IV they come from (Deribit's `markprice.options` channel
 * carries `mark_price` and `iv`, https://docs.deribit.com/subscriptions/market-data/markpriceoptionsindex_name;
 * its inverse options are Black-76 on the forward, https://support.deribit.com/hc/en-us/articles/25944688327069-Inverse-Options),
 * so a venue mark always lies inside the no-arbitrage bounds. A mark fed to this engine may not: under
 * the option's intrinsic value (a stale tick after the underlying moved, a tick rounded down near
 * expiry), at it, or above the bound (over the forward for a call, the strike for a put). Such a
 * mark has no implied volatility, and the models need one. The rule:
 *
 * - a mark at or under the price at IV_MIN (intrinsic value plus a negligible time value) is
 *   revalued at IV_MIN: Black-76 then values the option at its intrinsic value, the no-arbitrage
 *   floor of its price, in the base cell, and the scenario shocks apply as to any IV (Deribit's
 *   shock up is floored at `min_volatility_for_shock_up`, OKX's shock down at 1e-4), so every
 *   scenario loss is at least the loss of the intrinsic value alone;
 * - a mark above the price at IV_MAX is revalued at IV_MAX (the most time value the solver knows).
 *
 * The options' value in equity stays the mark itself (as for every option). null only where
 * Black-76 has no time to run (at or after expiry), which the models refuse on their own.
 */
import { InputError } from '../errors.js';
import { black76Price } from '../options/black76.js';
import { impliedVolatility, IV_MAX, IV_MIN } from '../options/implied-volatility.js';

export interface MarkVolatility {
  readonly volatility: number;
  /** `floor`: the mark has no IV and sits low (revalued at IV_MIN); `cap`: it sits high (IV_MAX); null: implied. */
  readonly clamped: 'floor' | 'cap' | null;
}

/** The volatility of an option marked at `quotePrice` (quote per coin); null when `timeYears` is not positive. */
export function markVolatility(isCall: boolean, forward: number, strike: number, timeYears: number, quotePrice: number): MarkVolatility | null {
  if (!(timeYears > 0) || !(forward > 0) || !(strike > 0) || !Number.isFinite(quotePrice)) return null;
  try {
    return { volatility: impliedVolatility(isCall, forward, strike, timeYears, quotePrice), clamped: null };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
  // No IV: the mark is outside (or on the edge of) the solver's range; which edge is read from the price at IV_MIN.
  return quotePrice <= black76Price(isCall, forward, strike, timeYears, IV_MIN) ? { volatility: IV_MIN, clamped: 'floor' } : { volatility: IV_MAX, clamped: 'cap' };
}
