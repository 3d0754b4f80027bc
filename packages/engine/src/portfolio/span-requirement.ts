/**
 * The SPAN requirement of an account's cross positions in one settle asset (ADR 0035): each
 * position becomes the SPAN portfolio position its symbol maps to (quantity = engine size x ratio,
 * exact, then float as `margin span` reads a decimal quantity), in position-key order, and core's
 * `computeSpan` runs on the account's set with the account's class. `margin span --json` on the
 * same contracts and quantities gives the same figures (a test checks it). The requirement does
 * not move with the engine's marks: the arrays are the file's, valued at its settlement prices,
 * as a clearing house margins between two parameter files; a new file is a new `spanParameters`.
 */
import { computeSpan, fixedToNumber, invariant, mul, ONE, type AccountClass, type SpanResult } from '@margin/core';
import type { EngineState } from '../state/types.js';
import type { SpanSet } from '../state/span-book.js';
import type { HeldPosition } from './portfolio-position.js';

export interface SpanPositionLine {
  readonly key: string;
  readonly symbol: string;
  readonly contract: string;
  /** SPAN contracts (signed), the figure the scenario maths reads. */
  readonly quantity: number;
}

export interface SpanRequirement {
  readonly set: string;
  readonly accountClass: AccountClass;
  readonly positions: readonly SpanPositionLine[];
  readonly result: SpanResult;
}

/** The SPAN positions of `positions` (every symbol must be mapped; checked when trades enter). */
export function spanPositionsOf(set: SpanSet, positions: readonly HeldPosition[]): SpanPositionLine[] {
  const sorted = [...positions].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sorted.map((position) => {
    const mapped = set.symbols.get(position.symbol);
    invariant(mapped !== undefined, `SPAN set ${set.id} maps ${position.symbol}`);
    // Below 1e-18 of a SPAN contract, rounded away from zero (more quantity, more risk).
    const quantity = fixedToNumber(mapped.ratio === ONE ? position.size : mul(position.size, mapped.ratio, position.size > 0n ? 'ceil' : 'floor'));
    return { key: position.key, symbol: position.symbol, contract: mapped.contract, quantity };
  });
}

/** The SPAN requirement of `positions` (cross, one settle asset) on `set` for `accountClass`. */
export function spanRequirement(_state: EngineState, set: SpanSet, accountClass: AccountClass, positions: readonly HeldPosition[]): SpanRequirement {
  const lines = spanPositionsOf(set, positions).filter((line) => line.quantity !== 0);
  const result = computeSpan(set.params, { accountClass, positions: lines.map((line) => ({ contract: line.contract, quantity: line.quantity })) });
  return { set: set.id, accountClass, positions: lines, result };
}
