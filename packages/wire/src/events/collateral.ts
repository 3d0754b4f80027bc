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
