/**
 * ADL order without a rational per candidate (ADR 0020): the same order as `rankForAdl` (score
 * descending, then the caller's tie-break), found with float scores and confirmed exactly only
 * where two candidates could swap.
 *
 * Each score is a product of ratios of exact integers (the candidate's E18 figures; the scale
 * cancels in every ratio). Converting an integer to float64 and each multiply or divide round by
 * at most 2^-53 relative, so a float score with at most 4 conversions and 3 operations is within
 * 7 x 2^-53 of the exact one, relatively, with the same sign, and is 0 exactly when the score is.
 * `ADL_FLOAT_RELATIVE_BOUND` (1e-12) is far wider than that. Sorted by float score, the list splits
 * into clusters wherever every score before a cut is surely above every score after it; only
 * inside a cluster with more than one candidate (ties and near ties) are exact rationals compared.
 */
import type { Fixed } from '../num/fixed.js';
import type { Rational } from '../num/rational.js';
import { ONE } from '../num/fixed.js';
import { adlScore, type AdlCandidate, type AdlMethod } from './adl-ranking.js';

/** Relative error bound of a float ADL score (the rounding error is below 1e-15). */
export const ADL_FLOAT_RELATIVE_BOUND = 1e-12;

export interface AdlScoreEstimate {
  /** Float score; the exact score is within `error` of it. */
  readonly value: number;
  /** Absolute error bound; 0 when `value` is exact (a score of exactly 0); Infinity when unknown. */
  readonly error: number;
}

const abs = (value: Fixed): Fixed => (value < 0n ? -value : value);
const EXACT_ZERO: AdlScoreEstimate = { value: 0, error: 0 };
const UNKNOWN: AdlScoreEstimate = { value: 0, error: Number.POSITIVE_INFINITY };

function bounded(value: number): AdlScoreEstimate {
  // Overflow or a product too small to keep its relative precision: let the exact path decide.
  if (!Number.isFinite(value) || Math.abs(value) < 1e-280) return UNKNOWN;
  return { value, error: Math.abs(value) * ADL_FLOAT_RELATIVE_BOUND };
}

/** The float score of `adlScore(method, c)` with its error bound. */
export function adlScoreEstimate(method: AdlMethod, c: AdlCandidate): AdlScoreEstimate {
  if (method === 'binance') {
    if (c.unrealizedPnl <= 0n || c.equity <= 0n || c.maintenanceMargin === 0n) return EXACT_ZERO;
    const wallet = c.walletBalance > ONE ? c.walletBalance : ONE;
    return bounded((Number(c.unrealizedPnl) / Number(wallet)) * (Number(c.maintenanceMargin) / Number(c.equity)));
  }
  if (c.entryValue === 0n) return EXACT_ZERO;
  const pnl = c.markValue - c.entryValue;
  if (pnl === 0n) return EXACT_ZERO;
  const pnlPercent = Number(pnl) / Number(abs(c.entryValue));
  const cushion = abs(c.markValue - c.bankruptValue);
  if (cushion === 0n) return bounded(pnlPercent);
  const mark = abs(c.markValue);
  // A zero mark value with a loss divides by a zero leverage: the exact path says what happens.
  if (mark === 0n) return pnl > 0n ? EXACT_ZERO : UNKNOWN;
  return bounded(pnl > 0n ? pnlPercent * (Number(mark) / Number(cushion)) : pnlPercent * (Number(cushion) / Number(mark)));
}

/**
 * Indices of `candidates` in ADL order (first to be deleveraged first): exactly the order of
 * `rankForAdl` when `tieBreak` is the input order (the default), or score descending then
 * `tieBreak` (which must be a total order) otherwise.
 */
export function adlOrder(method: AdlMethod, candidates: readonly AdlCandidate[], tieBreak: (a: number, b: number) => number = (a, b) => a - b): number[] {
  const count = candidates.length;
  const values = new Float64Array(count);
  const errors = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const estimate = adlScoreEstimate(method, candidates[i] as AdlCandidate);
    values[i] = estimate.value;
    errors[i] = estimate.error;
  }
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => (values[b] as number) - (values[a] as number));
  // suffixHigh[k]: the highest any score from position k on can be.
  const suffixHigh = new Float64Array(count + 1);
  suffixHigh[count] = Number.NEGATIVE_INFINITY;
  for (let k = count - 1; k >= 0; k--) {
    const i = order[k] as number;
    suffixHigh[k] = Math.max(suffixHigh[k + 1] as number, (values[i] as number) + (errors[i] as number));
  }
  const result: number[] = [];
  let start = 0;
  let low = Number.POSITIVE_INFINITY;
  for (let k = 0; k < count; k++) {
    const i = order[k] as number;
    low = Math.min(low, (values[i] as number) - (errors[i] as number));
    // Cut after k when every score so far is surely above every score after it.
    if (k + 1 < count && !(low > (suffixHigh[k + 1] as number))) continue;
    resolveCluster(method, candidates, order.slice(start, k + 1), errors, tieBreak, result);
    start = k + 1;
    low = Number.POSITIVE_INFINITY;
  }
  return result;
}

function resolveCluster(
  method: AdlMethod,
  candidates: readonly AdlCandidate[],
  cluster: number[],
  errors: Float64Array,
  tieBreak: (a: number, b: number) => number,
  out: number[],
): void {
  if (cluster.length > 1) {
    if (cluster.every((i) => errors[i] === 0)) {
      // Exact scores only (all 0 here, since only zero is exact): a tie, decided by the tie-break.
      cluster.sort(tieBreak);
    } else {
      const exact = new Map<number, Rational>(cluster.map((i) => [i, adlScore(method, candidates[i] as AdlCandidate)]));
      cluster.sort((a, b) => (exact.get(b) as Rational).cmp(exact.get(a) as Rational) || tieBreak(a, b));
    }
  }
  for (const i of cluster) out.push(i);
}
