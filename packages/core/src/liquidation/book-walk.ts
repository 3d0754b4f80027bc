/**
 * Walk an order-book snapshot with a market order: the fills, their volume-weighted price and the
 * size left unfilled. Used by the liquidation book executor (price impact) and for impact prices.
 * An optional limit price stops the walk (a liquidation order never fills beyond the bankruptcy
 * price; the rest goes to the backstop).
 */
import { ONE, divRound, type Fixed } from '../num/index.js';

export interface BookLevel {
  readonly price: Fixed;
  readonly size: Fixed;
}

export interface BookFill {
  readonly price: Fixed;
  readonly size: Fixed;
}

export interface BookWalk {
  readonly fills: readonly BookFill[];
  readonly filledSize: Fixed;
  readonly unfilledSize: Fixed;
  /** Sum of price x size at E18 (quote value for linear contracts). */
  readonly filledValue: Fixed;
  /** Volume-weighted average price, null when nothing filled. Rounded against the taker. */
  readonly averagePrice: Fixed | null;
}

/**
 * `side` is the taker's: `sell` walks the bids (best = highest first), `buy` walks the asks
 * (best = lowest first). Levels must be given best first; the function checks the order.
 */
export function walkBook(levels: readonly BookLevel[], side: 'buy' | 'sell', size: Fixed, limitPrice: Fixed | null = null): BookWalk {
  const fills: BookFill[] = [];
  let remaining = size;
  let value = 0n;
  let previous: Fixed | null = null;
  for (const level of levels) {
    if (previous !== null && (side === 'sell' ? level.price > previous : level.price < previous)) {
      throw new RangeError('condition failed: book levels must be ordered best first');
    }
    previous = level.price;
    if (remaining <= 0n) break;
    if (limitPrice !== null && (side === 'sell' ? level.price < limitPrice : level.price > limitPrice)) break;
    if (level.size <= 0n) continue;
    const take = level.size < remaining ? level.size : remaining;
    fills.push({ price: level.price, size: take });
    value += divRound(level.price * take, ONE, 'floor');
    remaining -= take;
  }
  const filledSize = size - remaining;
  const averagePrice =
    filledSize === 0n ? null : divRound(fills.reduce((sum, f) => sum + f.price * f.size, 0n), filledSize, side === 'sell' ? 'floor' : 'ceil');
  return { fills, filledSize, unfilledSize: remaining, filledValue: value, averagePrice };
}
