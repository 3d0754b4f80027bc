/**
 * POST /v1/accounts/{account}/what-if: the request (a hypothetical order and/or marks) and the
 * answer, which is the engine's own preview (`preview` in @margin/engine): its verdict, the events
 * about the account, and the account's risk before and after. Changes nothing.
 */
import { z } from 'zod';
import { decimal, oneOf, record, text, type RiskJson } from '@margin/core';
import { decimalText } from '../events/fields.js';
import { engineEventSchema, type EngineEvent } from '../events/engine-event.js';
import { riskJsonSchema } from '../report/risk-json.js';

export const whatIfRequestSchema = record({
  asset: text('an asset name').optional(),
  prices: z.record(z.string(), decimal('positive'), { error: 'must be an object of symbol to decimal string' }).optional(),
  order: record({
    symbol: text('a symbol string'),
    side: oneOf(['buy', 'sell']),
    size: decimal('positive'),
    price: decimal('positive'),
    positionSide: oneOf(['long', 'short']).optional(),
    margin: oneOf(['cross', 'isolated']).optional(),
    leverage: decimal('positive').optional(),
    fee: decimal('any').optional(),
    reduceOnly: z.boolean({ error: 'must be true or false' }).optional(),
  }).optional(),
});
/** The parsed request (decimals as E18 bigints). */
export type WhatIfInput = z.output<typeof whatIfRequestSchema>;

export const whatIfVerdictSchema = z.strictObject({
  accepted: z.boolean(),
  /** The engine's reject code (docs/errors.md), when not accepted. */
  code: z.string().optional(),
  reason: z.string().optional(),
  /** Which previewed command the verdict is about (`prices`, `setMarginMode`, `setLeverage`, `fill`). */
  command: z.string().optional(),
});
export type WhatIfVerdict = z.output<typeof whatIfVerdictSchema>;

export const whatIfResultSchema = z.strictObject({
  account: z.string(),
  /** The request as decimal strings. */
  hypothesis: z.record(z.string(), z.unknown()),
  verdict: whatIfVerdictSchema,
  before: riskJsonSchema,
  after: riskJsonSchema,
  /** Realised PnL of the fill as the engine books it (settle asset); "0" without an accepted fill. */
  realizedPnl: decimalText,
  /** Fee the fill debits; "0" without an accepted fill. */
  fee: decimalText,
  /** The previewed commands, in order. */
  commands: z.array(z.strictObject({ type: z.string(), id: z.string() })),
  /** The events the engine would emit about this account (and market events). */
  events: z.array(engineEventSchema),
  assumptions: z.array(z.string()),
});
/** The answer; the risk reports carry core's `RiskJson` type (the schema checks the same shape). */
export type WhatIfResult = Omit<z.output<typeof whatIfResultSchema>, 'before' | 'after' | 'events'> & {
  readonly before: RiskJson;
  readonly after: RiskJson;
  readonly events: readonly EngineEvent[];
};
