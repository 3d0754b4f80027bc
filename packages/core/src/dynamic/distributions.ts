/**
 * Distribution functions the margin models and backtests need, in float64 (scenario maths):
 * the normal quantile, chi-square tails of 1 and 2 degrees of freedom, the binomial CDF.
 */
import { normCdf } from '../options/normal.js';

export { normQuantile } from '../options/normal.js';

/** P(X > x) for X ~ χ²(1): 2·Φ(−√x). */
export function chiSquare1Tail(x: number): number {
  return x <= 0 ? 1 : 2 * normCdf(-Math.sqrt(x));
}

/** P(X > x) for X ~ χ²(2): exp(−x/2). */
export function chiSquare2Tail(x: number): number {
  return x <= 0 ? 1 : Math.exp(-x / 2);
}

/** Critical values (χ²(1) and χ²(2) at 95% and 99%) the backtests report against. */
export const CHI2_CRITICAL = { df1: { p95: 3.841458820694124, p99: 6.634896601021214 }, df2: { p95: 5.991464547107979, p99: 9.21034037197618 } } as const;

/**
 * The binomial CDF P(X ≤ k), X ~ Bin(n, p), for every k in 0..kMax (one pass, log-space pmf so
 * large n does not underflow (1 − p)^n).
 */
export function binomialCdfs(n: number, p: number, kMax: number): Float64Array {
  const out = new Float64Array(kMax + 1);
  const logRatio = Math.log(p) - Math.log1p(-p);
  let logPmf = n * Math.log1p(-p);
  let sum = 0;
  for (let k = 0; k <= kMax; k++) {
    if (k > 0) logPmf += Math.log((n - k + 1) / k) + logRatio;
    sum += k <= n ? Math.exp(logPmf) : 0;
    out[k] = Math.min(1, sum);
  }
  return out;
}
