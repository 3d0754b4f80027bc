/** Command builders: plain JSON commands from the named fixtures (an `id` only when given). */
import type { FundingJson } from './accounts.js';
import type { BookJson } from './books.js';
import type { InstrumentJson } from './instruments.js';

type Json = Record<string, unknown>;
const withId = (id: string | undefined): Json => (id === undefined ? {} : { id });

/** `{ type: 'instrument', id?, instrument }`. */
export const instrumentCommand = (instrument: InstrumentJson, id?: string): Json => ({ type: 'instrument', ...withId(id), instrument });

/** `{ type: 'deposit', id?, account, asset, amount }`. */
export const depositCommand = (funding: FundingJson, id?: string): Json => ({ type: 'deposit', ...withId(id), ...funding });

/** `{ type: 'book', symbol, bids, asks, time }`. */
export const bookCommand = (symbol: string, book: BookJson, time: string): Json => ({ type: 'book', symbol, ...book, time });
