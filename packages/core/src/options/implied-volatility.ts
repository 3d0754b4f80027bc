/**
 * Implied volatility of a Black-76 price: the sigma in [1e-6, 10] whose price equals the given one.
 *
 * 1. No-arbitrage bounds first: a call price must lie in [max(F - K, 0) DF, F DF], a put price in
 *    [max(K - F, 0) DF, K DF]; outside them there is no volatility, and the error names the field
 *    and the bound (never NaN). A price inside the bounds whose volatility lies outside
 *    [1e-6, 10] (e.g. exactly intrinsic value) is refused the same way.
 * 2. The price is reduced to the out-of-the-money option (undiscounted, by put-call parity), whose
 *    price is small and computed without cancellation against intrinsic value.
 * 3. Bracketed Newton from the inflection point sigma* = sqrt(2 |ln(F/K)| / T) (Manaster and
 *    Koehler, "The calculation of implied variances from the Black-Scholes model", Journal of
 *    Finance 37, 1982): below sigma* (the convex, exponentially flat part) Newton runs on
 *    ln(price), which converges in a few steps where Newton on the price crawls; above it on the
 *    price. The bracket shrinks with every evaluation; a Newton step that leaves it bisects.
 * 4. Stops when |price(sigma) - price| <= 1e-12 x price (relative, in the out-of-the-money price)
 *    or when a step moves sigma by <= 1e-10 (absolute), at most 100 iterations (more is a bug:
 *    InvariantError). Over the test grid (moneyness 0.5..2, 1 day..2 years, 5%..300%) the mean is
 *    about 6 iterations and the most 16 (implied-volatility.test.ts asserts <= 20, mean <= 8).
 * Accuracy: an out-of-the-money price (any normal float) gives sigma to ~1e-11; an in-the-money
 * price carries its time value on top of intrinsic value, so when vega / (DF F) < 1e-6 the time
 * value is lost in rounding and sigma is only as good as price rounding / vega.
 */
import { InputError, InvariantError } from '../errors.js';
import { checkBlack76Inputs, yearsToExpiry, type OptionKind } from './black76.js';
import { normCdf, normPdf } from './normal.js';

export const IV_MIN = 1e-6;
export const IV_MAX = 10;
export const IV_MAX_ITERATIONS = 100;
const PRICE_TOLERANCE = 1e-12;
const SIGMA_TOLERANCE = 1e-10;

/** Iterations of the last solve (for tests and the benchmark); not part of the result. */
let lastIterations = 0;
export function lastImpliedVolatilityIterations(): number {
  return lastIterations;
}

/** Undiscounted out-of-the-money price: a call when K >= F, else a put. */
function otmPrice(callSide: boolean, forward: number, strike: number, logMoneyness: number, sqrtT: number, sigma: number): number {
  const sd = sigma * sqrtT;
  const d1 = logMoneyness / sd + 0.5 * sd;
  const d2 = d1 - sd;
  return callSide ? forward * normCdf(d1) - strike * normCdf(d2) : strike * normCdf(-d2) - forward * normCdf(-d1);
}

function boundText(value: number): string {
  return String(value);
}

/**
 * Implied volatility (hot path, no allocation). `price` is the discounted premium in quote units
 * per 1 unit of the underlying; `rate` defaults to 0.
 */
export function impliedVolatility(isCall: boolean, forward: number, strike: number, timeYears: number, price: number, rate = 0): number {
  checkBlack76Inputs(forward, strike, timeYears, 1, rate);
  if (!Number.isFinite(price)) throw new InputError(['price'], `must be a finite number, got ${price}`);
  const df = rate === 0 ? 1 : Math.exp(-rate * timeYears);
  const intrinsic = isCall ? Math.max(forward - strike, 0) : Math.max(strike - forward, 0);
  const lower = intrinsic * df;
  const upper = (isCall ? forward : strike) * df;
  if (price < lower || price > upper) {
    const rule = isCall ? 'max(F - K, 0)·DF to F·DF' : 'max(K - F, 0)·DF to K·DF';
    throw new InputError(
      ['price'],
      `must be within the no-arbitrage bounds of a ${isCall ? 'call' : 'put'}, [${boundText(lower)}, ${boundText(upper)}] (${rule}), got ${price}`,
    );
  }
  // The out-of-the-money side, undiscounted.
  const callSide = strike >= forward;
  const undiscounted = price / df;
  const target = isCall === callSide ? undiscounted : undiscounted - (isCall ? forward - strike : strike - forward);
  const logMoneyness = Math.log(forward / strike);
  const sqrtT = Math.sqrt(timeYears);

  let lo = IV_MIN;
  let hi = IV_MAX;
  const fLo = otmPrice(callSide, forward, strike, logMoneyness, sqrtT, lo);
  const fHi = otmPrice(callSide, forward, strike, logMoneyness, sqrtT, hi);
  if (!(target > fLo)) {
    throw new InputError(['price'], `implies a volatility below ${IV_MIN} (the solver's range is [${IV_MIN}, ${IV_MAX}]): ${price} is at or too near the lower bound ${boundText(lower)}`);
  }
  if (!(target < fHi)) {
    throw new InputError(['price'], `implies a volatility above ${IV_MAX} (the solver's range is [${IV_MIN}, ${IV_MAX}]): ${price} is at or too near the upper bound ${boundText(upper)}`);
  }
  const inflection = Math.sqrt((2 * Math.abs(logMoneyness)) / timeYears);
  let sigma = inflection > lo && inflection < hi ? inflection : Math.min(Math.max(Math.sqrt(2 * Math.PI) * (target / forward) / sqrtT, lo), hi);
  const logTarget = Math.log(target);
  for (let iteration = 1; iteration <= IV_MAX_ITERATIONS; iteration++) {
    const sd = sigma * sqrtT;
    const d1 = logMoneyness / sd + 0.5 * sd;
    const d2 = d1 - sd;
    const value = callSide ? forward * normCdf(d1) - strike * normCdf(d2) : strike * normCdf(-d2) - forward * normCdf(-d1);
    const diff = value - target;
    if (Math.abs(diff) <= PRICE_TOLERANCE * target) {
      lastIterations = iteration;
      return sigma;
    }
    if (diff < 0) lo = sigma;
    else hi = sigma;
    const vega = forward * normPdf(d1) * sqrtT;
    // Newton on ln(price) below the inflection point (value > 0 there unless it underflowed).
    const step = sigma < inflection && value > 0 ? ((Math.log(value) - logTarget) * value) / vega : diff / vega;
    let next = sigma - step;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - sigma) <= SIGMA_TOLERANCE) {
      lastIterations = iteration;
      return next;
    }
    sigma = next;
  }
  throw new InvariantError(`implied volatility did not converge in ${IV_MAX_ITERATIONS} iterations (F ${forward}, K ${strike}, T ${timeYears}, price ${price})`);
}

export interface ImpliedVolatilityInput {
  readonly kind: OptionKind;
  readonly forward: number;
  readonly strike: number;
  readonly expiryMs: number;
  readonly nowMs: number;
  /** Premium in quote units per 1 unit of the underlying. */
  readonly price: number;
  readonly rate?: number;
}

export interface ImpliedVolatilityResult {
  readonly volatility: number;
  readonly timeYears: number;
  readonly iterations: number;
}

/** Implied volatility as an object, with the ACT/365 time and the iteration count. */
export function impliedVolatilityOf(input: ImpliedVolatilityInput): ImpliedVolatilityResult {
  const timeYears = yearsToExpiry(input.expiryMs, input.nowMs);
  const volatility = impliedVolatility(input.kind === 'call', input.forward, input.strike, timeYears, input.price, input.rate ?? 0);
  return { volatility, timeYears, iterations: lastIterations };
}
