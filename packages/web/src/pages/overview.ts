/** Overview: accounts, open interest, insurance fund, funding, and the BTCUSDT mark at a glance. */
import { api, type Overview } from '../api.js';
import { LineChart } from '../charts.js';
import { amount, compactMoney, contracts, count, esc, money, price, quoteOf, rate, symbolPrice, time } from '../format.js';
import { stream } from '../stream.js';
import { $, every, showError, type Page } from './page.js';
import { RowTable, num } from '../row-table.js';
import { downloadCsv } from '../table-tools.js';

const CHART_SYMBOL = 'BTCUSDT';

type OiRow = Overview['openInterest'][number] & { fundingRate: string | null };

export class OverviewPage implements Page {
  private stops: (() => void)[] = [];
  private chart: LineChart | null = null;
  private oiTable: RowTable<OiRow> | null = null;
  private system: Overview['system'] = {};

  mount(root: HTMLElement): void {
    root.innerHTML = `
      <div class="page-head"><h1>Overview</h1><p class="sub">The whole book at a glance: updated live from the engine's committed events.</p><div class="error-slot"></div></div>
      <section class="kpis" id="kpis">
        ${kpi('accounts', 'Accounts', 'with positions')}
        ${kpi('oi', 'Open interest (linear)', 'long side, at the mark')}
        ${kpi('insurance', 'Insurance fund', 'all settle assets, valued')}
        ${kpi('calls', 'Margin calls', 'since start')}
        ${kpi('liq', 'Liquidatable now', 'equity below maintenance')}
      </section>
      <section class="grid two wide-left">
        <div class="card">
          <div class="card-head"><h2>Open interest by symbol</h2><div class="filters"><label>Asset <select id="oi-asset"><option value="">all</option></select></label><button id="export-oi" class="export" type="button">Export CSV</button></div></div>
          <table class="num-table" id="oi-table">
            <thead><tr><th data-sort="symbol" data-sort-text>Symbol</th><th data-sort="markPrice">Mark price</th><th data-sort="contracts">Open interest</th><th data-sort="notional">Notional (long)</th><th data-sort="holders">Holders</th><th data-sort="fundingRate">Funding rate</th></tr></thead>
            <tbody>${skeletonRows(5, 6)}</tbody>
          </table>
        </div>
        <div class="card">
          <div class="card-head"><h2>System accounts</h2><button id="export-system" class="export" type="button">Export CSV</button></div>
          <table class="num-table" id="system-table">
            <thead><tr><th>Account</th><th>BTC</th><th>ETH</th><th>USDT</th></tr></thead>
            <tbody>${skeletonRows(4, 4)}</tbody>
          </table>
          <p class="note">Clearing = the engine's <code>clearing</code> account, the counterparty of every fill's PnL and every funding payment (its net size's side). Net deposits = deposits − withdrawals (the engine's <code>world</code> account, sign flipped). Engine pass over all accounts: <span id="pass">—</span>.</p>
        </div>
      </section>
      <section class="card">
        <div class="card-head"><h2>${CHART_SYMBOL} mark and index price</h2><span class="muted" id="mark-last">—</span></div>
        <div class="chart" id="mark-chart" style="height:260px"></div>
      </section>`;
    this.chart = new LineChart($(root, '#mark-chart'), {
      height: 230,
      series: [
        { label: 'mark (USDT)', color: '#2563eb', width: 2 },
        { label: 'index (USDT)', color: '#9ca3af', dash: [4, 3] },
      ],
      formatY: (v) => price(v.toFixed(1)),
      minSpanSeconds: 60,
    });
    void this.loadMarks(root);
    this.oiTable = new RowTable<OiRow>($(root, '#oi-table'), {
      sort: { key: '', order: 'asc' },
      sortValue: (r, key) => (key === 'symbol' ? r.symbol : key === 'holders' ? r.holders : key === '' ? null : num(r[key as 'markPrice' | 'contracts' | 'notional' | 'fundingRate'])),
      render: (rows) => this.renderOi(root, rows),
      csvHeader: ['symbol', 'settle', 'mark_price', 'open_interest_contracts', 'notional_long', 'holders', 'funding_rate'],
      csvRow: (r) => [r.symbol, r.settle, r.markPrice ?? '', r.contracts, r.notional, r.holders, r.fundingRate ?? ''],
    });
    $(root, '#oi-asset').addEventListener('change', (e) => {
      const asset = (e.target as HTMLSelectElement).value;
      this.oiTable?.setFilter((r) => asset === '' || r.settle === asset);
    });
    $(root, '#export-oi').addEventListener('click', () => this.oiTable?.exportCsv('open-interest.csv'));
    $(root, '#export-system').addEventListener('click', () => {
      // One row per system account and asset, the API's exact balances.
      const rows = Object.keys(this.system).sort().flatMap((asset) => Object.entries(this.system[asset] ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([account, balance]) => [asset, account, balance]));
      downloadCsv('system-accounts.csv', ['asset', 'account', 'balance'], rows);
    });
    this.stops.push(
      every(2_000, async () => {
        this.render(root, await api<Overview>('/v1/overview'));
        showError(root, null);
      }, (error) => showError(root, error)),
    );
    this.stops.push(
      stream.subscribe('marks', (message) => {
        for (const event of (message['events'] as Record<string, string>[]) ?? []) {
          if (event['symbol'] !== CHART_SYMBOL) continue;
          this.chart?.append(Date.parse(event['time'] ?? ''), [Number(event['markPrice']), event['indexPrice'] ? Number(event['indexPrice']) : null]);
          $(root, '#mark-last').textContent = `last ${symbolPrice(CHART_SYMBOL, event['markPrice'])} at ${time(event['time'])}`;
        }
      }),
    );
  }

  unmount(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.chart?.destroy();
    this.chart = null;
  }

  private async loadMarks(root: HTMLElement): Promise<void> {
    const data = await api<{ marks: { time: string; markPrice: string; indexPrice: string | null }[] }>(`/v1/markets/${CHART_SYMBOL}/marks?limit=1000`).catch(() => null);
    if (data === null || this.chart === null) return;
    this.chart.set(
      data.marks.map((m) => Date.parse(m.time)),
      [data.marks.map((m) => Number(m.markPrice)), data.marks.map((m) => (m.indexPrice === null ? null : Number(m.indexPrice)))],
    );
    const last = data.marks[data.marks.length - 1];
    if (last !== undefined) $(root, '#mark-last').textContent = `last ${symbolPrice(CHART_SYMBOL, last.markPrice)} at ${time(last.time)}`;
  }

  private render(root: HTMLElement, o: Overview): void {
    setKpi(root, 'accounts', count(o.accounts), `${count(o.accountsWithPositions)} with positions`);
    const linear = o.openInterest.filter((row) => row.settle === 'USDT');
    const linearNotional = linear.reduce((sum, row) => sum + Number(row.notional), 0);
    setKpi(root, 'oi', compactMoney(linearNotional, 'USDT'), `${linear.length} linear symbols; inverse in the table`);
    // The whole fund in one reference currency; each settle asset's own fund in the line below.
    const fund = o.insuranceFundValued;
    const parts = fund.assets.map((a) => `${money(a.amount, a.asset)}${a.priceSymbol === null ? '' : ` @ ${symbolPrice(a.priceSymbol, a.price, false)}`}`);
    setKpi(root, 'insurance', `${money(fund.total, fund.reference)}${fund.complete ? '' : ' +'}`, parts.join(' · ') || 'no fund yet');
    $(root, '#kpi-insurance').title = fund.assets.map((a) => `${a.asset}: ${a.amount}${a.value === null ? ' (no price in ' + fund.reference + ')' : ` = ${a.value} ${fund.reference}`}`).join('\n');
    setKpi(root, 'calls', count(o.eventCounts['marginCall'] ?? 0), `${count(o.eventCounts['marginCallCleared'] ?? 0)} cleared`);
    setKpi(root, 'liq', count(o.liquidatable), `of ${count(o.accountsWithPositions)} accounts with positions`);
    $(root, '#kpi-liq').classList.toggle('alert', o.liquidatable > 0);

    const fundingBySymbol = new Map(o.funding.map((f) => [f.symbol, f.rate]));
    const assetSelect = $(root, '#oi-asset') as HTMLSelectElement;
    const settles = ['', ...new Set(o.openInterest.map((r) => r.settle))].sort();
    if (assetSelect.options.length !== settles.length) {
      const chosen = assetSelect.value;
      assetSelect.innerHTML = settles.map((a) => `<option value="${esc(a)}" ${a === chosen ? 'selected' : ''}>${a === '' ? 'all' : esc(a)}</option>`).join('');
    }
    this.system = o.system;
    this.oiTable?.set(o.openInterest.map((row) => ({ ...row, fundingRate: fundingBySymbol.get(row.symbol) ?? null })));
    this.renderSystem(root, o, Object.keys(o.system).sort());
  }

  private renderOi(root: HTMLElement, rows: readonly OiRow[]): void {
    $(root, '#oi-table tbody').innerHTML = rows
      .map((row) => {
        const quote = quoteOf(row.symbol);
        const inverse = row.settle !== quote;
        const unit = inverse ? 'contracts' : row.symbol.replace(quote, '');
        return `<tr data-symbol="${esc(row.symbol)}">
          <td class="text"><span class="sym">${esc(row.symbol)}</span> <span class="tag">${inverse ? 'inverse' : 'linear'}</span></td>
          <td>${symbolPrice(row.symbol, row.markPrice)}</td>
          <td>${contracts(row.contracts)} ${esc(unit)}</td>
          <td>${money(row.notional, row.settle)}</td>
          <td>${count(row.holders)}</td>
          <td>${rate(row.fundingRate)}</td>
        </tr>`;
      })
      .join('');
  }

  private renderSystem(root: HTMLElement, o: Overview, assets: string[]): void {
    $(root, '#system-table thead').innerHTML = `<tr><th>Account</th>${assets.map((a) => `<th>in ${esc(a)}</th>`).join('')}</tr>`;
    const line = (label: string, value: (book: Record<string, string>) => number | string): string =>
      `<tr data-line="${esc(label)}"><td class="text">${label}</td>${assets.map((asset) => `<td data-asset="${esc(asset)}">${amount(value(o.system[asset] ?? {}), asset)}</td>`).join('')}</tr>`;
    $(root, '#system-table tbody').innerHTML = [
      line('Insurance fund', (b) => b['insurance'] ?? '0'),
      line('Fees collected', (b) => b['fees'] ?? '0'),
      line('Funding rounding', (b) => b['funding-rounding'] ?? '0'),
      line('Clearing (venue counterparty)', (b) => b['clearing'] ?? '0'),
      line('Net deposits', (b) => -Number(b['world'] ?? '0')),
    ].join('');
    $(root, '#pass').textContent = `${count(o.passMs)} ms at seq ${count(o.asOfSeq)}`;
  }
}

function kpi(id: string, title: string, sub: string): string {
  return `<div class="kpi" id="kpi-${id}"><div class="kpi-title">${title}</div><div class="kpi-value">—</div><div class="kpi-sub">${sub}</div></div>`;
}

function setKpi(root: HTMLElement, id: string, value: string, sub: string): void {
  const tile = $(root, `#kpi-${id}`);
  $(tile, '.kpi-value').textContent = value;
  $(tile, '.kpi-sub').textContent = sub;
}

export function skeletonRows(rows: number, cols: number): string {
  return Array.from({ length: rows }, () => `<tr>${'<td>—</td>'.repeat(cols)}</tr>`).join('');
}
