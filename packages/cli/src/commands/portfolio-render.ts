/** Text renderings of portfolio margin reports (`margin span`, `margin risk` with a portfolio profile): the explanation first, then the grid. */
import type { ExplainLineJson, PortfolioRiskReport, SpanReportJson } from '@margin/core';
import { groupThousands, renderTable } from '../table.js';

function explainTable(lines: readonly ExplainLineJson[], total: string, title: string): string {
  const rows = lines.map((l) => [l.cc ?? '', l.label, groupThousands(l.amount)]);
  rows.push(['', title, groupThousands(total)]);
  return renderTable([{ title: 'cc', align: 'left' }, { title: 'component', align: 'left' }, { title: 'amount' }], rows);
}

export function renderSpan(report: SpanReportJson): string {
  const out = [
    `SPAN  ${report.exchangeComplex} ${report.businessDate}  account class ${report.accountClass}  (${report.currency ?? ''})`,
    '',
    `  maintenance  ${groupThousands(report.maintenance)}`,
    `  initial      ${groupThousands(report.initial)}`,
    `  net option value ${groupThousands(report.netOptionValue)} (long ${groupThousands(report.longOptionValue)}, short ${groupThousands(report.shortOptionValue)})`,
    '',
    'Maintenance, explained (sums exactly):',
    explainTable(report.explain.maintenance, report.maintenance, 'maintenance requirement'),
  ];
  for (const cc of report.combinedCommodities) {
    const contracts = cc.scenarios[0]?.byPosition.map((p) => p.contract) ?? [];
    out.push(`Combined commodity ${cc.cc}: scan ${groupThousands(cc.scanRisk)} in scenario ${cc.activeScenario} (price ${cc.priceRisk}, volatility ${cc.volatilityRisk}, time ${cc.timeRisk}); net delta ${cc.netDelta}`);
    const rows = cc.scenarios.map((s) => [s.scenario === cc.activeScenario ? `${s.scenario} *` : String(s.scenario), ...s.byPosition.map((p) => p.loss), s.loss]);
    out.push(renderTable([{ title: 'scenario', align: 'left' }, ...contracts.map((c) => ({ title: c })), { title: 'loss' }], rows));
  }
  out.push('Losses positive; * the active scenario. --json for every field.');
  return `${out.join('\n')}\n`;
}

export function renderPortfolioRisk(report: PortfolioRiskReport): string {
  const head = report.method === 'grid' ? `${report.profile}  ${report.currency} (${report.settlement})` : `${report.profile}  risk unit ${report.unit} (${report.settlement})`;
  const out = [
    `Portfolio margin  ${head}`,
    '',
    `  initial      ${groupThousands(report.initial)}`,
    `  maintenance  ${groupThousands(report.maintenance)}`,
    '',
    'Initial, explained:',
    explainTable(report.explain.initial, report.initial, 'initial requirement'),
    'Maintenance, explained:',
    explainTable(report.explain.maintenance, report.maintenance, 'maintenance requirement'),
  ];
  const worst = report.worstCell;
  if (worst !== null) {
    out.push(`Worst scenario: move ${worst.move}, volatility ${worst.vol}`);
    out.push(renderTable([{ title: 'position', align: 'left' }, { title: 'P&L' }], worst.byPosition.map((p) => [p.id, p.pnl])));
  }
  out.push(`Not modelled: ${report.notModelled.join('; ')}`);
  out.push('P&L gain-positive. --json for the whole grid.');
  return `${out.join('\n')}\n`;
}
