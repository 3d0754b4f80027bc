/**
 * The `dynamicRates` block of a market in the snapshot, written only when a `marginRates` command
 * is in force (so every other snapshot keeps its text and hash): the venue's own tier table, the
 * time and the model. The tiers in force are the instrument's, already in the snapshot.
 */
import { z } from 'zod';
import { buildTierTable, decimal, formatFixed, isoTime, record, text, type PathSegment, type TierTable } from '@margin/core';
import type { DynamicRates } from '../state/dynamic-rates.js';

const tierSchema = record({
  notionalFloor: decimal('nonNegative'),
  maintenanceRate: decimal('nonNegative'),
  maintenanceAmount: decimal('nonNegative'),
  maxLeverage: decimal('positive'),
  rule: z.literal('step').optional(),
  basis: z.literal('quantity').optional(),
});

export const dynamicRatesSnapshotSchema = record({ venueTiers: z.array(tierSchema), time: isoTime, model: text() });
export type DynamicRatesSnapshot = z.output<typeof dynamicRatesSnapshotSchema>;

function tiersJson(tiers: TierTable): unknown[] {
  return tiers.map((tier) => ({
    notionalFloor: formatFixed(tier.notionalFloor),
    maintenanceRate: formatFixed(tier.maintenanceRate),
    maintenanceAmount: formatFixed(tier.maintenanceAmount),
    maxLeverage: formatFixed(tier.maxLeverage),
    ...(tier.step === true ? { rule: 'step' } : {}),
    ...(tier.basis === 'quantity' ? { basis: 'quantity' } : {}),
  }));
}

/** `{}` or `{ dynamicRates }`, spread into the market's snapshot value. */
export function dynamicRatesJson(rates: DynamicRates | null): Record<string, unknown> {
  if (rates === null) return {};
  return { dynamicRates: { venueTiers: tiersJson(rates.venueTiers), time: new Date(rates.timeMs).toISOString(), model: rates.model } };
}

export function dynamicRatesFrom(input: DynamicRatesSnapshot | undefined, path: readonly PathSegment[]): DynamicRates | null {
  if (input === undefined) return null;
  const first = input.venueTiers[0];
  return {
    venueTiers: buildTierTable(input.venueTiers, [...path, 'venueTiers'], first?.rule === 'step' ? 'step' : 'cumulative', first?.basis === 'quantity' ? 'quantity' : 'notional'),
    timeMs: input.time,
    model: input.model,
  };
}
