/**
 * A volatility smile: the implied volatilities of one expiry, as points by strike, and the rule
 * that reads a volatility at any strike.
 *
 * - Between two points: linear in total implied variance w = sigma^2 T against strike (with T
 *   fixed within one expiry, this is linear in sigma^2), so sigma(K) = sqrt(w(K) / T). Variance,
 *   not volatility, is interpolated because it is what adds up over time and keeps the smile free
 *   of the downward kinks linear volatility gives between a low and a high point.
 * - Outside the points: flat extrapolation, the volatility of the nearest point.
 * - One point: that volatility at every strike.
 * - A surface is one smile per expiry; nothing is interpolated across expiries (an option reads
 *   the smile of its own expiry, `smileForExpiry`, and an expiry without a smile is an error).
 * - A point may be quoted by delta instead of strike (how crypto desks quote smiles: 25-delta put,
 *   at-the-money, 25-delta call). `strikeFromDelta` turns it into its strike first, with the
 *   point's own volatility, so the rules above apply unchanged.
 */
import { InputError, type PathSegment } from '../errors.js';
import { normQuantile } from './normal.js';

export interface SmilePoint {
  readonly strike: number;
  readonly volatility: number;
}

export interface VolSmile {
  readonly expiryMs: number;
  readonly strikes: Float64Array;
  /** sigma^2 at each strike (total variance / T, T being fixed within the expiry). */
  readonly variances: Float64Array;
}

/** Build a smile; strikes must be positive and strictly increasing, volatilities positive. */
export function buildVolSmile(expiryMs: number, points: readonly SmilePoint[], path: readonly PathSegment[] = ['points']): VolSmile {
  if (points.length === 0) throw new InputError(path, 'must have at least 1 point');
  const strikes = new Float64Array(points.length);
  const variances = new Float64Array(points.length);
  points.forEach((point, index) => {
    if (!(point.strike > 0 && point.strike < Infinity)) throw new InputError([...path, index, 'strike'], `must be greater than 0, got ${point.strike}`);
    if (!(point.volatility > 0 && point.volatility < Infinity)) {
      throw new InputError([...path, index, 'volatility'], `must be greater than 0, got ${point.volatility}`);
    }
    const previous = index === 0 ? 0 : (strikes[index - 1] ?? 0);
    if (index > 0 && !(point.strike > previous)) {
      throw new InputError([...path, index, 'strike'], `strikes must be strictly increasing: ${point.strike} follows ${previous}`);
    }
    strikes[index] = point.strike;
    variances[index] = point.volatility * point.volatility;
  });
  return { expiryMs, strikes, variances };
}

/** The smile's volatility at `strike` (rules in the module comment). */
export function smileVolatility(smile: VolSmile, strike: number): number {
  const { strikes, variances } = smile;
  const last = strikes.length - 1;
  if (strike <= (strikes[0] ?? 0)) return Math.sqrt(variances[0] ?? 0);
  if (strike >= (strikes[last] ?? 0)) return Math.sqrt(variances[last] ?? 0);
  // Binary search for strikes[lo] <= strike < strikes[lo + 1].
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((strikes[mid] ?? 0) <= strike) lo = mid;
    else hi = mid;
  }
  const k0 = strikes[lo] ?? 0;
  const k1 = strikes[hi] ?? 0;
  const v0 = variances[lo] ?? 0;
  const v1 = variances[hi] ?? 0;
  return Math.sqrt(v0 + ((v1 - v0) * (strike - k0)) / (k1 - k0));
}

/** The smile of one expiry from a surface (one smile per expiry); an expiry without one is an error. */
export function smileForExpiry(surface: readonly VolSmile[], expiryMs: number, path: readonly PathSegment[] = ['expiry']): VolSmile {
  for (const smile of surface) if (smile.expiryMs === expiryMs) return smile;
  throw new InputError(path, `has no volatility: no volatility given and the surface has no smile for expiry ${new Date(expiryMs).toISOString()}`);
}

/**
 * The strike of a smile point quoted by delta: the forward (undiscounted) Black-76 call delta
 * N(d1), 0 < delta < 1, with the point's own volatility. Solving N(d1) = delta for K:
 * K = F exp(sigma^2 T / 2 - sigma sqrt(T) N^-1(delta)). A put of delta -0.25 is the call delta
 * 0.75 of the same strike (put-call parity of forward deltas: call - put = 1).
 */
export function strikeFromDelta(callDelta: number, forward: number, timeYears: number, volatility: number): number {
  const sigmaRootT = volatility * Math.sqrt(timeYears);
  return forward * Math.exp((sigmaRootT * sigmaRootT) / 2 - sigmaRootT * normQuantile(callDelta));
}
