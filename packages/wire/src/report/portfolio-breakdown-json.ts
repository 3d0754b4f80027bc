/**
 * The portfolio breakdown an account in portfolio margin carries in its risk report (`portfolio`
 * in `RiskJson`, the account risk endpoint): per parameter group (settlement currency or risk
 * unit) its positions as the scenario maths sees them and the `margin risk --json` report of
 * them; the explanation lines of every group, which sum exactly to `initial` and `maintenance`
 * (equal to the account's `initialMargin` and `maintenanceMargin`). docs/portfolio-margin.md.
 */
import { z } from 'zod';
import { decimalText } from '../events/fields.js';
import { floatText, portfolioRiskReportJsonSchema } from './portfolio-json.js';

const breakdownLine = z.strictObject({ group: z.string(), kind: z.string(), label: z.string(), amount: decimalText });

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
  })
  .meta({ description: 'portfolio-margin breakdown: groups with their scenario reports; explain lines sum exactly to initial and maintenance' });

export type PortfolioBreakdownJsonShape = z.output<typeof portfolioBreakdownJsonSchema>;
