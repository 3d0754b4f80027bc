/**
 * Distribution functions the margin models and backtests need, in float64 (scenario maths):
 * the normal quantile, chi-square tails of 1 and 2 degrees of freedom, the binomial CDF.
 */
import { normCdf } from '../options/normal.js';

// Acklam's rational approximation of the normal quantile (relative error 1.15e-9), refined by
// one Halley step on normCdf (P. J. Acklam, "An algorithm for computing the inverse normal
// cumulative distribution function", 2003; the refinement is the one he gives).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function poly(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (const c of coefficients) value = value * x + c;
  return value;
}

/** Φ⁻¹(p), the standard normal quantile, for 0 < p < 1 (0.99 -> 2.3263, 0.995 -> 2.5758). */
export function normQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`condition failed: a probability strictly between 0 and 1 is needed, got ${p}`);
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(C, q) / (poly(D, q) * q + 1);
  } else if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(A, r) * q) / (poly(B, r) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -poly(C, q) / (poly(D, q) * q + 1);
  }
  const e = normCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

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
