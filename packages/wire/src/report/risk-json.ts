/**
 * The `margin risk --json` shape as a strict schema. Core builds it (`riskReportToJson`; core
 * depends on no other package, so its TS interfaces stay there and are re-exported here); a test
 * parses core's output strictly against this schema, so the two cannot drift apart silently.
 */
import { z } from 'zod';
import { decimalText } from '../events/fields.js';
import { greeksJsonSchema, optionPositionJsonSchema } from './option-position-json.js';
import { portfolioBreakdownJsonSchema } from './portfolio-breakdown-json.js';
import { multiAssetAccountJsonSchema } from './multi-asset-account-json.js';

export type { AccountJson, PositionJson, RiskJson } from '@margin/core';

export const accountJsonSchema = z.strictObject({
  equity: decimalText,
  initialMargin: decimalText,
  maintenanceMargin: decimalText,
  marginRatio: decimalText.nullable(),
  availableBalance: decimalText,
  liquidatable: z.boolean(),
  settle: z.string().nullable(),
  walletBalance: decimalText,
  unrealizedPnl: decimalText,
  orderMargin: decimalText,
});

/** A position's place in the ADL queue (the API adds it on request). */
export const adlRankJsonSchema = z.strictObject({
  account: z.string(),
  positionKey: z.string(),
  side: z.enum(['long', 'short']),
  rank: z.number().int(),
  count: z.number().int(),
  quantile: decimalText,
  indicator: z.number().int().min(1).max(5),
  score: decimalText,
});

export const positionJsonSchema = z.strictObject({
  symbol: z.string(),
  side: z.string(),
  margin: z.string(),
  notional: decimalText,
  unrealizedPnl: decimalText,
  initialMargin: decimalText,
  maintenanceMargin: decimalText,
  liquidationPrice: decimalText.nullable(),
  bankruptcyPrice: decimalText.nullable(),
  size: decimalText,
  entryPrice: decimalText,
  markPrice: decimalText,
  settle: z.string(),
  tier: z.number().int(),
  maintenanceRate: decimalText,
  maintenanceAmount: decimalText,
  leverage: decimalText,
  leverageCapped: z.boolean(),
  closeFee: decimalText,
  isolatedBalance: decimalText.optional(),
  isolatedEquity: decimalText.optional(),
  marginRatio: decimalText.nullable().optional(),
  liquidatable: z.boolean().optional(),
  adl: adlRankJsonSchema.optional(),
});

export const riskJsonSchema = z
  .strictObject({
    profile: z.string(),
    account: accountJsonSchema.extend({ optionValue: decimalText.optional(), optionValueInEquity: z.boolean().optional() }),
    positions: z.array(positionJsonSchema),
    // An account with options (the engine's account risk, ADR 0022): the options-risk-json.ts fields.
    time: z.string().optional(),
    futuresMarginSnapshot: z.string().nullable().optional(),
    options: z.array(optionPositionJsonSchema).optional(),
    greeks: z.array(greeksJsonSchema.extend({ base: z.string() }).strict()).optional(),
    /** Accounts in portfolio margin: where `initialMargin` and `maintenanceMargin` come from. */
    portfolio: portfolioBreakdownJsonSchema.optional(),
    /**
     * Accounts in multi-asset mode (`setCollateralMode`): the pool the engine margins, in its
     * reference currency. The `account` figures above are this settle asset's part alone; margin
     * calls and liquidation follow these (the breakdown by asset: GET /v1/accounts/{account}/collateral).
     */
    multiAsset: z.strictObject({ mode: z.literal('multi-asset'), snapshot: z.string(), account: multiAssetAccountJsonSchema }).optional(),
  })
  .meta({ description: 'the same shape as `margin risk --json`: every number a decimal string' });
