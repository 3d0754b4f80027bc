/**
 * The portfolio breakdown an account in portfolio margin carries in its risk report (`portfolio`
 * in `RiskJson`, the account risk endpoint): per parameter group (settlement currency or risk
 * unit) its positions as the scenario maths sees them and the `margin risk --json` report of
 * them; the explanation lines of every group, which sum exactly to `initial` and `maintenance`
 * (equal to the account's `initialMargin` and `maintenanceMargin`). docs/portfolio-margin.md.
 */
import { z } from 'zod';
import { decimalText } from '../events/fields.js';
import { floatText, portfolioRiskReportJsonSchema, spanReportJsonSchema } from './portfolio-json.js';

const breakdownLine = z.strictObject({ group: z.string(), kind: z.string(), label: z.string(), amount: decimalText });

/** A SPAN account's set, its positions as SPAN contracts (quantity = engine size x ratio), and the `margin span --json` report. */
export const spanBreakdownJsonSchema = z.strictObject({
  parameterSet: z.string(),
  accountClass: z.enum(['member', 'hedger', 'speculator']),
  /** The standard scenarios: price move in price scan ranges (x the extreme multiplier for 15, 16), volatility move in scan ranges (+1 up, -1 down, 0). */
  scenarios: z.array(z.strictObject({ scenario: z.number().int().min(1).max(16), priceMove: floatText, volMove: z.number().int(), extreme: z.boolean() })).length(16),
  positions: z.array(z.strictObject({ id: z.string(), symbol: z.string(), contract: z.string(), quantity: floatText })),
  report: spanReportJsonSchema,
});

export const portfolioBreakdownJsonSchema = z
  .strictObject({
    model: z.string(),
    valuationTime: z.string(),
    initial: decimalText,
    maintenance: decimalText,
    groups: z.array(
      z.strictObject({
        key: z.string(),
        positions: z.array(z.strictObject({ id: z.string(), symbol: z.string(), quantity: floatText, multiplier: floatText, forward: floatText })),
        report: portfolioRiskReportJsonSchema,
      }),
    ),
    explain: z.strictObject({ maintenance: z.array(breakdownLine), initial: z.array(breakdownLine) }),
    /** SPAN accounts only (ADR 0035): `groups` is empty, the report is `margin span --json`'s. */
    span: spanBreakdownJsonSchema.optional(),
  })
  .meta({ description: 'portfolio-margin breakdown: groups with their scenario reports; explain lines sum exactly to initial and maintenance' });

export type PortfolioBreakdownJsonShape = z.output<typeof portfolioBreakdownJsonSchema>;
