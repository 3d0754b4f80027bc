/**
 * The SPAN book under `preview` (ADR 0035): `spanParameters` loads or replaces a set and
 * `setPortfolioMargin` puts an account on a set or takes it off, both in `state.span`, which the
 * account and market mementos do not cover. A batch holding either command gets the book's two
 * maps copied before it runs and put back after; other batches copy nothing (the common what-if).
 */
import type { Command } from '../commands/schema.js';
import { portfolioModelsChanged } from '../portfolio/model-epoch.js';
import type { SpanAccount, SpanBook, SpanSet } from '../state/span-book.js';
import type { EngineState } from '../state/types.js';

export interface SpanBookMemento {
  readonly book: SpanBook | undefined;
  readonly sets: [string, SpanSet][];
  readonly accounts: [string, SpanAccount][];
}

const TOUCHES_SPAN: ReadonlySet<string> = new Set(['spanParameters', 'setPortfolioMargin']);

/** A copy of the SPAN book when a command of `commands` may change it; null otherwise. */
export function saveSpanBook(state: EngineState, commands: readonly Command[]): SpanBookMemento | null {
  if (!commands.some((command) => TOUCHES_SPAN.has(command.type))) return null;
  const book = state.span;
  return { book, sets: book === undefined ? [] : [...book.sets], accounts: book === undefined ? [] : [...book.accounts] };
}

export function restoreSpanBook(state: EngineState, saved: SpanBookMemento | null): void {
  if (saved === null) return;
  const book = saved.book;
  if (book === undefined) delete state.span;
  else {
    state.span = book;
    book.sets.clear();
    for (const [id, set] of saved.sets) book.sets.set(id, set);
    book.accounts.clear();
    for (const [id, held] of saved.accounts) book.accounts.set(id, held);
  }
  // Requirements cached for a set the preview loaded are stale: every pool is checked again once.
  portfolioModelsChanged();
}
