/**
 * The portfolio page of an account in portfolio margin (`#/portfolio/<account>`): per parameter
 * group the scenario grid as a heat map (price move x volatility move, the worst cell marked), the
 * P&L of each position in the worst scenario, the components and charges of the requirement (the
 * explanation lines, which sum to it), and a what-if: an order previewed by the engine
 * (`POST /v1/accounts/{account}/what-if`) with the grid after it. Every figure is the API's
 * (`GET /v1/accounts/{account}/risk`, field `portfolio`); exact strings sit in `data-value`.
 */
import { api, type RiskJson, type WhatIfResult } from '../api.js';
import { esc, money } from '../format.js';
import { $, every, showError, type Page } from './page.js';
import { accountLinkHtml } from './portfolio-link.js';
import { spanSection, type SpanBreakdown } from './portfolio-span.js';

interface Cell { readonly move: string; readonly vol: string; readonly pnl: string; readonly table?: string; readonly byPosition: readonly { id: string; pnl: string }[] }
interface GroupReport {
  readonly method: 'grid' | 'components';
  readonly maintenance: string;
  readonly initial: string;
  readonly worstCell: { move: string; vol: string; table?: string; byPosition: readonly { id: string; pnl: string }[] } | null;
  readonly grid: readonly Cell[];
}
interface Breakdown {
  readonly model: string;
  readonly valuationTime: string;
  readonly initial: string;
  readonly maintenance: string;
  readonly groups: readonly { key: string; positions: readonly { id: string; symbol: string; quantity: string }[]; report: GroupReport }[];
  readonly explain: { maintenance: readonly { group: string; kind: string; label: string; amount: string }[]; initial: readonly { group: string; kind: string; label: string; amount: string }[] };
  /** SPAN accounts: the 16 scenarios per combined commodity instead of a grid (portfolio-span.ts). */
  readonly span?: SpanBreakdown;
}

const VOLS = ['up', 'same', 'down'] as const;

/** P&L figures (floats from the scenario maths) with two decimals. */
export const pnlText = (value: string): string => Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const moveText = (move: string): string => `${Number((Number(move) * 100).toPrecision(6))} %`;

function breakdownOf(risk: RiskJson | null | undefined): Breakdown | null {
  return ((risk as (RiskJson & { portfolio?: Breakdown }) | null | undefined)?.portfolio ?? null);
}

/** Heat colour of a P&L against the grid's largest magnitude: losses red, gains green. */
function heat(pnl: number, scale: number): string {
  const t = scale > 0 ? Math.min(1, Math.abs(pnl) / scale) : 0;
  const alpha = (0.08 + 0.6 * t).toFixed(3);
  return pnl < 0 ? `rgba(220, 38, 38, ${alpha})` : `rgba(22, 163, 74, ${alpha})`;
}

/** The standard-table cells of a group as a heat map (rows volatility, columns price move). */
function heatMap(id: string, report: GroupReport): string {
  const cells = report.grid.filter((c) => c.table === undefined || c.table === 'standard');
  const moves = [...new Set(cells.map((c) => c.move))].sort((a, b) => Number(a) - Number(b));
  const scale = Math.max(0, ...cells.map((c) => Math.abs(Number(c.pnl))));
  const worst = report.worstCell;
  const isWorst = (c: Cell): boolean => worst !== null && c.move === worst.move && c.vol === worst.vol && (c.table ?? 'standard') === (worst.table ?? 'standard');
  const head = `<tr><th>vol \\ move</th>${moves.map((m) => `<th>${esc(moveText(m))}</th>`).join('')}</tr>`;
  const rows = VOLS.map((vol) => {
    const tds = moves.map((move) => {
      const cell = cells.find((c) => c.move === move && c.vol === vol);
      if (cell === undefined) return '<td></td>';
      const mark = isWorst(cell);
      const style = `background:${heat(Number(cell.pnl), scale)};${mark ? 'outline:2px solid #111;outline-offset:-2px;font-weight:700' : ''}`;
      return `<td class="cell${mark ? ' worst' : ''}" data-move="${esc(cell.move)}" data-vol="${esc(vol)}" data-value="${esc(cell.pnl)}" style="${style}">${esc(pnlText(cell.pnl))}${mark ? ' ◆' : ''}</td>`;
    });
    return `<tr data-vol="${vol}"><th>${vol}</th>${tds.join('')}</tr>`;
  });
  const extended = report.grid.filter((c) => c.table === 'extended');
  const extra = extended.length === 0 ? '' : `<p class="muted small">extended table: ${extended.map((c) => `${esc(moveText(c.move))} ${esc(pnlText(c.pnl))}${isWorst(c) ? ' ◆ worst' : ''}`).join(' · ')}</p>`;
  return `<table class="num-table heatmap" id="${esc(id)}"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>${extra}`;
}

function groupSection(prefix: string, group: Breakdown['groups'][number], asset: string): string {
  const report = group.report;
  const worst = report.worstCell;
  const symbolOf = new Map(group.positions.map((p) => [p.id, p.symbol]));
  const worstRows = (worst?.byPosition ?? []).map(
    (row) => `<tr data-position="${esc(row.id)}"><td>${esc(symbolOf.get(row.id) ?? row.id)}</td><td class="pnl" data-value="${esc(row.pnl)}">${esc(pnlText(row.pnl))}</td></tr>`,
  );
  return `<div class="group" data-group="${esc(group.key)}">
      <h3>${esc(group.key)} <span class="muted small">${esc(report.method)} · maintenance <span class="group-mm" data-value="${esc(report.maintenance)}">${esc(money(report.maintenance, asset))}</span> · initial ${esc(money(report.initial, asset))}</span></h3>
      ${heatMap(`${prefix}-grid-${group.key}`, report)}
      <p class="muted small">worst scenario: ${worst === null ? '—' : `move ${esc(moveText(worst.move))}, volatility ${esc(worst.vol)}${worst.table === 'extended' ? ' (extended table)' : ''}`}</p>
      <table class="num-table worst-table"><thead><tr><th>position</th><th>P&amp;L in the worst scenario</th></tr></thead><tbody>${worstRows.join('')}</tbody></table>
    </div>`;
}

export class PortfolioPage implements Page {
  private stop: (() => void) | null = null;

  mount(root: HTMLElement, params: readonly string[]): void {
    const account = params[0] ?? '';
    root.innerHTML = `
      <div class="page-head"><h1>Portfolio margin · <span id="pf-account">${esc(account)}</span></h1>${accountLinkHtml(account)}<div class="error-slot"></div></div>
      <section class="card" id="pf-summary"><div class="card-head"><h2>Requirement</h2><span class="muted" id="pf-model"></span></div><div id="pf-figures"></div></section>
      <section class="card" id="pf-groups"><div class="card-head"><h2>Scenario grid</h2><span class="muted">P&amp;L of the portfolio per price move and volatility move; ◆ the worst cell</span></div><div id="pf-groups-body"></div></section>
      <section class="card" id="pf-explain"><div class="card-head"><h2>Charges and credits</h2><span class="muted">lines summing exactly to the maintenance requirement</span></div>
        <table class="num-table" id="pf-explain-table"><thead><tr><th>group</th><th>line</th><th>amount</th></tr></thead><tbody></tbody></table></section>
      <section class="card" id="pf-whatif"><div class="card-head"><h2>What-if</h2><span class="muted">an order through the engine's preview: the grid after it</span></div>
        <form id="pf-whatif-form" class="inline-form">
          <input id="pf-w-symbol" placeholder="symbol" value="BTCUSDT"> <select id="pf-w-side"><option>buy</option><option>sell</option></select>
          <input id="pf-w-size" placeholder="size" value="0.1"> <input id="pf-w-price" placeholder="price" value="30000"> <button type="submit">Preview</button>
        </form>
        <div id="pf-whatif-result"></div></section>`;
    let asset = '';
    this.stop = every(3_000, async () => {
      const risk = await api<RiskJson>(`/v1/accounts/${encodeURIComponent(account)}/risk`);
      showError(root, null);
      asset = risk.account.settle ?? risk.positions[0]?.settle ?? '';
      const breakdown = breakdownOf(risk);
      const figures = $(root, '#pf-figures');
      if (breakdown === null) {
        $(root, '#pf-model').textContent = 'per-position margin';
        figures.innerHTML = '<p class="muted">This account is not in portfolio margin (command setPortfolioMargin).</p>';
        $(root, '#pf-groups-body').innerHTML = '';
        return;
      }
      $(root, '#pf-model').textContent = `${breakdown.model} · valued at ${breakdown.valuationTime}`;
      figures.innerHTML = `<table class="num-table"><tbody>
          <tr><td>equity</td><td id="pf-equity" data-value="${esc(risk.account.equity)}">${esc(money(risk.account.equity, asset))}</td></tr>
          <tr><td>maintenance</td><td id="pf-maintenance" data-value="${esc(breakdown.maintenance)}">${esc(money(breakdown.maintenance, asset))}</td></tr>
          <tr><td>initial</td><td id="pf-initial" data-value="${esc(breakdown.initial)}">${esc(money(breakdown.initial, asset))}</td></tr></tbody></table>`;
      $(root, '#pf-groups-body').innerHTML = breakdown.groups.map((g) => groupSection('now', g, asset)).join('') + (breakdown.span === undefined ? '' : spanSection('now', breakdown.span, asset));
      $(root, '#pf-explain-table tbody').innerHTML = breakdown.explain.maintenance
        .map((line) => `<tr data-kind="${esc(line.kind)}" data-group="${esc(line.group)}"><td>${esc(line.group)}</td><td class="text">${esc(line.label)}</td><td class="amount" data-value="${esc(line.amount)}">${esc(money(line.amount, asset))}</td></tr>`)
        .join('');
      root.dataset['loaded'] = 'true';
    }, (error) => showError(root, error));
    $(root, '#pf-whatif-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = (id: string): string => (root.querySelector<HTMLInputElement>(id)?.value ?? '').trim();
      const order: Record<string, string> = { symbol: value('#pf-w-symbol'), side: value('#pf-w-side'), size: value('#pf-w-size') };
      if (value('#pf-w-price') !== '') order['price'] = value('#pf-w-price');
      const out = $(root, '#pf-whatif-result');
      void api<WhatIfResult>(`/v1/accounts/${encodeURIComponent(account)}/what-if`, { method: 'POST', body: { order } })
        .then((result) => {
          const afterBreakdown = breakdownOf(result.after);
          const verdict = result.verdict.accepted ? 'accepted' : `rejected: ${result.verdict.code ?? ''} ${result.verdict.reason ?? ''}`;
          out.innerHTML = `<p id="pf-whatif-verdict" data-accepted="${String(result.verdict.accepted)}">${esc(verdict)} · maintenance after
              <span id="pf-whatif-mm" data-value="${esc(afterBreakdown?.maintenance ?? '')}">${esc(money(afterBreakdown?.maintenance ?? null, asset))}</span></p>
            ${afterBreakdown === null ? '' : afterBreakdown.groups.map((g) => groupSection('after', g, asset)).join('') + (afterBreakdown.span === undefined ? '' : spanSection('after', afterBreakdown.span, asset))}`;
        })
        .catch((error: Error) => {
          out.innerHTML = `<p class="neg">${esc(error.message)}</p>`;
        });
    });
  }

  unmount(): void {
    this.stop?.();
  }
}
