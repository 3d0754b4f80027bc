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
