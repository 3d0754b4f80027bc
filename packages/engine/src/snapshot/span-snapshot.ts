/**
 * The SPAN book in snapshots (ADR 0035): written as `span` only when the state has one, so other
 * snapshots keep their text and hash. Each set is written as its format, content text and symbol
 * map (the arrays are parsed again on restore by the same parser, so the restored set is the
 * loaded one); accounts by id with their set and class.
 */
import { z } from 'zod';
import { decimal, formatFixed, InputError, oneOf, parseWithSchema, record, text } from '@margin/core';
import type { EngineState } from '../state/types.js';
import { ensureSpanBook } from '../state/span-book.js';
import { spanSetOf } from '../portfolio/span-model.js';
import { confirmSpanPoolsExactly, SPAN_MODEL } from '../portfolio/span-account.js';

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function spanSnapshotJson(state: EngineState): unknown {
  const book = state.span;
  if (book === undefined) return undefined;
  return {
    sets: [...book.sets.values()].map((set) => ({
      id: set.id,
      format: set.format,
      content: set.content,
      symbols: [...set.symbols].map(([symbol, s]) => ({ symbol, contract: s.contract, ratio: formatFixed(s.ratio) })),
    })),
    accounts: [...book.accounts].sort(([a], [b]) => byText(a, b)).map(([account, held]) => ({ account, set: held.set, accountClass: held.accountClass })),
  };
}

const spanSchema = record({
  sets: z.array(record({ id: text(), format: oneOf(['pa2', 'spn', 'json']), content: text(), symbols: z.array(record({ symbol: text(), contract: text(), ratio: decimal('positive') })) })),
  accounts: z.array(record({ account: text(), set: text(), accountClass: oneOf(['member', 'hedger', 'speculator']) })),
});

/** Restore the book (after the accounts): every set must parse, every account be in SPAN margin on a loaded set, and every SPAN account be listed. */
export function restoreSpan(state: EngineState, json: unknown): void {
  if (json !== undefined) {
    const { value } = parseWithSchema(spanSchema, json, ['snapshot', 'span']);
    const book = ensureSpanBook(state);
    value.sets.forEach((input, i) => {
      const set = spanSetOf({ set: input.id, format: input.format, content: input.content, symbols: input.symbols });
      if ('refusal' in set) throw new InputError(['snapshot', 'span', 'sets', i], set.refusal);
      book.sets.set(set.id, set);
    });
    value.accounts.forEach((input, i) => {
      const path = ['snapshot', 'span', 'accounts', i];
      if (!book.sets.has(input.set)) throw new InputError([...path, 'set'], `parameter set "${input.set}" is not in the snapshot`);
      if (state.accounts.get(input.account)?.portfolioModel !== SPAN_MODEL) throw new InputError([...path, 'account'], `account "${input.account}" is not in SPAN margin`);
      book.accounts.set(input.account, { set: input.set, accountClass: input.accountClass });
    });
    if (book.accounts.size > 0) confirmSpanPoolsExactly(state);
  }
  for (const account of state.accounts.values()) {
    if (account.portfolioModel === SPAN_MODEL && state.span?.accounts.has(account.id) !== true) {
      throw new InputError(['snapshot', 'accounts', account.id, 'portfolioModel'], 'is "span" but the snapshot names no parameter set for the account');
    }
  }
}
