/**
 * Index price from weighted spot sources, with the reason each source was used or dropped:
 * 1. a source whose last update is older than `staleAfterMs` at the index time gets weight 0;
 *    so does a source with weight 0;
 * 2. among fresh sources, one further than `maxDeviation` from their median gets weight 0; if
 *    more than one deviates the index is that median (Binance: 5%, 10 s; index rules as archived in https://github.com/bradkyle/Qenv);
 * 3. otherwise the index is the weighted mean (Binance) or weighted median (Hyperliquid oracle,
 *    dYdX) of the remaining sources, with weights renormalised.
 * Reference prices round half-even at 18 digits (see stats.ts).
 */
import type { Fixed } from '../num/fixed.js';
import { ONE } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { formatFixed } from '../num/decimal.js';
import { InputError } from '../errors.js';
import { median, weightedMean, weightedMedian } from './stats.js';
import type { IndexMethod } from './market-profile.js';

export interface IndexSource {
  readonly name: string;
  readonly price: Fixed;
  readonly weight: Fixed;
  readonly timeMs: number;
}

export interface IndexRequest {
  readonly sources: readonly IndexSource[];
  readonly timeMs: number;
  readonly method: IndexMethod;
  readonly staleAfterMs: number | null;
  readonly maxDeviation: Fixed | null;
}

export type IndexSourceStatus = 'used' | 'dropped';

export interface IndexSourceOutcome extends IndexSource {
  readonly ageMs: number;
  readonly status: IndexSourceStatus;
  readonly reason: string;
  /** |price - median| / median of the fresh sources, or null when the source is not fresh. */
  readonly deviation: Fixed | null;
  /** Share of the index after dropping and renormalising (0 when dropped). */
  readonly effectiveWeight: Fixed;
}

export interface IndexResult {
  readonly price: Fixed;
  /** How the price was formed: the profile method, or `median-fallback` when several sources deviate. */
  readonly method: IndexMethod | 'median-fallback';
  readonly freshMedian: Fixed;
  readonly sources: readonly IndexSourceOutcome[];
}

function percentText(ratio: Fixed): string {
  // ratio x 100 with 4 decimals, for reasons only
  const scaled = divRound(ratio * 100n, 10n ** 14n, 'halfEven');
  return `${formatFixed(scaled * 10n ** 14n)}%`;
}

export function computeIndexPrice(request: IndexRequest): IndexResult {
  const staleReasons = request.sources.map((source, index) => {
    const ageMs = request.timeMs - source.timeMs;
    if (ageMs < 0) throw new InputError(['sources', index, 'time'], `is after the index time by ${-ageMs} ms`);
    if (source.weight === 0n) return 'weight 0';
    if (request.staleAfterMs !== null && ageMs > request.staleAfterMs) {
      return `stale: last update ${ageMs} ms before the index time (timeout ${request.staleAfterMs} ms)`;
    }
    return null;
  });
  const fresh = request.sources.filter((_, i) => staleReasons[i] === null);
  if (fresh.length === 0) {
    throw new InputError(['sources'], `no usable source at the index time: all ${request.sources.length} are stale or weightless`);
  }
  const freshMedian = median(fresh.map((source) => source.price));
  const deviationOf = (price: Fixed): Fixed => divRound((price > freshMedian ? price - freshMedian : freshMedian - price) * ONE, freshMedian, 'trunc');
  const deviating = new Set<IndexSource>();
  if (request.maxDeviation !== null) {
    for (const source of fresh) if (deviationOf(source.price) > request.maxDeviation) deviating.add(source);
  }
  const fallback = deviating.size > 1;
  const kept = fresh.filter((source) => !deviating.has(source));
  const keptWeight = kept.reduce((sum, source) => sum + source.weight, 0n);
  let price: Fixed;
  if (fallback) price = freshMedian;
  else {
    const items = kept.map((source) => ({ value: source.price, weight: source.weight }));
    price = request.method === 'weighted-mean' ? weightedMean(items) : weightedMedian(items);
  }
  const limit = request.maxDeviation === null ? '' : percentText(request.maxDeviation);
  const sources = request.sources.map((source, i): IndexSourceOutcome => {
    const ageMs = request.timeMs - source.timeMs;
    const staleReason = staleReasons[i] ?? null;
    if (staleReason !== null) return { ...source, ageMs, status: 'dropped', reason: staleReason, deviation: null, effectiveWeight: 0n };
    const deviation = deviationOf(source.price);
    if (deviating.has(source)) {
      const tail = fallback ? `; ${deviating.size} sources deviate, so the index is the median of the ${fresh.length} fresh sources` : '';
      return { ...source, ageMs, status: 'dropped', reason: `deviates ${percentText(deviation)} from the median (limit ${limit})${tail}`, deviation, effectiveWeight: 0n };
    }
    if (fallback) {
      return { ...source, ageMs, status: 'used', reason: `fresh; in the median (more than one source deviates)`, deviation, effectiveWeight: 0n };
    }
    const effectiveWeight = divRound(source.weight * ONE, keptWeight, 'halfEven');
    return { ...source, ageMs, status: 'used', reason: limit === '' ? 'fresh (no deviation rule)' : `fresh, within ${limit} of the median`, deviation, effectiveWeight };
  });
  return { price, method: fallback ? 'median-fallback' : request.method, freshMedian, sources };
}
