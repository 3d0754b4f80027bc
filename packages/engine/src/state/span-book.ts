/**
 * SPAN parameter sets held by the engine (ADR 0035, docs/portfolio-margin.md "SPAN accounts in the
 * engine"): each set is the parsed risk parameter file (core's parsers, run on the journaled
 * content, so a replay loads the same arrays), its content text and digest (snapshots write the
 * text and parse it again), and the explicit map from engine symbols to SPAN contracts. Accounts
 * in SPAN margin name their set and account class here; their `portfolioModel` is `span`.
 * Created on the first `spanParameters`, so a state that never saw one keeps its snapshot text.
 */
import type { AccountClass, Fixed, SpanContract, SpanParams } from '@margin/core';
import type { EngineState } from './types.js';

export type SpanFormat = 'pa2' | 'spn' | 'json';

/** One engine symbol's SPAN contract: SPAN quantity = engine size x ratio. */
export interface SpanSymbol {
  readonly contract: string;
  readonly ratio: Fixed;
}

export interface SpanSet {
  readonly id: string;
  readonly format: SpanFormat;
  readonly content: string;
  /** SHA-256 of `content`, hex. */
  readonly digest: string;
  readonly params: SpanParams;
  /** Contract id -> contract. */
  readonly contracts: ReadonlyMap<string, SpanContract>;
  /** Engine symbol -> SPAN contract, in the command's order. */
  readonly symbols: ReadonlyMap<string, SpanSymbol>;
}

export interface SpanAccount {
  readonly set: string;
  readonly accountClass: AccountClass;
}

export interface SpanBook {
  /** Set id -> set, in load order (a replaced set keeps its place). */
  readonly sets: Map<string, SpanSet>;
  /** Account id -> its SPAN set and class, while the account's model is `span`. */
  readonly accounts: Map<string, SpanAccount>;
}

export function spanBookOf(state: EngineState): SpanBook | null {
  return state.span ?? null;
}

export function ensureSpanBook(state: EngineState): SpanBook {
  state.span ??= { sets: new Map(), accounts: new Map() };
  return state.span;
}

/** The account's SPAN set and class; null when the account is not in SPAN margin. */
export function spanAccountOf(state: EngineState, accountId: string): { readonly set: SpanSet; readonly accountClass: AccountClass } | null {
  const book = state.span;
  if (book === undefined) return null;
  const held = book.accounts.get(accountId);
  if (held === undefined) return null;
  const set = book.sets.get(held.set);
  if (set === undefined) throw new RangeError(`condition failed: SPAN set ${held.set} of account ${accountId} is loaded`);
  return { set, accountClass: held.accountClass };
}

/** Account ids on the set, sorted. */
export function accountsOnSet(book: SpanBook, setId: string): string[] {
  const ids: string[] = [];
  for (const [account, held] of book.accounts) if (held.set === setId) ids.push(account);
  return ids.sort();
}
