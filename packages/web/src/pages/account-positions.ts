/**
 * The account page's positions table: one row per position with the figures the cards explain,
 * sortable, filtered by symbol and margin mode, exported as CSV with the API's exact strings.
 * Drawn from the same live `RiskJson` as the tiles and cards.
 */
import type { PositionJson, RiskJson } from '../api.js';
import { contracts, esc, money, percent, symbolPrice } from '../format.js';
import { RowTable, num } from '../row-table.js';
import { $ } from './page.js';

export const POSITIONS_TABLE_SECTION = `
      <section class="card" id="positions-card">
        <div class="card-head"><h2>Positions</h2>
          <div class="filters">
            <label>Symbol <select id="pos-symbol"><option value="">all</option></select></label>
            <label>Mode <select id="pos-mode"><option value="">all</option><option value="cross">cross</option><option value="isolated">isolated</option></select></label>
            <button id="export-positions" class="export" type="button">Export CSV</button>
          </div>
        </div>
        <table class="num-table" id="positions-table">
          <thead><tr><th data-sort="symbol" data-sort-text>Symbol</th><th data-sort="side" data-sort-text>Side</th><th data-sort="margin" data-sort-text>Mode</th><th data-sort="size">Size</th><th data-sort="entryPrice">Entry</th><th data-sort="markPrice">Mark</th><th data-sort="notional">Notional</th><th data-sort="initialMargin">IM</th><th data-sort="maintenanceMargin">MM</th><th data-sort="unrealizedPnl">uPnL</th><th data-sort="liquidationPrice">Liq. price</th><th data-sort="marginRatio">Isolated ratio</th></tr></thead>
          <tbody><tr><td colspan="12" class="empty">Loading…</td></tr></tbody>
        </table>
      </section>`;

const NUMERIC = new Set(['size', 'entryPrice', 'markPrice', 'notional', 'initialMargin', 'maintenanceMargin', 'unrealizedPnl', 'liquidationPrice', 'marginRatio']);

export class PositionsTable {
  private readonly table: RowTable<PositionJson>;
  private symbol = '';
  private mode = '';
  private account = '';

  constructor(private readonly root: HTMLElement) {
    this.table = new RowTable<PositionJson>($(root, '#positions-table'), {
      sort: { key: '', order: 'asc' },
      sortValue: (p, key) => (NUMERIC.has(key) ? num(p[key as 'size'] ?? null) : key === 'symbol' || key === 'side' || key === 'margin' ? p[key] : null),
      render: (rows) => this.render(rows),
      csvHeader: ['account', 'symbol', 'side', 'margin', 'size', 'entry_price', 'mark_price', 'notional', 'settle', 'initial_margin', 'maintenance_margin', 'unrealized_pnl', 'liquidation_price', 'bankruptcy_price', 'tier', 'leverage', 'isolated_balance', 'isolated_equity', 'isolated_margin_ratio'],
      csvRow: (p) => [this.account, p.symbol, p.side, p.margin, p.size, p.entryPrice, p.markPrice, p.notional, p.settle, p.initialMargin, p.maintenanceMargin, p.unrealizedPnl, p.liquidationPrice ?? '', p.bankruptcyPrice ?? '', p.tier, p.leverage, p.isolatedBalance ?? '', p.isolatedEquity ?? '', p.marginRatio ?? ''],
    });
    const filter = (): void => this.table.setFilter((p) => (this.symbol === '' || p.symbol === this.symbol) && (this.mode === '' || p.margin === this.mode));
    $(root, '#pos-symbol').addEventListener('change', (e) => {
      this.symbol = (e.target as HTMLSelectElement).value;
      filter();
    });
    $(root, '#pos-mode').addEventListener('change', (e) => {
      this.mode = (e.target as HTMLSelectElement).value;
      filter();
    });
    $(root, '#export-positions').addEventListener('click', () => this.table.exportCsv(`positions-${this.account}.csv`));
  }

  /** The account's live risk: every position, in the API's order unless a header sorts them. */
  set(account: string, risk: RiskJson): void {
    this.account = account;
    const select = $(this.root, '#pos-symbol') as HTMLSelectElement;
    const symbols = ['', ...new Set(risk.positions.map((p) => p.symbol))].sort();
    if ([...select.options].map((o) => o.value).join() !== symbols.join()) {
      const chosen = select.value;
      select.innerHTML = symbols.map((s) => `<option value="${esc(s)}" ${s === chosen ? 'selected' : ''}>${s === '' ? 'all' : esc(s)}</option>`).join('');
    }
    this.table.set(risk.positions);
  }

  private render(rows: readonly PositionJson[]): void {
    $(this.root, '#positions-table tbody').innerHTML =
      rows.length === 0
        ? '<tr><td colspan="12" class="empty">No position matches.</td></tr>'
        : rows
            .map(
              (p) => `<tr data-symbol="${esc(p.symbol)}" data-side="${esc(p.side)}" data-margin="${esc(p.margin)}">
          <td class="text">${esc(p.symbol)}</td><td class="text"><span class="side ${esc(p.side)}">${esc(p.side)}</span></td><td class="text">${esc(p.margin)}</td>
          <td class="size">${contracts(p.size)}</td><td>${symbolPrice(p.symbol, p.entryPrice, false)}</td><td>${symbolPrice(p.symbol, p.markPrice, false)}</td>
          <td class="notional">${money(p.notional, p.settle)}</td><td>${money(p.initialMargin, p.settle)}</td><td class="mm">${money(p.maintenanceMargin, p.settle)}</td>
          <td class="upnl">${money(p.unrealizedPnl, p.settle, true)}</td><td>${symbolPrice(p.symbol, p.liquidationPrice, false)}</td><td>${p.margin === 'isolated' ? percent(p.marginRatio ?? null) : '—'}</td></tr>`,
            )
            .join('');
  }
}
