/**
 * The `margin risk --json` shape of an account with options (docs/options.md): the futures shape
 * plus the valuation time, the option value, the option positions with Greeks and margin, and the
 * Greeks totals. Core builds it (`standardAccountToJson`); a test parses core's output strictly.
 */
import { z } from 'zod';
import { decimalText } from '../events/fields.js';
import { accountJsonSchema, positionJsonSchema } from './risk-json.js';

export type { GreeksJson, OptionPositionJson, OptionsRiskJson } from '@margin/core';

export const greeksJsonSchema = z.strictObject({
  deltaCoin: decimalText,
  deltaQuote: decimalText,
  gamma: decimalText,
  vegaPerVolPoint: decimalText,
  thetaPerDay: decimalText,
});

export const optionPositionJsonSchema = z.strictObject({
  symbol: z.string(),
  kind: z.enum(['linear-option', 'inverse-option']),
  right: z.enum(['call', 'put']),
  underlying: z.string(),
  base: z.string(),
  settle: z.string(),
  strike: decimalText,
  expiry: z.string(),
  side: z.enum(['long', 'short']),
  size: decimalText,
  entryPrice: decimalText,
  markPrice: decimalText,
  markSource: z.enum(['input', 'mark-iv']),
  volatility: decimalText,
  volatilitySource: z.enum(['mark-iv', 'implied']),
  timeYears: decimalText,
  underlyingPrice: decimalText,
  indexPrice: decimalText,
  forwardPrice: decimalText,
  value: decimalText,
  unrealizedPnl: decimalText,
  initialMargin: decimalText,
  maintenanceMargin: decimalText,
  marginSnapshot: z.string(),
  delta: decimalText,
  greeks: greeksJsonSchema,
});

export const optionsRiskJsonSchema = z
  .strictObject({
    profile: z.string(),
    time: z.string(),
    account: accountJsonSchema.extend({ optionValue: decimalText, optionValueInEquity: z.boolean() }).strict(),
    positions: z.array(positionJsonSchema),
    futuresMarginSnapshot: z.string().nullable(),
    options: z.array(optionPositionJsonSchema),
    greeks: z.array(greeksJsonSchema.extend({ base: z.string() }).strict()),
  })
  .meta({ description: '`margin risk --json` of an account with options: every number a decimal string' });
