/**
 * `marginRatesChanged`: a `marginRates` command moved an instrument's rates. The event explains
 * itself: the first tier's rates before and after, the factors on the venue's own table, the
 * model, its inputs and the shortfall a cap on increases left (ADR 0025).
 */
import { z } from 'zod';
import { countText, decimalText, isoText } from './fields.js';

/** The first tier's rates: what a position below the second floor pays. */
export const firstTierRatesSchema = z.strictObject({ maintenanceRate: decimalText, initialRate: decimalText, maxLeverage: decimalText });

export const marginRatesChangedEventSchema = z.strictObject({
  type: z.literal('marginRatesChanged'),
  symbol: z.string(),
  time: isoText,
  model: z.string(),
  inputs: z.record(z.string(), z.string()),
  /** First tier before the command (the rates in force until now). */
  previous: firstTierRatesSchema,
  /** First tier after the command. */
  current: firstTierRatesSchema,
  /** Factors on the venue's table (current / venue rate of the first tier), rounded up. */
  maintenanceScale: decimalText,
  initialScale: decimalText,
  capShortfall: decimalText.nullable(),
  tiers: countText,
});
