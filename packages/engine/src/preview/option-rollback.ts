/**
 * The option book under `preview` (ADR 0022): a copy is taken before the commands run and put back
 * into the same maps afterwards, so the state is left exactly as it was. The cost is one copy of
 * the option book per preview (markets and positions; small objects), stated in docs/options.md.
 */
import type { EngineState } from '../state/types.js';
import type { OptionBookState, OptionMarket, OptionPosition } from '../state/option-book.js';

export interface OptionBookMemento {
  readonly book: OptionBookState | undefined;
  readonly markets: [string, OptionMarket, OptionMarket][];
  readonly positions: [string, [string, OptionPosition, OptionPosition][]][];
}

export function saveOptionBook(state: EngineState): OptionBookMemento {
  const book = state.options;
  if (book === undefined) return { book, markets: [], positions: [] };
  return {
    book,
    markets: [...book.markets].map(([symbol, market]) => [symbol, market, { ...market }]),
    positions: [...book.positions].map(([id, held]) => [id, [...held].map(([symbol, position]) => [symbol, position, { ...position }])]),
  };
}

export function restoreOptionBook(state: EngineState, saved: OptionBookMemento): void {
  const book = saved.book;
  if (book === undefined) {
    delete state.options;
    return;
  }
  state.options = book;
  book.markets.clear();
  for (const [symbol, market, fields] of saved.markets) book.markets.set(symbol, Object.assign(market, fields));
  book.positions.clear();
  for (const [id, held] of saved.positions) {
    book.positions.set(id, new Map(held.map(([symbol, position, fields]) => [symbol, Object.assign(position, fields)])));
  }
}
