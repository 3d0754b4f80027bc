/**
 * The portfolio-margin JSON shapes as strict schemas: `margin span --json` (SPAN) and `margin
 * risk --json` with a portfolio profile (grid or components). Core builds them
 * (`spanReportJson`, `portfolioRiskReport`); a test parses core's output strictly against these,
 * so the two cannot drift apart silently. Money is a decimal string; scenario figures are float
 * text (12 significant digits, exponent allowed).
 */
import { z } from 'zod';
import { decimalText } from '../events/fields.js';

export type { SpanReportJson, PortfolioRiskReport } from '@margin/core';

export const floatText = z.string().regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/).meta({ description: 'float figure as text (informative)' });

export const explainLineJsonSchema = z.strictObject({
  cc: z.string().nullable().optional(),
  kind: z.string(),
  label: z.string(),
  amount: decimalText,
});
const explainSchema = z.strictObject({ maintenance: z.array(explainLineJsonSchema), initial: z.array(explainLineJsonSchema) });

export const spanReportJsonSchema = z.strictObject({
  method: z.literal('span'),
  exchangeComplex: z.string(),
  businessDate: z.string(),
  accountClass: z.enum(['member', 'hedger', 'speculator']),
  currency: z.string().nullable(),
  maintenance: decimalText,
  initial: decimalText,
  longOptionValue: decimalText,
  shortOptionValue: decimalText,
  netOptionValue: decimalText,
  combinedCommodities: z.array(
    z.strictObject({
      cc: z.string(),
      currency: z.string(),
      activeScenario: z.number().int().min(1).max(16),
      scanRisk: decimalText,
      timeRisk: floatText,
      priceRisk: floatText,
      volatilityRisk: floatText,
      netDelta: floatText,
      scenarios: z.array(z.strictObject({ scenario: z.number().int(), loss: floatText, byPosition: z.array(z.strictObject({ contract: z.string(), loss: floatText })) })).length(16),
      tierDeltas: z.array(z.strictObject({ tier: z.number(), delta: floatText, remaining: floatText })),
      intraSpreads: z.array(z.strictObject({ priority: z.number(), spreads: floatText, rate: floatText, charge: decimalText })),
      spotCharges: z.array(z.strictObject({ month: z.string(), deltaInSpreads: floatText, deltaOutright: floatText, charge: decimalText })),
      interCredits: z.array(z.strictObject({ priority: z.number(), method: z.enum(['delta', 'scanning']), spreads: floatText, basis: floatText, credit: decimalText })),
      shortCalls: floatText,
      shortPuts: floatText,
      shortOptionMinimum: decimalText,
      maintenanceRisk: decimalText,
      initialRatio: decimalText,
      initialRisk: decimalText,
      longOptionValue: decimalText,
      shortOptionValue: decimalText,
    }),
  ),
  explain: explainSchema,
});

const pnlRow = z.strictObject({ id: z.string(), pnl: floatText });
const common = {
  profile: z.string(),
  settlement: z.enum(['linear', 'inverse']),
  maintenance: decimalText,
  initial: decimalText,
  explain: explainSchema,
  notModelled: z.array(z.string()),
};

export const gridReportJsonSchema = z.strictObject({
  method: z.literal('grid'),
  currency: z.string(),
  worstCase: decimalText,
  rollShock: decimalText,
  maintenanceFactor: decimalText,
  worstCell: z.strictObject({ table: z.enum(['standard', 'extended']), move: floatText, vol: z.enum(['up', 'same', 'down']), byPosition: z.array(pnlRow) }).nullable(),
  grid: z.array(z.strictObject({ table: z.enum(['standard', 'extended']), move: floatText, vol: z.enum(['up', 'same', 'down']), weight: floatText, pnl: floatText, byPosition: z.array(pnlRow) })),
  ...common,
});

export const componentsReportJsonSchema = z.strictObject({
  method: z.literal('components'),
  unit: z.string(),
  mr1: decimalText,
  mr4: decimalText,
  mr6: decimalText,
  mr7: decimalText,
  mr8: decimalText,
  binding: z.enum(['mr1+mr4', 'mr6', 'mr7']),
  reductionMultiplier: floatText,
  initialFactor: decimalText,
  worstCell: z.strictObject({ move: floatText, vol: z.enum(['up', 'same', 'down']), byPosition: z.array(pnlRow) }).nullable(),
  grid: z.array(z.strictObject({ move: floatText, vol: z.enum(['up', 'same', 'down']), pnl: floatText, byPosition: z.array(pnlRow) })),
  ...common,
});

export const portfolioRiskReportJsonSchema = z.discriminatedUnion('method', [gridReportJsonSchema, componentsReportJsonSchema]);
