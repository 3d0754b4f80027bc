/**
 * Read-side API answers: overview, accounts at risk, distribution, markets, marks, funding and
 * the event feed. The dashboard imports these types (type-only); the OpenAPI document is
 * generated from the schemas.
 */
import { z } from 'zod';
import { decimalText, isoText } from '../events/fields.js';
import { engineEventSchema, engineEventSchemaWith, type EngineEvent } from '../events/engine-event.js';

export const openInterestRowSchema = z.strictObject({
  symbol: z.string(),
  settle: z.string(),
  /** Long contracts (display precision). */
  contracts: z.string(),
  notional: z.string(),
  holders: z.number().int(),
  markPrice: decimalText.nullable(),
});

/** The insurance fund of every settle asset valued in one reference currency (display: 2 decimals). */
export const fundValuationSchema = z.strictObject({
  reference: z.string(),
  total: decimalText,
  /** False when an asset holding a fund has no price in the reference (its value is null). */
  complete: z.boolean(),
  assets: z.array(z.strictObject({ asset: z.string(), amount: decimalText, priceSymbol: z.string().nullable(), price: decimalText.nullable(), value: decimalText.nullable() })),
});
export type FundValuation = z.output<typeof fundValuationSchema>;

export const overviewSchema = z.strictObject({
  profile: z.string(),
  lastSeq: z.number().int(),
  asOfSeq: z.number().int(),
  computedAt: isoText.nullable(),
  passMs: z.number().int(),
  accounts: z.number().int(),
  accountsWithPositions: z.number().int(),
  liquidatable: z.number().int(),
  openInterest: z.array(openInterestRowSchema),
  insuranceFund: z.record(z.string(), decimalText),
  insuranceFundValued: fundValuationSchema,
  system: z.record(z.string(), z.record(z.string(), decimalText)),
  funding: z.array(z.strictObject({ symbol: z.string(), rate: decimalText, time: isoText })),
  marks: z.array(z.strictObject({ symbol: z.string(), markPrice: decimalText.nullable(), indexPrice: decimalText.nullable(), time: isoText.nullable() })),
  eventCounts: z.record(z.string(), z.number().int()),
  demo: z.boolean(),
  uptimeMs: z.number().int(),
});
export type Overview = z.output<typeof overviewSchema>;

/** One margin pool: an account's cross pool in its settle asset, or one isolated position. */
export const riskPoolSchema = z.strictObject({
  kind: z.enum(['cross', 'isolated']),
  /** Isolated: the position's symbol and side; cross: null. */
  symbol: z.string().nullable(),
  side: z.string().nullable(),
  asset: z.string().nullable(),
  /** The pool's own equity, maintenance and initial margin (not the account's totals). */
  equity: decimalText,
  maintenanceMargin: decimalText,
  initialMargin: decimalText,
  marginRatio: decimalText.nullable(),
  liquidatable: z.boolean(),
});
export type RiskPool = z.output<typeof riskPoolSchema>;

export const accountSummarySchema = z.strictObject({
  account: z.string(),
  asset: z.string().nullable(),
  equity: decimalText,
  walletBalance: decimalText,
  initialMargin: decimalText,
  maintenanceMargin: decimalText,
  availableBalance: decimalText,
  /** Highest margin ratio of the account's pools; null: equity <= 0 or no positions. */
  marginRatio: decimalText.nullable(),
  liquidatable: z.boolean(),
  positions: z.number().int(),
  modes: z.array(z.string()),
  symbols: z.array(z.string()),
  /** The pool `marginRatio` belongs to (the riskiest), with its own equity and maintenance; null without positions. */
  pool: riskPoolSchema.nullable(),
});
export type AccountSummary = z.output<typeof accountSummarySchema>;

export const riskAccountsSchema = z.strictObject({ asOfSeq: z.number().int(), total: z.number().int(), offset: z.number().int(), accounts: z.array(accountSummarySchema) });
export type RiskAccounts = z.output<typeof riskAccountsSchema>;

export const ratioBucketSchema = z.strictObject({ fromPercent: z.number(), toPercent: z.number().nullable(), accounts: z.number().int() });
export const riskDistributionSchema = z.strictObject({ asOfSeq: z.number().int(), accounts: z.number().int(), buckets: z.array(ratioBucketSchema) });
export type RiskDistribution = z.output<typeof riskDistributionSchema>;

export const accountListSchema = z.strictObject({ accounts: z.array(z.string()), total: z.number().int(), next: z.string().nullable() });

export const marketRowSchema = z.strictObject({
  symbol: z.string(),
  kind: z.string().nullable(),
  settle: z.string().nullable(),
  markPrice: decimalText.nullable(),
  indexPrice: decimalText.nullable(),
  time: isoText.nullable(),
  fundingRate: decimalText.nullable(),
});
export const marketsSchema = z.strictObject({ markets: z.array(marketRowSchema) });
export type MarketRow = z.output<typeof marketRowSchema>;

export const markPointSchema = z.strictObject({ time: isoText, markPrice: decimalText, indexPrice: decimalText.nullable() });
export const marksSchema = z.strictObject({ symbol: z.string(), marks: z.array(markPointSchema) });
export type MarkPoint = z.output<typeof markPointSchema>;

export const fundingPointSchema = z.strictObject({
  kind: z.enum(['rate', 'settlement']),
  time: isoText,
  rate: decimalText,
  seq: z.number().int(),
  /** The `fundingSettled` event of a settlement. */
  settlement: engineEventSchema.optional(),
});
export const fundingHistorySchema = z.strictObject({ funding: z.record(z.string(), z.array(fundingPointSchema)) });

/** An event of the feed: the engine event and when its batch was committed (null: before this process). */
export type FeedEvent = EngineEvent & { committedAt: string | null };
export const feedEventSchema = engineEventSchemaWith({ committedAt: isoText.nullable() });
export const accountEventsSchema = z.strictObject({ events: z.array(feedEventSchema) });
export const eventFeedSchema = z.strictObject({ events: z.array(feedEventSchema), counts: z.record(z.string(), z.number().int()) });

/** An instrument as `GET /v1/instruments` lists it (the accepted command's input, as decimal strings). */
export interface InstrumentJson {
  symbol: string;
  kind: string;
  settle: string;
  contractSize: string;
  tickSize: string;
  lotSize?: string;
  takerFeeRate?: string;
  tiers?: { notionalFloor: string; maintenanceRate?: string; maintenanceAmount?: string; maxLeverage: string }[];
  /** Options (`kind` `linear-option` / `inverse-option`): `call` or `put`. */
  right?: string;
  /** Options: the future (or index) whose price the option is written on. */
  underlying?: string;
  /** Options: coin of the underlying (inverse: the settle asset). */
  base?: string;
  /** Options: strike, in quote units per coin. */
  strike?: string;
  /** Options: expiry, ISO 8601. */
  expiry?: string;
  /** Options: the venue margin snapshot pinned by id, if any. */
  marginSnapshot?: string;
}
