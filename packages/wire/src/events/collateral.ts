/** Events of multi-asset accounts: a conversion between collateral assets, interest charged. */
import { z } from 'zod';
import { decimalText, entries } from './fields.js';

export const collateralConvertedEventSchema = z.strictObject({
  type: z.literal('collateralConverted'),
  account: z.string(),
  fromAsset: z.string(),
  toAsset: z.string(),
  fromAmount: decimalText,
  toAmount: decimalText,
  /** Price of one fromAsset in toAsset the conversion was booked at (index ratio less discount). */
  price: decimalText,
  discount: decimalText,
  entries,
});

export const interestChargedEventSchema = z.strictObject({
  type: z.literal('interestCharged'),
  account: z.string(),
  asset: z.string(),
  /** The loan interest was charged on (negative wallet balance), as a positive amount. */
  principal: decimalText,
  annualRate: decimalText,
  amount: decimalText,
  walletBalance: decimalText,
  entries,
});

export const collateralAssetSetEventSchema = z.strictObject({
  type: z.literal('collateralAssetSet'),
  asset: z.string(),
  reference: z.string(),
  snapshot: z.string().nullable(),
  unit: z.enum(['quantity', 'reference']),
  tiers: z.array(z.strictObject({ upTo: decimalText.nullable(), ratio: decimalText })),
  borrowable: z.boolean(),
  borrowInitialRate: decimalText,
  borrowMaintenanceRate: decimalText,
  borrowLimit: decimalText.nullable(),
});

export const collateralPricesUpdatedEventSchema = z.strictObject({
  type: z.literal('collateralPricesUpdated'),
  time: z.string(),
  prices: z.array(z.strictObject({ asset: z.string(), indexPrice: decimalText, bidPrice: decimalText, askPrice: decimalText })),
});

export const creditLineSetEventSchema = z.strictObject({
  type: z.literal('creditLineSet'),
  account: z.string(),
  limit: decimalText,
  used: decimalText,
  available: decimalText,
  bands: z.strictObject({ initial: decimalText, marginCall: decimalText, liquidation: decimalText }).nullable(),
});

/** An account's cross pool became one multi-asset pool, or went back to one pool per settle asset. */
export const collateralModeSetEventSchema = z.strictObject({
  type: z.literal('collateralModeSet'),
  account: z.string(),
  mode: z.enum(['multi-asset', 'single-asset']),
  /** The venue's collateral snapshot whose liquidation order and discount apply; null in single-asset mode. */
  snapshot: z.string().nullable(),
});

/**
 * A credit line's loan-to-value (used / collateral value) crossed a band of its line:
 * `marginCall` from the margin-call band, `liquidation` from the liquidation band (the account is
 * then liquidated as a multi-asset pool), `cleared` back below the margin-call band.
 */
export const creditBandChangedEventSchema = z.strictObject({
  type: z.literal('creditBandChanged'),
  account: z.string(),
  band: z.enum(['none', 'marginCall', 'liquidation']),
  previousBand: z.enum(['none', 'marginCall', 'liquidation']),
  loanToValue: decimalText.nullable(),
  used: decimalText,
  collateralValue: decimalText,
});
