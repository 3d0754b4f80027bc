/** The option position and Greeks shapes of `margin risk --json` (options-risk-json.ts; the engine's account risk). */
import { z } from 'zod';
import { decimalText } from '../events/fields.js';

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
