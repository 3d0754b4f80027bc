/**
 * The engine's option book (ADR 0022): option markets and option positions, kept beside the
 * futures state rather than in `state.markets` / `account.positions`, whose scan rows, tiers,
 * notionals and ADL queues are futures concepts. Created on first use, so a state that never saw
 * an option keeps its snapshot text and hash.
 *
 * Option positions are always in the cross pool of their settle asset (venues margin options
 * cross only); one net position per (account, symbol), signed contracts.
 */
import type { Fixed, OptionInstrument } from '@margin/core';
import type { EngineState } from './types.js';

export interface OptionMarket {
  readonly instrument: OptionInstrument;
  /** Pinned margin snapshot id, or null to pick by date. */
  readonly marginSnapshot: string | null;
  /** Mark per coin in the premium unit (quote, or coin for inverse), on the tick; null until priced. */
  markPrice: Fixed | null;
  /** Mark IV when the mark comes from it (re-priced on each underlying price), else null. */
  markIv: Fixed | null;
  priceTimeMs: number | null;
  /** Settlement price (quote per coin) once settled; no trading after that. */
  settlementPrice: Fixed | null;
  /** Definition order (snapshots write markets in it). */
  readonly order: number;
  /** `index`: written on the underlying future's index price (option-underlying.ts); absent: on its mark. */
  readonly underlyingPrice?: 'index';
}

export interface OptionPosition {
  readonly accountId: string;
  readonly symbol: string;
  /** Signed contracts: + long, - short; never 0 while it exists. */
  size: Fixed;
  /** Average premium per coin paid (long) or received (short). */
  entryPrice: Fixed;
}

export interface OptionBookState {
  readonly markets: Map<string, OptionMarket>;
  /** account id -> symbol -> position. */
  readonly positions: Map<string, Map<string, OptionPosition>>;
}

export function optionBookOf(state: EngineState): OptionBookState | null {
  return state.options ?? null;
}

export function ensureOptionBook(state: EngineState): OptionBookState {
  state.options ??= { markets: new Map(), positions: new Map() };
  return state.options;
}

export function optionMarket(state: EngineState, symbol: string): OptionMarket | null {
  return optionBookOf(state)?.markets.get(symbol) ?? null;
}

/** The account's option positions settled in `asset`, by symbol. */
/** Whether the account holds options settled in `asset` (the portfolio filters send such pools elsewhere; no allocation). */
export function holdsOptions(state: EngineState, accountId: string, asset: string): boolean {
  const book = optionBookOf(state);
  const held = book?.positions.get(accountId);
  if (book === null || held === undefined || held.size === 0) return false;
  for (const position of held.values()) if (book.markets.get(position.symbol)?.instrument.settle === asset) return true;
  return false;
}

export function optionPositionsOf(state: EngineState, accountId: string, asset: string): OptionPosition[] {
  const book = optionBookOf(state);
  const held = book?.positions.get(accountId);
  if (book === null || held === undefined) return [];
  const out: OptionPosition[] = [];
  for (const position of held.values()) {
    if (book.markets.get(position.symbol)?.instrument.settle === asset) out.push(position);
  }
  return out.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** Set (or remove, with size 0) one position. */
export function setOptionPosition(state: EngineState, accountId: string, symbol: string, size: Fixed, entryPrice: Fixed): void {
  const book = ensureOptionBook(state);
  let held = book.positions.get(accountId);
  // Options entering or leaving make the account's cross pools' plain flag unknown (state/pool-plain.ts).
  if (size === 0n || held?.get(symbol) === undefined) forgetCrossPlain(state, accountId);
  if (size === 0n) {
    held?.delete(symbol);
    if (held !== undefined && held.size === 0) book.positions.delete(accountId);
    return;
  }
  if (held === undefined) book.positions.set(accountId, (held = new Map()));
  const position = held.get(symbol);
  if (position === undefined) held.set(symbol, { accountId, symbol, size, entryPrice });
  else {
    position.size = size;
    position.entryPrice = entryPrice;
  }
}

function forgetCrossPlain(state: EngineState, accountId: string): void {
  const account = state.accounts.get(accountId);
  if (account !== undefined) for (const pool of account.crossPools.values()) state.scan.setPlain(pool, 0);
}

/** Every (account, position) of one option symbol, accounts in id order. */
export function holdersOf(state: EngineState, symbol: string): OptionPosition[] {
  const book = optionBookOf(state);
  if (book === null) return [];
  const out: OptionPosition[] = [];
  for (const held of book.positions.values()) {
    const position = held.get(symbol);
    if (position !== undefined) out.push(position);
  }
  return out.sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
}
