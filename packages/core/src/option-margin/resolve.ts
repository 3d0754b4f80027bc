/** Pick the dated snapshot in force at a valuation time; the error names what was looked for. */
import { InputError, type PathSegment } from '../errors.js';
import type { OptionInstrumentKind } from '../instrument/option-instrument.js';
import type { OptionMarginSnapshot, SizeBasedFuturesSnapshot, StandardOptionsRules } from './rules.js';

interface Dated {
  readonly id: string;
  readonly base: string | null;
  readonly effectiveFrom: string | null;
  readonly effectiveTo: string | null;
}

function inForce(snapshot: Dated, timeMs: number): boolean {
  const from = snapshot.effectiveFrom === null ? -Infinity : Date.parse(snapshot.effectiveFrom);
  const to = snapshot.effectiveTo === null ? Infinity : Date.parse(snapshot.effectiveTo);
  return from <= timeMs && timeMs < to;
}

/** The first snapshot in force for `base` (a coin-specific one before a `base: null` one). */
function pick<T extends Dated>(snapshots: readonly T[], base: string, timeMs: number, pinned: string | null): T | undefined {
  if (pinned !== null) return snapshots.find((snapshot) => snapshot.id === pinned);
  const live = snapshots.filter((snapshot) => inForce(snapshot, timeMs));
  return live.find((snapshot) => snapshot.base === base) ?? live.find((snapshot) => snapshot.base === null);
}

/**
 * The options margin snapshot for an option of `settlement` on `base` at `timeMs`; `pinned` (an id)
 * wins over the date (OKX's OTM variants are told apart this way).
 */
export function optionMarginSnapshot(
  rules: StandardOptionsRules | null,
  venueName: string,
  settlement: OptionInstrumentKind,
  base: string,
  timeMs: number,
  pinned: string | null,
  path: readonly PathSegment[],
): OptionMarginSnapshot {
  if (rules === null || rules.options.length === 0) throw new InputError(path, `venue ${venueName} has no standard options margin rules`);
  const candidates = rules.options.filter((snapshot) => snapshot.settlement === settlement);
  const found = pick(candidates, base, timeMs, pinned);
  if (found === undefined) {
    const known = candidates.map((snapshot) => snapshot.id).join(', ') || 'none';
    const what = pinned !== null ? `no ${settlement} snapshot "${pinned}"` : `no ${settlement} snapshot in force for ${base} at ${new Date(timeMs).toISOString()}`;
    throw new InputError(path, `venue ${venueName} has ${what} (snapshots: ${known})`);
  }
  return found;
}

/** The size-based futures snapshot in force, or null when the venue margins futures by tiers. */
export function sizeBasedFuturesSnapshot(rules: StandardOptionsRules | null, base: string, timeMs: number): SizeBasedFuturesSnapshot | null {
  if (rules === null) return null;
  return pick(rules.sizeBasedFutures, base, timeMs, null) ?? null;
}
