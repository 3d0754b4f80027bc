/**
 * Parameters of a Deribit-style portfolio margin grid per settlement currency, as returned by
 * Deribit's `private/pme/simulate` (https://docs.deribit.com/api-reference/account-management/private-simulate)
 * and described in its Portfolio Margin article
 * (https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin). Dated snapshots
 * live in the venue record (core/src/venues/deribit-pm.ts).
 */
import type { Settlement } from '../revalue.js';

export interface DeribitPmParams {
  readonly currency: string;
  readonly settlement: Settlement;
  /** Largest price move of the standard table (0.16 = 16 %). */
  readonly priceRange: number;
  /** Price buckets on each side of 0 (4: nine moves from -range to +range). */
  readonly bucketsPerSide: number;
  /** Relative volatility shocks up and down at 30 days (0.5 = x 1.5). */
  readonly volRangeUp: number;
  readonly volRangeDown: number;
  /** Term scaling (30 / days)^power: short below `vegaPowerSwitchDays`, long from it. */
  readonly shortTermVegaPower: number;
  readonly longTermVegaPower: number;
  readonly vegaPowerSwitchDays: number;
  /** Floor of the shocked-up volatility. */
  readonly minVolatilityForShockUp: number;
  /** Extended table moves (fractions, e.g. -0.66 ... 5), taken with volatility up only. */
  readonly extendedMoves: readonly number[];
  /** Subtracted from each extended-table loss in USD before it counts. */
  readonly extendedDampener: number;
  /** Fraction of a scenario gain that counts (0: gains ignored). */
  readonly pnlOffset: number;
  /** Roll shock per unit of futures position (fraction of the forward for linear, of the coin for inverse). */
  readonly minAnnualisedMove: number;
  /** Maintenance = factor x initial (risk-matrix part), decimal text. */
  readonly maintenanceFactor: string;
}
