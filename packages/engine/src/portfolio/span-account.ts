/**
 * Accounts in SPAN margin (ADR 0035; options ADR 0041): `portfolioModel` is `span`, the span book names the account's
 * parameter set and class. The requirement enters where every portfolio requirement does
 * (portfolio-account.ts `accountRequirement`: pre-trade checks, withdrawals, margin calls,
 * liquidation, preview, the risk report's breakdown); this file computes it. The scan's float
 * filter of SPAN pools is span-scan.ts (the requirement kept per pool, equity estimated).
 */
import { portfolioVenue, type AccountClass, type SpanVenue } from '@margin/core';
import type { Account, EngineState } from '../state/types.js';
import { ensureSpanBook, spanAccountOf, spanBookOf, type SpanAccount, type SpanSet } from '../state/span-book.js';
import { optionBookOf, optionMarket } from '../state/option-book.js';
import type { HeldOption } from './portfolio-options.js';
import type { HeldPosition } from './portfolio-position.js';
import type { PortfolioRequirement } from './portfolio-requirement.js';
import { spanSymbolRefusal } from './span-model.js';
import type { SpanRequirement } from './span-requirement.js';
import { spanEngineFigures, spanRequirementWithOptions } from './span-options.js';

/** The model name of an account in SPAN margin. */
export const SPAN_MODEL = 'span';

export function isSpanAccount(account: Account): boolean {
  return account.portfolioModel === SPAN_MODEL;
}

/**
 * The SPAN requirement of the account's cross positions and options in one settle asset: core's
 * figures plus the net option value where equity counts the options (span-options.ts, ADR 0041).
 */
export function spanAccountRequirement(state: EngineState, account: Account, positions: readonly HeldPosition[], options: readonly HeldOption[]): PortfolioRequirement {
  const held = spanAccountOf(state, account.id);
  if (held === null) throw new RangeError(`condition failed: account ${account.id} in SPAN margin has a parameter set`);
  let nowMs = 0;
  for (const position of positions) {
    const time = state.markets.get(position.symbol)?.priceTimeMs ?? null;
    if (time !== null && time > nowMs) nowMs = time;
  }
  for (const option of options) {
    const time = optionMarket(state, option.symbol)?.priceTimeMs ?? null;
    if (time !== null && time > nowMs) nowMs = time;
  }
  const span = cachedSpanRequirement(state, account.id, held.set, held.accountClass, positions, options);
  const figures = spanEngineFigures(state, span.result);
  return { model: SPAN_MODEL, nowMs, initial: figures.initial, maintenance: figures.maintenance, groups: [], span };
}

/**
 * The SPAN requirement does not depend on marks, only on the set, the class and the positions, so
 * the last one of each (account, positions and options) is kept: a price review of an unchanged SPAN pool reads
 * it instead of running computeSpan again. The key is the exact positions (key, symbol, size), so
 * a what-if or a fill simply misses; one entry per account and settle asset (the latest).
 */
const SPAN_CACHE = new WeakMap<EngineState, Map<string, { readonly set: SpanSet; readonly accountClass: AccountClass; readonly fingerprint: string; readonly value: SpanRequirement }>>();

function cachedSpanRequirement(state: EngineState, accountId: string, set: SpanSet, accountClass: AccountClass, positions: readonly HeldPosition[], options: readonly HeldOption[]): SpanRequirement {
  let cache = SPAN_CACHE.get(state);
  if (cache === undefined) SPAN_CACHE.set(state, (cache = new Map()));
  let fingerprint = '';
  let asset = '';
  for (const p of positions) {
    fingerprint += `${p.key}\u0000${p.symbol}\u0000${p.size}\u0001`;
    if (asset === '') asset = state.markets.get(p.symbol)?.instrument.settle ?? '';
  }
  for (const o of options) {
    fingerprint += `option\u0000${o.symbol}\u0000${o.size}\u0001`;
    if (asset === '') asset = optionMarket(state, o.symbol)?.instrument.settle ?? '';
  }
  const slot = `${accountId}\u0000${asset}`;
  const hit = cache.get(slot);
  if (hit !== undefined && hit.set === set && hit.accountClass === accountClass && hit.fingerprint === fingerprint) return hit.value;
  const value = spanRequirementWithOptions(state, set, accountClass, positions, options);
  cache.set(slot, { set, accountClass, fingerprint, value });
  return value;
}

/** Why the SPAN account cannot hold `symbol`; null when it can. */
export function spanAccountRefusal(state: EngineState, account: Account, symbol: string): string | null {
  const held = spanAccountOf(state, account.id);
  if (held === null) throw new RangeError(`condition failed: account ${account.id} in SPAN margin has a parameter set`);
  return spanSymbolRefusal(state, held.set, symbol);
}

/**
 * Install the scan's filter for SPAN pools (idempotent): a SPAN account's cross pool is always
 * confirmed exactly. A fallback: span-scan.ts's float filter, reached first through the portfolio
 * filter (portfolio-vectors.ts `flag`), decides SPAN pools wherever one is installed.
 */
export function confirmSpanPoolsExactly(state: EngineState): void {
  state.scan.setPoolFilter((pool) => {
    const owner = state.scan.owner(pool);
    if (owner.positionKey !== null) return null;
    return spanBookOf(state)?.accounts.has(owner.accountId) === true ? true : null;
  }, 'span');
}

/** The set and class a `setPortfolioMargin {model: "span"}` names, or why it cannot (no set, or not loaded). */
export function spanChoiceOf(
  state: EngineState,
  command: { readonly parameterSet?: string | undefined; readonly accountClass?: AccountClass | undefined },
): { readonly set: SpanSet; readonly accountClass: AccountClass } | { readonly refusal: string } {
  const book = spanBookOf(state);
  const loaded = book === null ? [] : [...book.sets.keys()];
  if (command.parameterSet === undefined) return { refusal: `parameterSet: is required for model "span" (loaded: ${loaded.join(', ') || 'none; load one with spanParameters'})` };
  const set = book?.sets.get(command.parameterSet);
  if (set === undefined) return { refusal: `parameterSet: "${command.parameterSet}" is not loaded (loaded: ${loaded.join(', ') || 'none; load one with spanParameters'})` };
  return { set, accountClass: command.accountClass ?? (portfolioVenue(SPAN_MODEL) as SpanVenue).defaultAccountClass };
}

/** Why `set` cannot hold the account's positions, orders and options as they stand; null when it can. */
export function spanCannotHold(state: EngineState, set: SpanSet, account: Account): string | null {
  const symbols = new Set<string>([...account.positions.values()].map((p) => p.symbol));
  for (const order of account.orders.values()) symbols.add(order.symbol);
  for (const symbol of optionBookOf(state)?.positions.get(account.id)?.keys() ?? []) symbols.add(symbol);
  for (const symbol of [...symbols].sort()) {
    const refusal = spanSymbolRefusal(state, set, symbol);
    if (refusal !== null) return refusal;
  }
  return null;
}

/** Put the account on `choice` (null: off SPAN); returns what it was on, for `restoreSpanAccount`. */
export function swapSpanAccount(state: EngineState, accountId: string, choice: { readonly set: SpanSet; readonly accountClass: AccountClass } | null): SpanAccount | null {
  const book = spanBookOf(state);
  const previous = book?.accounts.get(accountId) ?? null;
  if (choice === null) book?.accounts.delete(accountId);
  else ensureSpanBook(state).accounts.set(accountId, { set: choice.set.id, accountClass: choice.accountClass });
  return previous;
}

export function restoreSpanAccount(state: EngineState, accountId: string, previous: SpanAccount | null): void {
  if (previous === null) spanBookOf(state)?.accounts.delete(accountId);
  else ensureSpanBook(state).accounts.set(accountId, previous);
}
