/**
 * GET /v1/accounts/{account}/compare: the account's committed positions under every venue record
 * that can hold them, as `margin compare --json` answers (core `compareVenues`): margins, prices,
 * funding at each venue's current rule, and what differs and why (docs/compare.md).
 */
import { z } from 'zod';
import { VENUE_REFUSAL_CODES } from '@margin/core';
import { decimalText } from '../events/fields.js';

const figures = z.record(z.string(), z.unknown()).meta({ description: 'the `margin risk --json` shape (RiskJson account or position)' });

export const positionFundingSchema = z.strictObject({
  symbol: z.string(),
  side: z.string(),
  rate: decimalText,
  payment: decimalText,
  paymentPerDay: decimalText,
  capped: z.boolean(),
});

export const venueFundingSchema = z.strictObject({
  intervalHours: z.number(),
  formula: z.string(),
  interestPerDay: decimalText,
  premium: decimalText,
  positions: z.array(positionFundingSchema),
});

export const venueComparisonSchema = z.strictObject({
  venue: z.string(),
  title: z.string(),
  holds: z.boolean(),
  reason: z.string().nullable(),
  description: z.string(),
  account: figures.nullable(),
  positions: z.array(figures),
  funding: venueFundingSchema.nullable().optional(),
});

export const venueRefusalSchema = z.strictObject({
  venue: z.string(),
  code: z.enum(VENUE_REFUSAL_CODES).meta({ description: 'contract-kind: the venue lists another contract kind; no-positions: nothing to margin; rule: the input breaks a rule under the venue record' }),
  message: z.string(),
});

export const compareResultSchema = z.strictObject({
  account: z.string(),
  /** Seq of the last command of the state compared. */
  asOfSeq: z.number().int().min(-1),
  venues: z.array(venueComparisonSchema),
  differences: z.array(z.strictObject({ rule: z.string(), what: z.string(), values: z.record(z.string(), z.string()) })),
  tierDifferences: z.array(z.strictObject({ position: z.number().int().min(0), symbol: z.string(), values: z.record(z.string(), z.string()) })),
  warnings: z.array(z.string()),
  /** Each venue that cannot hold the account (every venue when none can: still a 200 answer). */
  refusals: z.array(venueRefusalSchema),
});
export type CompareResult = z.output<typeof compareResultSchema>;
