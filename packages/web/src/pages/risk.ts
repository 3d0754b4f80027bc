/** Accounts at risk: the margin-ratio distribution and every account with positions, riskiest first. */
import { api, type AccountSummary } from '../api.js';
import { BarChart } from '../charts.js';
import { count, esc, money, percent, ratioClass } from '../format.js';
import { $, every, showError, type Page } from './page.js';
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

export class RiskPage implements Page {
  private stops: (() => void)[] = [];
  private chart: BarChart | null = null;
  private offset = 0;

  mount(root: HTMLElement): void {
    root.innerHTML = `
      <div class="page-head"><h1>Accounts at risk</h1><p class="sub">Margin ratio = maintenance margin / equity, per pool (cross, or each isolated position); an account shows its riskiest pool. Margin calls at 80 %, 90 %; liquidation at 100 %.</p><div class="error-slot"></div></div>
      <section class="card">
        <div class="card-head"><h2>Margin-ratio distribution</h2><span class="muted" id="dist-total">—</span></div>
        <div class="chart" id="dist-chart" style="height:240px"></div>
      </section>
      <section class="card">
        <div class="card-head"><h2>Riskiest accounts</h2>
          <div class="pager"><button id="prev" type="button">← Prev</button><span id="page-info" class="muted">—</span><button id="next" type="button">Next →</button></div>
        </div>
        <table class="num-table" id="risk-table">
          <thead><tr><th>#</th><th>Account</th><th>Margin ratio</th><th>Equity</th><th>Maintenance margin</th><th>Initial margin</th><th>Available</th><th>Positions</th><th>Mode</th></tr></thead>
          <tbody>${skeletonRows(PAGE_ROWS, 9)}</tbody>
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

  private async loadTable(root: HTMLElement): Promise<void> {
    const data = await api<{ total: number; offset: number; accounts: AccountSummary[] }>(`/v1/risk/accounts?limit=${PAGE_ROWS}&offset=${this.offset}`);
    if (this.offset >= data.total && data.total > 0) this.offset = Math.max(0, data.total - PAGE_ROWS);
    const rows = data.accounts.map((a, i) => {
      const cls = ratioClass(a.marginRatio, a.liquidatable);
      const ratio = a.marginRatio === null ? (a.liquidatable ? 'equity ≤ 0' : '—') : percent(a.marginRatio);
      const width = a.marginRatio === null ? (a.liquidatable ? 100 : 0) : Math.min(100, Number(a.marginRatio) * 100);
      return `<tr>
        <td class="muted">${count(data.offset + i + 1)}</td>
        <td class="text"><a href="#/account/${encodeURIComponent(a.account)}">${esc(a.account)}</a></td>
        <td><span class="ratio-cell ${cls}"><span class="ratio-text">${ratio}</span><span class="ratio"><span class="ratio-bar" style="width:${width}%"></span></span></span></td>
        <td>${money(a.equity, a.asset)}</td>
        <td>${money(a.maintenanceMargin, a.asset)}</td>
        <td>${money(a.initialMargin, a.asset)}</td>
        <td>${money(a.availableBalance, a.asset)}</td>
        <td class="text">${esc(a.symbols.join(', '))}</td>
        <td class="text">${esc(a.modes.join(' + '))}</td>
      </tr>`;
    });
    while (rows.length < PAGE_ROWS) rows.push(`<tr>${'<td>&nbsp;</td>'.repeat(9)}</tr>`);
    $(root, '#risk-table tbody').innerHTML = rows.join('');
    const last = Math.min(data.offset + PAGE_ROWS, data.total);
    $(root, '#page-info').textContent = `${count(data.total === 0 ? 0 : data.offset + 1)}–${count(last)} of ${count(data.total)}`;
  }
}
