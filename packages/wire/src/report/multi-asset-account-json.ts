/**
 * The account figures of a multi-asset pool in its reference currency (core's
 * `MultiAssetAccountJson`): owned equity and credit apart. Its own file because both the
 * multi-asset report (collateral-risk-json.ts) and the account risk JSON (risk-json.ts) carry it.
 */
import { z } from 'zod';
import { decimalText } from '../events/fields.js';

export const multiAssetAccountJsonSchema = z.strictObject({
  reference: z.string(),
  equity: decimalText,
  ownEquity: decimalText,
  collateralValue: decimalText,
  liabilities: decimalText,
  unrealizedPnl: decimalText,
  initialMargin: decimalText,
  maintenanceMargin: decimalText,
  orderMargin: decimalText,
  marginRatio: decimalText.nullable(),
  availableBalance: decimalText,
  withdrawable: decimalText,
  liquidatable: z.boolean(),
});
