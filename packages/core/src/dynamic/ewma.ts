/**
 * Returns and EWMA volatility (RiskMetrics Technical Document, 4th ed., J.P. Morgan/Reuters 1996,
 * ch. 5, https://www.msci.com/documents/10199/5915b101-4206-4ba0-aee2-3449d5c7e95a):
 *
 *   σ²_{t+1|t} = λ·σ²_{t|t−1} + (1−λ)·r_t²        zero mean; λ 0.94 for daily data
 *
 * `sigma[t]` is the forecast for the step after t, known at the close of t (it includes r_t):
 * the volatility a margin set at t uses. `timing: 'pre'` lags it one step (the margin of t set
 * before r_t is known).
 */

export type ReturnKind = 'log' | 'simple';

/** r_t for t = 1..n−1 at index t (index 0 is NaN): ln(P_t/P_{t−1}) or P_t/P_{t−1} − 1. */
export function returnsOf(prices: Float64Array, type: ReturnKind): Float64Array {
  const out = new Float64Array(prices.length);
  out[0] = Number.NaN;
  if (type === 'log') for (let t = 1; t < prices.length; t++) out[t] = Math.log((prices[t] as number) / (prices[t - 1] as number));
  else for (let t = 1; t < prices.length; t++) out[t] = (prices[t] as number) / (prices[t - 1] as number) - 1;
  return out;
}

export interface EwmaOptions {
  readonly lambda: number;
  /** Seed: the mean of the first `seedCount` squared returns (1 = the first square). */
  readonly seedCount: number;
  readonly timing: 'pre' | 'post';
}

export interface EwmaResult {
  /** σ forecast known at the close of t; NaN before `start`. */
  readonly sigma: Float64Array;
  /** First index with a forecast. */
  readonly start: number;
}

/** EWMA volatility over `returns` (index 0 unused); O(n), no allocation beyond the result. */
export function ewmaVolatility(returns: Float64Array, options: EwmaOptions): EwmaResult {
  const n = returns.length;
  const m = options.seedCount;
  if (n <= m) return { sigma: new Float64Array(n).fill(Number.NaN), start: n };
  const sigma = new Float64Array(n);
  const lag = options.timing === 'pre' ? 1 : 0;
  const start = Math.min(n, m + lag);
  sigma.fill(Number.NaN, 0, start);
  const lambda = options.lambda;
  const weight = 1 - lambda;
  let variance = 0;
  for (let t = 1; t <= m; t++) variance += (returns[t] as number) * (returns[t] as number);
  variance /= m;
  if (start < n) sigma[start] = Math.sqrt(variance);
  // One multiply-add and one square root a step: the hot loop of minute data (bench/dynamic.mjs).
  const end = n - lag;
  for (let t = m + 1; t < end; t++) {
    const r = returns[t] as number;
    variance = lambda * variance + weight * r * r;
    sigma[t + lag] = Math.sqrt(variance);
  }
  return { sigma, start };
}

/** Number of most recent observations carrying weight 1 − tol: ln(tol)/ln(λ) (λ 0.94, tol 1% -> 75). */
export function ewmaEffectiveWindow(lambda: number, tolerance: number): number {
  return Math.ceil(Math.log(tolerance) / Math.log(lambda));
}
