/**
 * Filtered historical simulation (Barone-Adesi, Giannopoulos & Vosper 1999, "VaR without
 * correlations for portfolios of derivative securities", Journal of Futures Markets 19(5),
 * https://doi.org/10.1002/(SICI)1096-9934(199908)19:5<583::AID-FUT5>3.0.CO;2-S; Hull & White 1998):
 *
 *   ε_s = r_s / σ_s            each return of the window devolatilised by its own EWMA forecast
 *   r*_s = ε_s · σ_now         rescaled to today's volatility (optionally floored at the window's median σ)
 *   P&L over h steps: h consecutive r*, compounded;  margin = scale · q-quantile of the loss
 *
 * The rate covers longs and shorts alike: the larger of the two tails' quantiles. Quantile: the
 * ⌈q·N⌉-th smallest loss of N (no interpolation).
 */
import type { ModelConfig } from './model-spec.js';

/**
 * The k-th smallest (0-based) of values[lo..hi] by quickselect (Hoare partition, middle pivot),
 * reordering that range in place: O(n) on average where a full sort is O(n log n).
 */
export function selectKth(values: Float64Array, k: number, lo = 0, hi = values.length - 1): number {
  let left = lo;
  let right = hi;
  while (left < right) {
    const pivot = values[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k] as number;
  }
  return values[k] as number;
}

export function fhsRate(returns: Float64Array, rawSigma: Float64Array, sigmaNow: Float64Array, model: ModelConfig, start: number, out: Float64Array): void {
  const window = model.windowSteps;
  const h = model.mporSteps;
  const count = window - h + 1;
  const filtered = new Float64Array(window);
  const pnl = new Float64Array(count);
  const sigmas = new Float64Array(window);
  const lag = model.timing === 'post' ? 1 : 0;
  const k = Math.max(1, Math.ceil(model.confidence * count)) - 1;
  const log = model.returnType === 'log';
  for (let t = start; t < returns.length; t++) {
    let now = sigmaNow[t] as number;
    for (let i = 0; i < window; i++) {
      const s = t - window + 1 + i;
      const forecast = rawSigma[s - lag] as number;
      filtered[i] = (returns[s] as number) / forecast;
      sigmas[i] = forecast;
    }
    if (model.medianFloor) now = Math.max(now, selectKth(sigmas, window >> 1));
    for (let j = 0; j < count; j++) {
      let acc = log ? 0 : 1;
      for (let i = j; i < j + h; i++) {
        const r = (filtered[i] as number) * now;
        if (log) acc += r;
        else acc *= 1 + r;
      }
      pnl[j] = log ? Math.expm1(acc) : acc - 1;
    }
    // Order statistics by selection, not a sort: k-th smallest P&L (short loss) and k-th largest (long loss).
    const shortLoss = selectKth(pnl, k);
    const longLoss = -selectKth(pnl, count - 1 - k);
    out[t] = model.scale * Math.max(longLoss, shortLoss, 0);
  }
}
