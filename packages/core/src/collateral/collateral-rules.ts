/**
 * A venue's multi-collateral rules as dated snapshots: which assets count as collateral and with
 * what haircut tiers, which may be borrowed (negative balances) and at what margin rates, the
 * reference currency, and how collateral is converted in a liquidation (order and discount).
 * Snapshots resolve by valuation time, like the tier snapshots (ADR 0024).
 */
import { InputError, type PathSegment } from '../errors.js';
import type { Fixed } from '../num/index.js';
import type { HaircutTable } from './haircut-tiers.js';

export interface CollateralAssetRule {
  readonly asset: string;
  readonly haircut: HaircutTable;
  /** A negative balance (a loan) is allowed. */
  readonly borrowable: boolean;
  /** Initial margin on a liability, as a rate of its reference value (0 when the venue charges none). */
  readonly borrowInitialRate: Fixed;
  /** Maintenance margin on a liability, as a rate of its reference value. */
  readonly borrowMaintenanceRate: Fixed;
  /** Largest loan in the asset's quantity; null: no limit stated. */
  readonly borrowLimit: Fixed | null;
}

/** Collateral is sold pro rata to its value, or asset by asset in a stated priority. */
export type ConversionOrder = { readonly kind: 'proportional' } | { readonly kind: 'priority'; readonly assets: readonly string[] };

export interface CollateralSnapshot {
  readonly id: string;
  /** ISO date the snapshot takes effect (UTC midnight). */
  readonly effectiveFrom: string;
  /** Currency every figure of the pool is measured in. */
  readonly reference: string;
  readonly title: string;
  readonly sources: readonly string[];
  readonly assets: readonly CollateralAssetRule[];
  readonly conversionOrder: ConversionOrder;
  /** Discount off the index a liquidation conversion sells at (0..1). */
  readonly conversionDiscount: Fixed;
  /** What the snapshot assumes where the sources are silent. */
  readonly assumptions: readonly string[];
}

export interface CollateralRules {
  /** Ascending by `effectiveFrom`. */
  readonly snapshots: readonly CollateralSnapshot[];
}

export function snapshotStartMs(snapshot: CollateralSnapshot): number {
  return Date.parse(`${snapshot.effectiveFrom}T00:00:00Z`);
}

/**
 * The snapshot in force at `timeMs` (the latest one when no time is given), or the one named `id`.
 * The error names the field and the snapshots there are.
 */
export function resolveCollateralSnapshot(
  rules: CollateralRules,
  venueName: string,
  choice: { readonly id?: string; readonly timeMs?: number | null },
  path: readonly PathSegment[],
): CollateralSnapshot {
  const ids = rules.snapshots.map((s) => s.id).join(', ');
  if (choice.id !== undefined) {
    const named = rules.snapshots.find((s) => s.id === choice.id);
    if (named === undefined) throw new InputError([...path, 'snapshot'], `unknown collateral snapshot "${choice.id}" for venue ${venueName} (known: ${ids})`);
    return named;
  }
  const timeMs = choice.timeMs ?? null;
  const inForce = timeMs === null ? rules.snapshots : rules.snapshots.filter((s) => snapshotStartMs(s) <= timeMs);
  const latest = inForce[inForce.length - 1];
  if (latest === undefined) throw new InputError(['time'], `is before the first collateral snapshot of venue ${venueName} (known: ${ids})`);
  return latest;
}

/** The rule of `asset` in `snapshot`; the error names the field, the venue snapshot and its assets. */
export function collateralAssetRule(snapshot: CollateralSnapshot, asset: string, path: readonly PathSegment[]): CollateralAssetRule {
  const rule = snapshot.assets.find((a) => a.asset === asset);
  if (rule === undefined) {
    throw new InputError(path, `unknown collateral asset "${asset}" in snapshot ${snapshot.id} (collateral there: ${snapshot.assets.map((a) => a.asset).join(', ')})`);
  }
  return rule;
}
