/**
 * Medians and weighted averages of kernel values. These produce reference prices (index, mark
 * components), which belong to neither side of a trade, so the one division each makes rounds
 * half-even at 18 digits; money derived from them is rounded against the account later.
 */
import type { Fixed } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { invariant } from '../errors.js';

function sorted(values: readonly Fixed[]): Fixed[] {
  return [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Median; for an even count the mean of the two middle values. */
export function median(values: readonly Fixed[]): Fixed {
  invariant(values.length > 0, 'median of at least one value');
  const ordered = sorted(values);
  const middle = Math.floor(ordered.length / 2);
  const upper = ordered[middle] ?? 0n;
  if (ordered.length % 2 === 1) return upper;
  const lower = ordered[middle - 1] ?? 0n;
  return divRound(lower + upper, 2n, 'halfEven');
}

export interface Weighted {
  readonly value: Fixed;
  readonly weight: Fixed;
}

/** sum(w x v) / sum(w), weights > 0. */
export function weightedMean(items: readonly Weighted[]): Fixed {
  let weightSum = 0n;
  let product = 0n;
  for (const item of items) {
    invariant(item.weight > 0n, 'weights are positive');
    weightSum += item.weight;
    product += item.value * item.weight;
  }
  invariant(weightSum > 0n, 'weighted mean of at least one item');
  return divRound(product, weightSum, 'halfEven');
}

/**
 * Weighted median: the smallest value whose cumulative weight reaches half the total; when the
 * cumulative weight lands exactly on half, the mean of that value and the next one.
 */
export function weightedMedian(items: readonly Weighted[]): Fixed {
  invariant(items.length > 0, 'weighted median of at least one item');
  const ordered = [...items].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const total = ordered.reduce((sum, item) => sum + item.weight, 0n);
  let cumulative = 0n;
  for (let i = 0; i < ordered.length; i++) {
    const item = ordered[i];
    if (item === undefined) break;
    cumulative += item.weight;
    if (2n * cumulative === total) {
      const next = ordered[i + 1];
      return next === undefined ? item.value : divRound(item.value + next.value, 2n, 'halfEven');
    }
    if (2n * cumulative > total) return item.value;
  }
  return ordered[ordered.length - 1]?.value ?? 0n;
}

/** Clamp `value` into [low, high]; low <= high. */
export function clamp(value: Fixed, low: Fixed, high: Fixed): Fixed {
  invariant(low <= high, 'clamp bounds are ordered');
  return value < low ? low : value > high ? high : value;
}
