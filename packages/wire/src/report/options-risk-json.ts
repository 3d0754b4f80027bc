/**
 * The `margin risk --json` shape of an account with options (docs/options.md): the futures shape
 * plus the valuation time, the option value, the option positions with Greeks and margin, and the
 * Greeks totals. Core builds it (`standardAccountToJson`); a test parses core's output strictly.
 */
import { z } from 'zod';
import { decimalText } from '../events/fields.js';
import { accountJsonSchema, positionJsonSchema } from './risk-json.js';

export type { GreeksJson, OptionPositionJson, OptionsRiskJson } from '@margin/core';

export { greeksJsonSchema, optionPositionJsonSchema } from './option-position-json.js';
import { greeksJsonSchema, optionPositionJsonSchema } from './option-position-json.js';

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
