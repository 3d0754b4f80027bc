/**
 * The breakdown of a SPAN account (`portfolio.span` in the account risk report; schema
 * `spanBreakdownJsonSchema` in @margin/wire): the parameter set, each engine position as the SPAN
 * contract and quantity the maths reads, and core's `margin span --json` report of them (16
 * scenarios per combined commodity with each position's loss, the active scenario, charges,
 * credits, floors). The explanation lines are the report's, grouped by combined commodity
 * (`portfolio` for portfolio-level lines), and with options one `option-value-in-equity` line (the
 * net option value the engine adds back, ADR 0041); they sum exactly to the requirement.
 */
import { floatText, formatFixed, SPAN_SCENARIOS, spanReportJson, type Fixed } from '@margin/core';
import type { SpanRequirement } from './span-requirement.js';

export function spanBreakdownJson(requirement: SpanRequirement, engine?: { readonly initial: Fixed; readonly maintenance: Fixed }) {
  const report = spanReportJson(requirement.result);
  const line = (l: { readonly cc?: string | null | undefined; readonly kind: string; readonly label: string; readonly amount: string }) => ({ group: l.cc ?? 'portfolio', kind: l.kind, label: l.label, amount: l.amount });
  // ADR 0041: the engine's requirement is core's plus the net option value its equity counts; one line says so.
  const valueLine = (core: Fixed, engineFigure: Fixed | undefined) =>
    engineFigure === undefined || engineFigure === core
      ? []
      : [{ group: 'portfolio', kind: 'option-value-in-equity', label: "net option value at the file's prices, counted in equity (at the engine's marks)", amount: formatFixed(engineFigure - core) }];
  return {
    value: {
      parameterSet: requirement.set,
      accountClass: requirement.accountClass,
      // The 16 standard scenarios as the report's `scenario` numbers mean them (for tables and heat maps).
      scenarios: SPAN_SCENARIOS.map((sc) => ({ scenario: sc.point, priceMove: floatText(sc.priceMove), volMove: sc.volMove, extreme: sc.extreme })),
      positions: requirement.positions.map((p) => ({ id: p.key, symbol: p.symbol, contract: p.contract, quantity: floatText(p.quantity) })),
      report,
    },
    explain: {
      maintenance: [...report.explain.maintenance.map(line), ...valueLine(requirement.result.maintenance, engine?.maintenance)],
      initial: [...report.explain.initial.map(line), ...valueLine(requirement.result.initial, engine?.initial)],
    },
  };
}
