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

const haircutTier = record({ upTo: decimal('positive').optional(), ratio: decimal('nonNegative') });

/**
 * Collateral rules of an asset for multi-asset pools: from a collateral snapshot of the engine's
 * venue record (`snapshot`), or given in full; any field given replaces the snapshot's.
 */
export const collateralAssetCommandSchema = record({
  type: z.literal('collateralAsset'),
  id,
  asset,
  snapshot: text('a collateral snapshot id').optional(),
  reference: text('a currency name').optional(),
  haircut: record({ unit: z.enum(['quantity', 'reference']).default('quantity'), tiers: z.array(haircutTier).min(1, { error: 'must have at least 1 item' }) }).optional(),
  borrowable: z.boolean({ error: 'must be true or false' }).optional(),
  borrowInitialRate: decimal('nonNegative').optional(),
  borrowMaintenanceRate: decimal('nonNegative').optional(),
  borrowLimit: decimal('nonNegative').optional(),
});

const collateralPriceItem = record({
  asset,
  indexPrice: decimal('positive'),
  bidBuffer: decimal('nonNegative').optional(),
  askBuffer: decimal('nonNegative').optional(),
});

/** Index prices of collateral assets (reference currency per unit), with optional bid/ask buffers. */
export const collateralPricesCommandSchema = record({
  type: z.literal('collateralPrices'),
  id,
  time: isoTime,
  prices: z.array(collateralPriceItem).min(1, { error: 'must have at least 1 item' }),
});

/** A credit line of an account: counted toward margin within the limit, never withdrawable. */
export const creditLineCommandSchema = record({
  type: z.literal('creditLine'),
  id,
  account,
  limit: decimal('nonNegative'),
  used: decimal('nonNegative').default(0n),
  bands: record({ initial: decimal('positive'), marginCall: decimal('positive'), liquidation: decimal('positive') }).optional(),
});

export type CollateralAssetCommand = z.output<typeof collateralAssetCommandSchema>;
export type CollateralPricesCommand = z.output<typeof collateralPricesCommandSchema>;
export type CreditLineCommand = z.output<typeof creditLineCommandSchema>;

/**
 * The collateral step of a multi-asset liquidation, after positions: every loan of the account
 * is covered by selling its other priced collateral at the collateral index prices less
 * `discount`, pro rata to value, or in `priority` order when given. One `collateralConverted`
 * event per sale.
 */
export const coverLoansCommandSchema = record({
  type: z.literal('coverLoans'),
  id,
  account,
  discount: decimal('nonNegative').default(0n),
  priority: z.array(asset).optional(),
  time: isoTime,
});

export type CoverLoansCommand = z.output<typeof coverLoansCommandSchema>;

/**
 * An account's cross pool as one multi-asset pool (`"multi-asset"`: every asset with collateral
 * rules and an index price, valued in the reference currency with haircuts, positions of any of
 * those settle assets) or one pool per settle asset (`"single-asset"`, the default). `snapshot`
 * names the venue record's collateral snapshot whose liquidation order and conversion discount
 * apply (default: the latest one); refused where the venue record has none.
 */
export const setCollateralModeCommandSchema = record({
  type: z.literal('setCollateralMode'),
  id,
  account,
  mode: z.enum(['multi-asset', 'single-asset'], { error: 'must be "multi-asset" or "single-asset"' }),
  snapshot: text('a collateral snapshot id string').max(100, { error: 'must be at most 100 characters' }).optional(),
});

export type SetCollateralModeCommand = z.output<typeof setCollateralModeCommandSchema>;
