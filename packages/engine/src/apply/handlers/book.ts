/**
 * `book`: an order-book snapshot of a symbol, kept for the liquidation book executor. It replaces
 * the previous snapshot; liquidation fills consume its levels until the next one arrives.
 */
import { formatFixed, type BookLevel, type Fixed } from '@margin/core';
import type { BookCommand } from '../../commands/schema.js';
import type { EngineState } from '../../state/types.js';
import { isMultiple } from '../checks.js';
import type { Sink } from '../../events/sink.js';
import { isoTime } from './market.js';

function levelsOf(pairs: readonly (readonly [Fixed, Fixed])[]): BookLevel[] {
  return pairs.map(([price, size]) => ({ price, size }));
}

/** Strictly better first: bids descending, asks ascending. */
function ordered(levels: readonly BookLevel[], descending: boolean): boolean {
  for (let i = 1; i < levels.length; i++) {
    const previous = (levels[i - 1] as BookLevel).price;
    const price = (levels[i] as BookLevel).price;
    if (descending ? price >= previous : price <= previous) return false;
  }
  return true;
}

export function applyBook(state: EngineState, command: BookCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const market = state.markets.get(command.symbol);
  if (market === undefined) return reject('instrument_not_found', `unknown symbol "${command.symbol}"`);
  if (market.settlementPrice !== null) return reject('instrument_expired');
  if (market.book !== null && command.time < market.book.timeMs) return reject('book_stale', `${command.symbol} last book is at ${isoTime(market.book.timeMs)}`);
  const bids = levelsOf(command.bids);
  const asks = levelsOf(command.asks);
  const { tickSize, lotSize } = market.instrument;
  for (const [side, levels] of [['bids', bids], ['asks', asks]] as const) {
    for (const [i, level] of levels.entries()) {
      if (!isMultiple(level.price, tickSize)) return reject('price_not_multiple_of_tick', `${side}[${i}] price ${formatFixed(level.price)}`);
      if (!isMultiple(level.size, lotSize)) return reject('size_not_multiple_of_lot', `${side}[${i}] size ${formatFixed(level.size)}`);
    }
  }
  if (!ordered(bids, true) || !ordered(asks, false)) return reject('book_levels_not_ordered');
  const bestBid = bids[0];
  const bestAsk = asks[0];
  if (bestBid !== undefined && bestAsk !== undefined && bestBid.price >= bestAsk.price) return reject('book_crossed');
  market.book = { bids, asks, timeMs: command.time };
  out.emit({
    type: 'bookUpdated',
    symbol: command.symbol,
    bids: String(bids.length),
    asks: String(asks.length),
    bestBid: bestBid === undefined ? null : formatFixed(bestBid.price),
    bestAsk: bestAsk === undefined ? null : formatFixed(bestAsk.price),
    time: isoTime(command.time),
  });
}
