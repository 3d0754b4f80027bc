/**
 * Risk tiers (Binance "leverage brackets", Bybit "risk limits", Hyperliquid "margin tiers").
 *
 * A tier applies to a position whose notional (settle asset) is at least its `notionalFloor`
 * (floors are inclusive; the last tier whose floor is <= notional is chosen). Maintenance margin
 * is `notional x maintenanceRate - maintenanceAmount`; the amounts follow the recursion
 * `amount_n = floor_n x (rate_n - rate_n-1) + amount_n-1` with `amount_0 = 0`, which makes the
 * maintenance margin continuous in notional (the "tax bracket" rule: moving into a higher tier
 * does not re-price the lower slice). Initial margin at most leverage is `notional / maxLeverage`.
 *
 * Invariants checked by `buildTierTable` (first bad row named): floors strictly increasing from 0,
 * rates in [0, 1] and non-decreasing, max leverage > 0 and non-increasing, maintenance rate at
 * most the initial rate 1 / maxLeverage, amounts equal to the recursion.
 *
 * The `step` rule (OKX, BitMEX risk limits; ADR 0018) prices the WHOLE position at the rate of the
 * tier it falls in: every amount is 0, so maintenance jumps at each floor. Step venues publish
 * caps ("up to 300 XBT"), so a step tier covers (previous floor, next floor]: a notional exactly
 * at a floor still belongs to the tier below. Requirements stay monotone in size (rates and
 * initial rates never decrease), but not continuous; the price solver walks from the mark to the
 * first crossing (liquidation/step-price-solver.ts).
 */
import { ONE, mul, div, type Fixed } from '../num/fixed.js';
import { formatFixed } from '../num/decimal.js';
import { InputError, type PathSegment } from '../errors.js';

export interface Tier {
  readonly notionalFloor: Fixed;
  readonly maintenanceRate: Fixed;
  readonly maintenanceAmount: Fixed;
  readonly maxLeverage: Fixed;
  /** 1 / maxLeverage, rounded up (requirement). */
  readonly initialRate: Fixed;
  /** Present (true) only in `step` tables: whole-position rate, floors exclusive (see above). */
  readonly step?: true;
  /** Present only in tables measured in contracts (OKX position tiers): `notionalFloor` is then a size. */
  readonly basis?: 'quantity';
}

/** What the floors measure: the position's notional (default) or its size in contracts (OKX). */
export type TierBasis = 'notional' | 'quantity';

/** `cumulative`: the tax-bracket recursion (default). `step`: whole-position rates, amounts 0. */
export type TierRule = 'cumulative' | 'step';

export type TierTable = readonly Tier[];

export interface TierRow {
  readonly notionalFloor: Fixed;
  readonly maintenanceRate: Fixed;
  /** Omitted: derived by the recursion. */
  readonly maintenanceAmount?: Fixed | undefined;
  readonly maxLeverage: Fixed;
}

/** Maximum tiers in one table. */
export const TIERS_MAX = 64;

/**
 * Validate rows and derive what is missing. Throws `InputError` naming the first bad row
 * (`basePath` is where the table sits in the caller's input, e.g. `['instruments', 0, 'tiers']`).
 */
export function buildTierTable(
  rows: readonly TierRow[],
  basePath: readonly PathSegment[],
  rule: TierRule = 'cumulative',
  basis: TierBasis = 'notional',
): TierTable {
  const step = rule === 'step';
  if (rows.length === 0) throw new InputError(basePath, 'must have at least one tier');
  if (rows.length > TIERS_MAX) throw new InputError(basePath, `must have at most ${TIERS_MAX} tiers`);
  const tiers: Tier[] = [];
  let previous: Tier | null = null;
  rows.forEach((row, index) => {
    const at = (field: string): PathSegment[] => [...basePath, index, field];
    if (previous === null && row.notionalFloor !== 0n) {
      throw new InputError(at('notionalFloor'), `first tier must start at 0, got "${formatFixed(row.notionalFloor)}"`);
    }
    if (previous !== null && row.notionalFloor <= previous.notionalFloor) {
      throw new InputError(
        at('notionalFloor'),
        `floors must increase: "${formatFixed(row.notionalFloor)}" is not above the previous floor "${formatFixed(previous.notionalFloor)}"`,
      );
    }
    if (row.maintenanceRate < 0n || row.maintenanceRate > ONE) {
      throw new InputError(at('maintenanceRate'), `must be between 0 and 1, got "${formatFixed(row.maintenanceRate)}"`);
    }
    if (previous !== null && row.maintenanceRate < previous.maintenanceRate) {
      throw new InputError(
        at('maintenanceRate'),
        `rates must not decrease: "${formatFixed(row.maintenanceRate)}" is below the previous rate "${formatFixed(previous.maintenanceRate)}"`,
      );
    }
    if (row.maxLeverage <= 0n) {
      throw new InputError(at('maxLeverage'), `must be greater than 0, got "${formatFixed(row.maxLeverage)}"`);
    }
    if (previous !== null && row.maxLeverage > previous.maxLeverage) {
      throw new InputError(
        at('maxLeverage'),
        `max leverage must not increase: "${formatFixed(row.maxLeverage)}" is above the previous "${formatFixed(previous.maxLeverage)}"`,
      );
    }
    // maintenanceRate <= 1 / maxLeverage, cross-multiplied to stay exact.
    if (row.maintenanceRate * row.maxLeverage > ONE * ONE) {
      throw new InputError(
        at('maintenanceRate'),
        `maintenance rate "${formatFixed(row.maintenanceRate)}" exceeds the initial rate 1/${formatFixed(row.maxLeverage)}`,
      );
    }
    const stepProduct = previous === null || step ? 0n : row.notionalFloor * (row.maintenanceRate - previous.maintenanceRate);
    if (stepProduct % ONE !== 0n) {
      throw new InputError(at('notionalFloor'), 'notionalFloor x rate step has more than 18 fraction digits');
    }
    const expectedAmount = previous === null || step ? 0n : stepProduct / ONE + previous.maintenanceAmount;
    if (row.maintenanceAmount !== undefined && row.maintenanceAmount !== expectedAmount) {
      const rule =
        previous === null
          ? 'first tier must have maintenanceAmount 0'
          : step
            ? 'must be 0 under the step rule (the whole position is priced at its tier\'s rate)'
            : 'must equal notionalFloor x (maintenanceRate - previous maintenanceRate) + previous maintenanceAmount';
      throw new InputError(
        at('maintenanceAmount'),
        `${rule} = ${formatFixed(expectedAmount)}, got "${formatFixed(row.maintenanceAmount)}"`,
      );
    }
    const tier: Tier = {
      notionalFloor: row.notionalFloor,
      maintenanceRate: row.maintenanceRate,
      maintenanceAmount: expectedAmount,
      maxLeverage: row.maxLeverage,
      initialRate: div(ONE, row.maxLeverage, 'ceil'),
      ...(step ? { step: true as const } : {}),
      ...(basis === 'quantity' ? { basis: 'quantity' as const } : {}),
    };
    tiers.push(tier);
    previous = tier;
  });
  return tiers;
}

/** Whether `table` follows the step rule (whole-position rates, floors exclusive). */
export function isStepTable(table: TierTable): boolean {
  return table[0]?.step === true;
}

/** Whether the floors of `table` are sizes in contracts (OKX) rather than notionals. */
export function isQuantityTable(table: TierTable): boolean {
  return table[0]?.basis === 'quantity';
}

/** Tier index of a position of `size` contracts worth `notional`: by size for tables in contracts. */
export function tierIndexForPosition(table: TierTable, notional: Fixed, size: Fixed): number {
  return tierIndexFor(table, isQuantityTable(table) ? size : notional);
}

/**
 * Index of the tier that applies to `notional` (>= 0): the last tier whose floor is <= notional
 * (step tables: < notional, a published cap being inclusive).
 */
export function tierIndexFor(table: TierTable, notional: Fixed): number {
  const step = isStepTable(table);
  let index = 0;
  for (let i = 1; i < table.length; i++) {
    const tier = table[i];
    if (tier === undefined || tier.notionalFloor > notional || (step && tier.notionalFloor === notional)) break;
    index = i;
  }
  return index;
}

export function tierAt(table: TierTable, index: number): Tier {
  const tier = table[index];
  if (tier === undefined) throw new RangeError(`condition failed: no tier ${index}`);
  return tier;
}

/** Maintenance margin for `notional` in a given tier, rounded up (requirement). */
export function maintenanceForTier(tier: Tier, notional: Fixed): Fixed {
  return mul(notional, tier.maintenanceRate, 'ceil') - tier.maintenanceAmount;
}
