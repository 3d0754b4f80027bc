/** Events of a liquidation: start, fills, fees, bankruptcy, deficit cover, ADL, loss sharing, end. */
import { z } from 'zod';
import { countText, decimalText, entries, positionSide, systemAccount, tradeSide } from './fields.js';

const pool = { account: z.string(), asset: z.string(), positionKey: z.string().nullable() };

export const liquidationStartedEventSchema = z.strictObject({
  type: z.literal('liquidationStarted'),
  ...pool,
  equity: decimalText,
  maintenanceMargin: decimalText,
  marginRatio: decimalText.nullable(),
  rule: z.enum(['tier-step', 'restore', 'chunk', 'full']),
  positions: z.array(z.strictObject({ key: z.string(), size: decimalText, markPrice: decimalText })),
});

export const liquidationEndedEventSchema = z.strictObject({
  type: z.literal('liquidationEnded'),
  ...pool,
  outcome: z.enum(['restored', 'closed']),
  steps: countText,
  equity: decimalText,
  maintenanceMargin: decimalText,
});

export const liquidationFillEventSchema = z.strictObject({
  type: z.literal('liquidationFill'),
  account: z.string(),
  asset: z.string(),
  positionKey: z.string(),
  symbol: z.string(),
  executor: z.enum(['book', 'backstop']),
  venue: z.enum(['book', 'mark', 'insurance-fund']),
  side: tradeSide,
  size: decimalText,
  price: decimalText,
  markPrice: decimalText,
  bankruptcyPrice: decimalText.nullable(),
  fills: z.array(z.strictObject({ price: decimalText, size: decimalText })),
  realizedPnl: decimalText,
  remainingSize: decimalText,
  entries,
});

export const LIQUIDATION_CHARGE_REASONS = ['clearance-fee', 'gain-vs-bankruptcy-price', 'backstop-takeover', 'remaining-equity'] as const;

export const liquidationFeeEventSchema = z.strictObject({
  type: z.literal('liquidationFee'),
  account: z.string(),
  asset: z.string(),
  positionKey: z.string(),
  symbol: z.string(),
  reason: z.enum(LIQUIDATION_CHARGE_REASONS),
  rate: decimalText.nullable(),
  amount: decimalText,
  fund: systemAccount,
  entries,
});

export const isolatedMarginReleasedEventSchema = z.strictObject({
  type: z.literal('isolatedMarginReleased'),
  account: z.string(),
  asset: z.string(),
  positionKey: z.string(),
  amount: decimalText,
  entries,
});

export const bankruptcyEventSchema = z.strictObject({
  type: z.literal('bankruptcy'),
  ...pool,
  deficit: decimalText,
  symbols: z.array(z.string()),
});

export const deficitCoveredEventSchema = z.strictObject({
  type: z.literal('deficitCovered'),
  ...pool,
  symbol: z.string().nullable(),
  by: z.enum(['insurance', 'socialized']),
  /** The fund that paid (when `by` is `insurance`). */
  fund: systemAccount.optional(),
  amount: decimalText,
  entries,
});

export const deficitUnresolvedEventSchema = z.strictObject({
  type: z.literal('deficitUnresolved'),
  ...pool,
  symbol: z.string().nullable(),
  /** The bankrupt side whose counterparties ran out (null: no symbol left). */
  side: positionSide.nullable(),
  amount: decimalText,
  reason: z.string(),
  fund: systemAccount,
  fundBalance: decimalText,
  entries,
});

export const autoDeleveragedEventSchema = z.strictObject({
  type: z.literal('autoDeleveraged'),
  account: z.string(),
  asset: z.string(),
  symbol: z.string(),
  positionKey: z.string(),
  side: positionSide,
  size: decimalText,
  price: decimalText.nullable(),
  markPrice: decimalText,
  rank: z.number().int().min(1),
  queue: z.number().int().min(1),
  realizedPnl: decimalText,
  haircut: decimalText,
  bankruptAccount: z.string(),
  bankruptPositionKey: z.string(),
  remainingSize: decimalText,
  entries,
});

export const lossSharedEventSchema = z.strictObject({
  type: z.literal('lossShared'),
  account: z.string(),
  asset: z.string(),
  symbol: z.string(),
  positionKey: z.string(),
  size: decimalText,
  amount: decimalText,
  entries,
});

export const lossSocializedEventSchema = z.strictObject({
  type: z.literal('lossSocialized'),
  asset: z.string(),
  symbol: z.string(),
  deficit: decimalText,
  bankrupt: z.array(z.string()),
  holders: countText,
  openInterest: decimalText,
  rounding: decimalText,
  entries,
});
