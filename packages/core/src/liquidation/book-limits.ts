/**
 * When the liquidation book executor may trust an order-book snapshot. A snapshot is a picture of
 * the past: one sent hours ago (or one whose prices sit far from the mark) would fill a
 * liquidation at prices nobody quotes any more. Two limits, per venue record:
 *
 * - `maxAgeMs`: the snapshot is at most this much older than the mark price the liquidation runs
 *   on (the engine reads no clock: the two times are the `book` and `prices` command times).
 * - `bandRate`: every fill lies within mark x (1 ± bandRate); a book whose best level is outside
 *   the band on the side the liquidation takes is not used at all (it disagrees with the mark),
 *   and a walk stops at the band's edge as it stops at the bankruptcy price.
 *
 * Outside them the book executor is not used: the next executor (the backstop) takes the step.
 */
import { ONE, mul, type Fixed } from '../num/index.js';

export interface BookLimits {
  readonly maxAgeMs: number;
  readonly bandRate: Fixed;
}

/** Our default (no venue publishes one: venues liquidate into their live book): 60 s and 5 %. */
export const BOOK_LIMITS_DEFAULT: BookLimits = { maxAgeMs: 60_000, bandRate: 5n * 10n ** 16n };

export type BookCheck = { readonly usable: true; readonly limitPrice: Fixed } | { readonly usable: false; readonly reason: 'book_too_old' | 'book_outside_band' | 'book_empty' };

/**
 * Whether a book may fill a liquidation `side` (the taker's: `sell` closes a long into the bids),
 * and the walk's limit: the band's edge, or the bankruptcy price when that is nearer.
 */
export function checkBook(
  limits: BookLimits,
  input: { bookTimeMs: number; priceTimeMs: number; markPrice: Fixed; side: 'buy' | 'sell'; bestPrice: Fixed | null; bankruptcyPrice: Fixed | null },
): BookCheck {
  if (input.priceTimeMs - input.bookTimeMs > limits.maxAgeMs) return { usable: false, reason: 'book_too_old' };
  if (input.bestPrice === null) return { usable: false, reason: 'book_empty' };
  // The edges rounded inward: a fill never lies outside the stated band.
  const low = mul(input.markPrice, ONE - limits.bandRate, 'ceil');
  const high = mul(input.markPrice, ONE + limits.bandRate, 'floor');
  if (input.bestPrice < low || input.bestPrice > high) return { usable: false, reason: 'book_outside_band' };
  const bankruptcy = input.bankruptcyPrice;
  if (input.side === 'sell') return { usable: true, limitPrice: bankruptcy !== null && bankruptcy > low ? bankruptcy : low };
  return { usable: true, limitPrice: bankruptcy !== null && bankruptcy < high ? bankruptcy : high };
}
