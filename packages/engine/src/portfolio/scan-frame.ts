/**
 * The frame the portfolio float filters share (components-scan.ts for okx-pm, grid-scan.ts for
 * deribit-pm; docs/portfolio-margin.md, "Scan of portfolio accounts"): risk arrays as rows of a
 * flat Float64Array (instrument x lanes), scenario vectors as rows of another (account x lanes),
 * and the three moves on them: an account's vector as the sum of quantity x its rows (rebuild), a
 * row's change kept as new - old (re-price), and that change carried into a holder's vector. Each
 * loop runs in lane order, so every kernel's floats (and bound) are the same whichever calls it.
 */
import type { PricedPosition } from '@margin/core';

/** One contract of `priced` (a risk array is the P&L of one contract). */
export function oneContract(priced: PricedPosition): PricedPosition {
  return { ...priced, position: { ...priced.position, quantity: 1 } };
}

/**
 * Add q x the row at `row` of `array` into the lanes at `at` of `vector`; returns the largest
 * |term| (what the rebuild counts in the account's magnitude).
 */
export function addScaledRow(vector: Float64Array, at: number, array: Float64Array, row: number, lanes: number, q: number): number {
  let largest = 0;
  for (let s = 0; s < lanes; s++) {
    const term = q * (array[row + s] as number);
    vector[at + s] = (vector[at + s] as number) + term;
    const abs = term < 0 ? -term : term;
    if (abs > largest) largest = abs;
  }
  return largest;
}

/** vector[at + s] += q x diff[row + s] over the lanes (the per-holder step of a price update). */
export function carryRow(vector: Float64Array, at: number, diff: Float64Array, row: number, lanes: number, q: number): void {
  for (let s = 0; s < lanes; s++) vector[at + s] = (vector[at + s] as number) + q * (diff[row + s] as number);
}

/** Before a row is re-priced: its diff lanes = -old; returns the sum of |old| lanes. */
export function startRowDiff(array: Float64Array, rowDiff: Float64Array, row: number, lanes: number): number {
  let magnitude = 0;
  for (let s = 0; s < lanes; s++) {
    rowDiff[row + s] = -(array[row + s] as number);
    magnitude += Math.abs(array[row + s] as number);
  }
  return magnitude;
}

/** After: its diff lanes += new; returns `magnitude` plus the |new| lanes, added in lane order. */
export function finishRowDiff(array: Float64Array, rowDiff: Float64Array, row: number, lanes: number, magnitude: number): number {
  let sum = magnitude;
  for (let s = 0; s < lanes; s++) {
    const now = array[row + s] as number;
    rowDiff[row + s] = (rowDiff[row + s] as number) + now;
    sum += Math.abs(now);
  }
  return sum;
}

/** `rows` with room for `length` values (grown by doubling; contents kept). */
export function grownRows(rows: Float64Array<ArrayBuffer>, length: number): Float64Array<ArrayBuffer> {
  if (rows.length >= length) return rows;
  const next = new Float64Array(Math.max(length, rows.length * 2));
  next.set(rows);
  return next;
}
