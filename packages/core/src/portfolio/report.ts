/**
 * JSON reports of portfolio margin (`margin span --json`, `margin risk --json` with a portfolio
 * profile): money as exact decimal strings (the explanation's amounts sum to the requirement),
 * scenario figures as float text (12 significant digits, informative only).
 */
import { formatFixed } from '../num/decimal.js';
import type { SpanResult } from './span/compute.js';
import { explainSpan, type ExplainLine } from './span/explain.js';
import type { PmLine } from './deribit-pm/compute.js';

/** A float figure as text at 12 significant digits ("-6943.64", "0.333333333333"). */
export function floatText(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value === 0 ? 0 : value);
  return String(Number(value.toPrecision(12)));
}

export interface ExplainLineJson {
  readonly cc?: string | null;
  readonly kind: string;
  readonly label: string;
  readonly amount: string;
}

export const lineJson = (line: ExplainLine | PmLine): ExplainLineJson => ({ ...('cc' in line ? { cc: line.cc } : {}), kind: line.kind, label: line.label, amount: formatFixed(line.amount) });

export function spanReportJson(result: SpanResult) {
  const explained = explainSpan(result);
  return {
    method: 'span' as const,
    exchangeComplex: result.exchangeComplex,
    businessDate: result.businessDate,
    accountClass: result.accountClass,
    currency: result.ccs[0]?.currency ?? null,
    maintenance: formatFixed(result.maintenance),
    initial: formatFixed(result.initial),
    longOptionValue: formatFixed(result.longOptionValue),
    shortOptionValue: formatFixed(result.shortOptionValue),
    netOptionValue: formatFixed(result.netOptionValue),
    combinedCommodities: result.ccs.map((cc) => ({
      cc: cc.cc,
      currency: cc.currency,
      activeScenario: cc.activeScenario,
      scanRisk: formatFixed(cc.scanRisk),
      timeRisk: floatText(cc.timeRisk),
      priceRisk: floatText(cc.priceRisk),
      volatilityRisk: floatText(cc.volatilityRisk),
      netDelta: floatText(cc.netDelta),
      scenarios: cc.scenarioLosses.map((loss, j) => ({
        scenario: j + 1,
        loss: floatText(loss),
        byPosition: cc.positions.map((p) => ({ contract: p.contract, loss: floatText(p.losses[j] ?? 0) })),
      })),
      tierDeltas: cc.tierDeltas.map((t) => ({ tier: t.tier, delta: floatText(t.delta), remaining: floatText(t.remaining) })),
      intraSpreads: cc.intraSpreads.map((s) => ({ priority: s.priority, spreads: floatText(s.spreads), rate: floatText(s.rate), charge: formatFixed(s.charge) })),
      spotCharges: cc.spotCharges.map((s) => ({ month: s.month, deltaInSpreads: floatText(s.deltaInSpreads), deltaOutright: floatText(s.deltaOutright), charge: formatFixed(s.charge) })),
      interCredits: cc.interCredits.map((c) => ({ priority: c.priority, method: c.method, spreads: floatText(c.spreads), basis: floatText(c.basis), credit: formatFixed(c.credit) })),
      shortCalls: floatText(cc.shortCalls),
      shortPuts: floatText(cc.shortPuts),
      shortOptionMinimum: formatFixed(cc.shortOptionMinimum),
      maintenanceRisk: formatFixed(cc.maintenanceRisk),
      initialRatio: cc.initialRatio,
      initialRisk: formatFixed(cc.initialRisk),
      longOptionValue: formatFixed(cc.longOptionValue),
      shortOptionValue: formatFixed(cc.shortOptionValue),
    })),
    explain: { maintenance: explained.maintenance.map(lineJson), initial: explained.initial.map(lineJson) },
  };
}
export type SpanReportJson = ReturnType<typeof spanReportJson>;

