/** Accounts at risk: the margin-ratio distribution and every account with positions, riskiest first. */
import { api, type AccountSummary, type InstrumentJson } from '../api.js';
import { BarChart } from '../charts.js';
import { count, esc, money, percent, ratioClass } from '../format.js';
import { $, every, showError, type Page } from './page.js';
import { downloadCsv, sortableHeaders, type SortState } from '../table-tools.js';
import { skeletonRows } from './overview.js';

interface Distribution {
  accounts: number;
  buckets: { fromPercent: number; toPercent: number | null; accounts: number }[];
}

const PAGE_ROWS = 25;

function bandColor(fromPercent: number): string {
  if (fromPercent >= 100) return '#991b1b';
  if (fromPercent >= 90) return '#dc2626';
  if (fromPercent >= 80) return '#f59e0b';
  if (fromPercent >= 50) return '#eab308';
  return '#16a34a';
}

/** The pool a ratio belongs to, as a person reads it: "cross USDT" or "ETHUSDT short isolated". */
export function poolName(pool: AccountSummary['pool']): string {
  if (pool === null) return '—';
  return pool.kind === 'cross' ? `cross ${pool.asset ?? ''}`.trim() : `${pool.symbol ?? ''} ${pool.side ?? ''} isolated`;
}

const CSV_HEADER = ['account', 'pool', 'pool_asset', 'margin_ratio', 'pool_equity', 'pool_maintenance_margin', 'pool_initial_margin', 'liquidatable', 'account_asset', 'account_equity', 'account_maintenance_margin', 'account_initial_margin', 'available_balance', 'positions', 'modes', 'symbols'];

function csvRow(a: AccountSummary): unknown[] {
  return [a.account, poolName(a.pool), a.pool?.asset ?? '', a.marginRatio ?? '', a.pool?.equity ?? '', a.pool?.maintenanceMargin ?? '', a.pool?.initialMargin ?? '', a.liquidatable, a.asset ?? '', a.equity, a.maintenanceMargin, a.initialMargin, a.availableBalance, a.positions, a.modes.join(' '), a.symbols.join(' ')];
}

export class RiskPage implements Page {
  private stops: (() => void)[] = [];
  private chart: BarChart | null = null;
  private offset = 0;
  private sort: SortState = { key: 'ratio', order: 'desc' };
  private filters = { symbol: '', asset: '', mode: '' };

  mount(root: HTMLElement): void {
    root.innerHTML = `
      <div class="page-head"><h1>Accounts at risk</h1><p class="sub">Margin ratio = maintenance margin / equity, per pool (the cross pool, or each isolated position); each row shows the account's riskiest pool with that pool's own equity and maintenance, then the account's totals. Margin calls at 80 %, 90 %; liquidation at 100 %.</p><div class="error-slot"></div></div>
      <section class="card">
        <div class="card-head"><h2>Margin-ratio distribution</h2><span class="muted" id="dist-total">—</span></div>
        <div class="chart" id="dist-chart" style="height:240px"></div>
      </section>
      <section class="card">
        <div class="card-head"><h2>Riskiest accounts</h2>
          <div class="filters">
            <label>Symbol <select id="f-symbol"><option value="">all</option></select></label>
            <label>Asset <select id="f-asset"><option value="">all</option></select></label>
            <label>Mode <select id="f-mode"><option value="">all</option><option value="cross">cross</option><option value="isolated">isolated</option></select></label>
            <button id="export" class="export" type="button">Export CSV</button>
          </div>
          <div class="pager"><button id="prev" type="button">← Prev</button><span id="page-info" class="muted">—</span><button id="next" type="button">Next →</button></div>
        </div>
        <table class="num-table" id="risk-table">
          <thead><tr><th>#</th><th data-sort="account" data-sort-text>Account</th><th data-sort="ratio">Margin ratio</th><th>Pool</th><th data-sort="poolEquity">Pool equity</th><th data-sort="poolMaintenanceMargin">Pool maintenance</th><th data-sort="equity">Account equity</th><th>Account maintenance</th><th>Available (cross)</th><th>Positions</th><th>Mode</th></tr></thead>
          <tbody>${skeletonRows(1, 11)}</tbody>
        </table>
      </section>`;
    const edges = [0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    this.chart = new BarChart($(root, '#dist-chart'), 220, (i) => bandColor(edges[i] ?? 0), 'accounts');
    $(root, '#prev').addEventListener('click', () => {
      this.offset = Math.max(0, this.offset - PAGE_ROWS);
      void this.loadTable(root);
    });
    $(root, '#next').addEventListener('click', () => {
      this.offset += PAGE_ROWS;
      void this.loadTable(root);
    });
    for (const name of ['symbol', 'asset', 'mode'] as const) {
      $(root, `#f-${name}`).addEventListener('change', (e) => {
        this.filters[name] = (e.target as HTMLSelectElement).value;
        this.offset = 0;
        void this.loadTable(root);
      });
    }
    sortableHeaders($(root, '#risk-table'), this.sort, () => {
      this.offset = 0;
      void this.loadTable(root);
    });
    $(root, '#export').addEventListener('click', () => void this.exportCsv(root));
    void this.loadFilterOptions(root);
    this.stops.push(
      every(2_000, async () => {
        const dist = await api<Distribution>('/v1/risk/distribution');
        this.chart?.set(
          dist.buckets.map((b) => (b.toPercent === null ? `≥${b.fromPercent}%` : `${b.fromPercent}–${b.toPercent}%`)),
          dist.buckets.map((b) => b.accounts),
        );
        $(root, '#dist-total').textContent = `${count(dist.accounts)} accounts with positions`;
        await this.loadTable(root);
        showError(root, null);
      }, (error) => showError(root, error)),
    );
  }

  unmount(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.chart?.destroy();
    this.chart = null;
  }

  private async loadFilterOptions(root: HTMLElement): Promise<void> {
    const { instruments } = await api<{ instruments: InstrumentJson[] }>('/v1/instruments');
    const symbols = instruments.map((i) => i.symbol).sort();
    const assets = [...new Set(instruments.map((i) => i.settle))].sort();
    $(root, '#f-symbol').innerHTML = ['', ...symbols].map((s) => `<option value="${esc(s)}">${s === '' ? 'all' : esc(s)}</option>`).join('');
    $(root, '#f-asset').innerHTML = ['', ...assets].map((s) => `<option value="${esc(s)}">${s === '' ? 'all' : esc(s)}</option>`).join('');
  }

  /** The list's query: filters and sort as the API takes them. */
  query(): string {
    const q = new URLSearchParams();
    if (this.filters.symbol !== '') q.set('symbol', this.filters.symbol);
    if (this.filters.asset !== '') q.set('asset', this.filters.asset);
    if (this.filters.mode !== '') q.set('mode', this.filters.mode);
    q.set('sort', this.sort.key);
    q.set('order', this.sort.order);
    return q.toString();
  }

  private async exportCsv(root: HTMLElement): Promise<void> {
    try {
      const rows: AccountSummary[] = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await api<{ total: number; accounts: AccountSummary[] }>(`/v1/risk/accounts?limit=1000&offset=${offset}&${this.query()}`);
        rows.push(...page.accounts);
        if (offset + 1000 >= page.total || page.accounts.length === 0) break;
      }
      downloadCsv('accounts-at-risk.csv', CSV_HEADER, rows.map(csvRow));
    } catch (error) {
      showError(root, error as Error);
    }
  }

  /** Number of the latest table request: an answer to an older one (a filter changed since, or the poll's) is not drawn over it. */
  private tableRequest = 0;

  private async loadTable(root: HTMLElement): Promise<void> {
    const request = ++this.tableRequest;
    const data = await api<{ total: number; offset: number; accounts: AccountSummary[] }>(`/v1/risk/accounts?limit=${PAGE_ROWS}&offset=${this.offset}&${this.query()}`);
    if (request !== this.tableRequest) return;
    if (this.offset >= data.total && data.total > 0) this.offset = Math.max(0, data.total - PAGE_ROWS);
    const rows = data.accounts.map((a, i) => {
      const pool = a.pool;
      const cls = ratioClass(a.marginRatio, pool?.liquidatable ?? a.liquidatable);
      const ratio = a.marginRatio === null ? ((pool?.liquidatable ?? a.liquidatable) ? 'equity ≤ 0' : '—') : percent(a.marginRatio);
      const width = a.marginRatio === null ? ((pool?.liquidatable ?? a.liquidatable) ? 100 : 0) : Math.min(100, Number(a.marginRatio) * 100);
      return `<tr data-account="${esc(a.account)}">
        <td class="muted">${count(data.offset + i + 1)}</td>
        <td class="text"><a href="#/account/${encodeURIComponent(a.account)}">${esc(a.account)}</a></td>
        <td><span class="ratio-cell ${cls}"><span class="ratio-text">${ratio}</span><span class="ratio"><span class="ratio-bar" style="width:${width}%"></span></span></span></td>
        <td class="text pool-name">${esc(poolName(pool))}</td>
        <td class="pool-equity">${money(pool?.equity ?? null, pool?.asset)}</td>
        <td class="pool-mm">${money(pool?.maintenanceMargin ?? null, pool?.asset)}</td>
        <td>${money(a.equity, a.asset)}</td>
        <td>${money(a.maintenanceMargin, a.asset)}</td>
        <td>${money(a.availableBalance, a.asset)}</td>
        <td class="text">${esc(a.symbols.join(', '))}</td>
        <td class="text">${esc(a.modes.join(' + '))}</td>
      </tr>`;
    });
    $(root, '#risk-table tbody').innerHTML = rows.length > 0 ? rows.join('') : '<tr><td colspan="11" class="empty">No account matches these filters.</td></tr>';
    const last = Math.min(data.offset + PAGE_ROWS, data.total);
    $(root, '#page-info').textContent = `${count(data.total === 0 ? 0 : data.offset + 1)}–${count(last)} of ${count(data.total)}`;
  }
}
