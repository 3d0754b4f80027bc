/**
 * What a market keeps of its last `marginRates` command (ADR 0025): the venue's own tier table
 * (the base every factor applies to, so rates never compound), when the rates were set and by
 * which model. The tiers in force are `market.instrument.tiers`; an `instrument` command sets
 * the venue table again and ends the dynamic rates (`dynamicRates` back to null).
 */
import type { TierTable } from '@margin/core';

export interface DynamicRates {
  /** The tier table of the last `instrument` command. */
  readonly venueTiers: TierTable;
  /** Time of the last `marginRates` command: an earlier one is stale. */
  readonly timeMs: number;
  readonly model: string;
}
