/**
 * The `margin risk --json` shape of a multi-asset account (a file with a `collateral` section) as
 * a strict schema: the pool in the reference currency with owned equity and credit apart, each
 * collateral asset's quantity, index, haircut and value, the credit line, and the positions in the
 * single-asset position shape. Core builds it (`multiAssetRiskToJson`); a test parses core's
 * output strictly against this schema.
 */
import { z } from 'zod';
import { decimalText } from '../events/fields.js';
import { positionJsonSchema } from './risk-json.js';
import { multiAssetAccountJsonSchema } from './multi-asset-account-json.js';

export { multiAssetAccountJsonSchema };

export type { CollateralAssetJson, CreditJson, MultiAssetAccountJson, MultiAssetRiskJson } from '@margin/core';

export const collateralAssetJsonSchema = z.strictObject({
  asset: z.string(),
  quantity: decimalText,
  indexPrice: decimalText,
  bidPrice: decimalText,
  askPrice: decimalText,
  grossValue: decimalText,
  haircut: decimalText,
  value: decimalText,
  liability: decimalText,
  borrowInitialMargin: decimalText,
  borrowMaintenanceMargin: decimalText,
  overBorrowLimit: z.boolean(),
});

export const creditJsonSchema = z.strictObject({
  limit: decimalText,
  used: decimalText,
  available: decimalText,
  loanToValue: decimalText.nullable(),
  status: z.enum(['none', 'ok', 'margin-call', 'liquidation']),
  canDraw: z.boolean(),
});

export const multiAssetRiskJsonSchema = z
  .strictObject({
    profile: z.string(),
    mode: z.literal('multi-asset'),
    snapshot: z.string(),
    account: multiAssetAccountJsonSchema,
    collateral: z.array(collateralAssetJsonSchema),
    credit: creditJsonSchema.nullable(),
    positions: z.array(positionJsonSchema),
  })
  .meta({ description: 'the same shape as `margin risk --json` for a multi-asset account: every number a decimal string' });

/** `GET /v1/accounts/{account}/collateral`: the account's multi-asset pool read from the engine's collateral state. */
export const accountCollateralSchema = z
  .strictObject({
    account: z.string(),
    /** Null when no asset the account holds has collateral rules. */
    pool: z
      .strictObject({
        account: multiAssetAccountJsonSchema,
        collateral: z.array(collateralAssetJsonSchema),
        credit: creditJsonSchema.nullable(),
        /** Held assets left out: no collateral rules or no index price yet. */
        unpriced: z.array(z.string()),
        /** Present for an account in multi-asset mode (`setCollateralMode`): the engine margins this pool. */
        mode: z.literal('multi-asset').optional(),
        /** The venue's collateral snapshot the account's mode took (liquidation order and discount). */
        snapshot: z.string().optional(),
        /** Multi-asset mode: each cross position with its liquidation price on the whole pool. */
        positions: z.array(positionJsonSchema).optional(),
      })
      .nullable(),
  })
  .meta({ description: "an account's collateral breakdown (each asset: quantity, index, haircut, value) and credit line, in the reference currency" });

export type AccountCollateralResponse = z.output<typeof accountCollateralSchema>;
