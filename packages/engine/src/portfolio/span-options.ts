/**
 * Options in SPAN accounts (ADR 0041). An engine option market is margined as the option series
 * its `spanParameters` entry names (`PRODUCT YYYYMM C|P STRIKE`, as the file names the series),
 * SPAN quantity = engine contracts x ratio, beside the account's futures in the same `computeSpan`
 * (risk arrays of the series, short option minimum, net option value).
 *
 * Equity and requirement are not double-counted: the engine's equity counts the options at the
 * engine's marks (the option book, ADR 0022) where the venue's options rules say so
 * (`optionValueInEquity`, the default); core's SPAN figure is the requirement after the net option
 * value, max(0, risk - NOV), to be met by cash (CME: total margin = SPAN risk - NOV). The engine's
 * requirement is therefore core's figure plus NOV (at the file's prices) = max(risk, NOV):
 * cash + NOV >= max(risk, NOV)  <=>  cash >= max(0, risk - NOV) whenever the marks equal the file's
 * prices. Where the venue keeps option value out of equity, the requirement is core's figure as is.
 */
import { computeSpan, fixedToNumber, invariant, mul, ONE, venue, type AccountClass, type Fixed, type SpanResult } from '@margin/core';
import type { EngineState } from '../state/types.js';
import type { SpanSet } from '../state/span-book.js';
import type { HeldOption } from './portfolio-options.js';
import type { HeldPosition } from './portfolio-position.js';
import { spanPositionsOf, spanRequirement, type SpanPositionLine, type SpanRequirement } from './span-requirement.js';

/** The SPAN positions of the option holdings (every symbol mapped to a series; checked when trades enter), by symbol. */
export function spanOptionLinesOf(set: SpanSet, options: readonly HeldOption[]): SpanPositionLine[] {
  const sorted = [...options].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return sorted.map((option) => {
    const mapped = set.symbols.get(option.symbol);
    invariant(mapped !== undefined, `SPAN set ${set.id} maps option ${option.symbol}`);
    // Below 1e-18 of a SPAN contract, rounded away from zero (more quantity, more risk).
    const quantity = fixedToNumber(mapped.ratio === ONE ? option.size : mul(option.size, mapped.ratio, option.size > 0n ? 'ceil' : 'floor'));
    return { key: option.symbol, symbol: option.symbol, contract: mapped.contract, quantity };
  });
}

/**
 * The SPAN requirement of futures `positions` and `options` (cross, one settle asset): the futures
 * in position-key order, then the options in symbol order, in one portfolio. Without options it is
 * `spanRequirement` itself.
 */
export function spanRequirementWithOptions(state: EngineState, set: SpanSet, accountClass: AccountClass, positions: readonly HeldPosition[], options: readonly HeldOption[]): SpanRequirement {
  if (options.length === 0) return spanRequirement(state, set, accountClass, positions);
  const lines = [...spanPositionsOf(set, positions), ...spanOptionLinesOf(set, options)].filter((line) => line.quantity !== 0);
  const result = computeSpan(set.params, { accountClass, positions: lines.map((line) => ({ contract: line.contract, quantity: line.quantity })) });
  return { set: set.id, accountClass, positions: lines, result };
}

/** Whether the engine's equity counts option value (the venue's options rules; true when it has none). */
export function optionValueCountedInEquity(state: EngineState): boolean {
  return venue(state.profile.name).standardOptions?.optionValueInEquity ?? true;
}

/** What the engine adds to core's SPAN figures: the net option value at the file's prices when equity counts the options (module comment). */
export function spanOptionValueAdded(state: EngineState, result: SpanResult): Fixed {
  return optionValueCountedInEquity(state) ? result.netOptionValue : 0n;
}

/** The engine's SPAN initial and maintenance of a result (core's figures + `spanOptionValueAdded`). */
export function spanEngineFigures(state: EngineState, result: SpanResult): { readonly initial: Fixed; readonly maintenance: Fixed; readonly optionValueAdded: Fixed } {
  const added = spanOptionValueAdded(state, result);
  return { initial: result.initial + added, maintenance: result.maintenance + added, optionValueAdded: added };
}
