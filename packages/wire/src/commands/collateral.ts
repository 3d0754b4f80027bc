/**
 * Commands of multi-asset accounts (docs/collateral.md): converting one collateral asset into
 * another at a stated price, and charging borrowing interest over a stated period (no clock).
 */
import { z } from 'zod';
import { decimal, isoTime, record, text } from '@margin/core';

const id = text('a unique command id string').max(200, { error: 'must be at most 200 characters' });
const account = text('an account id string').max(200, { error: 'must be at most 200 characters' });
const asset = text('an asset name string').max(32, { error: 'must be at most 32 characters' });

/**
 * Sell `quantity` of `fromAsset` for `toAsset` at the two index prices (reference currency per
 * unit) less `discount`: the account receives quantity x fromIndex x (1 - discount) / toIndex,
 * rounded down to the target's units. Both legs are ledger entries with `clearing`.
 */
export const convertCollateralCommandSchema = record({
  type: z.literal('convertCollateral'),
  id,
  account,
  fromAsset: asset,
  toAsset: asset,
  quantity: decimal('positive'),
  fromIndex: decimal('positive'),
  toIndex: decimal('positive'),
  discount: decimal('nonNegative').default(0n),
  time: isoTime,
});

/**
 * Interest on the account's loan of `asset` (the negative part of its wallet) at `annualRate`
 * from `from` to `to` (365-day year), rounded up, paid from the wallet to `fees`.
 */
export const chargeInterestCommandSchema = record({
  type: z.literal('chargeInterest'),
  id,
  account,
  asset,
  annualRate: decimal('nonNegative'),
  from: isoTime,
  to: isoTime,
});

export type ConvertCollateralCommand = z.output<typeof convertCollateralCommandSchema>;
export type ChargeInterestCommand = z.output<typeof chargeInterestCommandSchema>;
