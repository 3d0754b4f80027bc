/**
 * The risk desk's population views (issue 15): the ADL queue of a symbol per side (ranks as
 * published to accounts), its largest holders, the venue's net exposure (clearing) per asset, the
 * insurance fund over time, and live alerts. Every figure is the API's; the page computes nothing.
 */
import { api, type AdlQueue, type Alert, type Exposure, type Holders, type InstrumentJson, type InsuranceHistory } from '../api.js';
import { LineChart } from '../charts.js';
import { contracts, count, esc, money, time } from '../format.js';
import { stream } from '../stream.js';
import { $, every, showError, type Page } from './page.js';
import { RowTable, num } from '../row-table.js';

const ROWS = 20;
const ALERTS_KEPT = 100;
const FUND_COLORS = ['#2563eb', '#16a34a', '#dc2626', '#7c3aed', '#f59e0b'];

function lights(indicator: number): string {
  return `<span class="adl-lights" title="ADL indicator ${indicator} of 5">${'●'.repeat(indicator)}<span class="muted">${'●'.repeat(5 - indicator)}</span></span>`;
}

/** One line per alert, as a person reads it. */
export function alertText(alert: Alert): string {
  switch (alert.kind) {
    case 'marginCall':
      return `${alert.account}: margin call ${alert.event.previousLevel} → ${alert.event.level} (ratio ${alert.event.ratio ?? '—'}, ${alert.event.asset})`;
    case 'liquidation':
      return alert.event.type === 'liquidationStarted'
        ? `${alert.account}: liquidation started (${alert.event.rule}, ${alert.event.asset}${alert.event.positionKey === null ? ' cross' : ` ${alert.event.positionKey}`})`
        : `${alert.account}: liquidation ended, ${alert.event.outcome}`;
    case 'adl':
      return `${alert.account}: ADL of ${alert.event.size} ${alert.event.symbol} ${alert.event.side} (rank ${alert.event.rank} of ${alert.event.queue})`;
    case 'fundDrawdown':
      return `${alert.asset} ${alert.fund}: ${money(alert.balance, alert.asset)}, ${(Number(alert.drawdown) * 100).toFixed(2)} % below its peak of ${money(alert.peak, alert.asset)}`;
  }
}

type AdlRow = AdlQueue['rows'][number] & { symbol: string };
type HolderRow = Holders['holders'][number] & { symbol: string; settle: string };
interface ExposureRow {
  asset: string;
  /** null: the asset's total row. */
  symbol: string | null;
  longSize: string | null;
  shortSize: string | null;
  clearingSize: string | null;
  clearingNotional: string;
  markPrice: string | null;
  clearingBalance: string | null;
}
interface FundRow {
  asset: string;
  fund: string;
  balance: string;
  change: string;
  reason: string;
  seq: number | null;
  points: number;
}

export class DeskPage implements Page {
  private stops: (() => void)[] = [];
  private chart: LineChart | null = null;
  private chartKey = '';
  private symbol = '';
  private side = '';
  private readonly alerts: Alert[] = [];
  private readonly settleOf = new Map<string, string>();
  private adlSettle: string | null = null;
  /** The last answers drawn, exported as CSV with the API's exact strings. */
  private last: { queue: AdlQueue | null; holders: Holders | null; exposure: Exposure | null } = { queue: null, holders: null, exposure: null };
  private mode = '';
  private asset = '';
  private adlTable: RowTable<AdlRow> | null = null;
  private holdersTable: RowTable<HolderRow> | null = null;
  private exposureTable: RowTable<ExposureRow> | null = null;
  private fundTable: RowTable<FundRow> | null = null;

  mount(root: HTMLElement): void {
    root.innerHTML = `
      <div class="page-head"><h1>ADL queue, holders &amp; exposure</h1><p class="sub">The ADL queue ranks each side of a symbol as the engine publishes it to accounts (first row deleveraged first); the venue's net exposure is what the clearing counterparty of fills and funding holds: the opposite of the holders' net position.</p><div class="error-slot"></div></div>
      <section class="card">
        <div class="card-head"><h2>Symbol</h2>
          <div class="filters">
            <label>Symbol <select id="d-symbol"></select></label>
            <label>ADL side <select id="d-side"><option value="">both</option><option value="long">long</option><option value="short">short</option></select></label>
            <label>Mode <select id="d-mode"><option value="">all</option><option value="cross">cross</option><option value="isolated">isolated</option></select></label>
          </div>
        </div>
        <div class="grid two">
          <div><h3>ADL queue <span class="muted" id="adl-counts">—</span> <button id="export-adl" class="export" type="button">Export CSV</button></h3>
            <table class="num-table" id="adl-table"><thead><tr><th data-sort="side" data-sort-text>Side</th><th data-sort="rank" data-sort-text>Rank</th><th data-sort="indicator">Indicator</th><th data-sort="account" data-sort-text>Account</th><th data-sort="size">Size</th><th data-sort="notional">Notional</th><th data-sort="unrealizedPnl">Unrealized PnL</th><th data-sort="margin" data-sort-text>Mode</th></tr></thead><tbody></tbody></table></div>
          <div><h3>Largest holders <span class="muted" id="holders-sizes">—</span> <button id="export-holders" class="export" type="button">Export CSV</button></h3>
            <table class="num-table" id="holders-table"><thead><tr><th data-sort="account" data-sort-text>Account</th><th data-sort="side" data-sort-text>Side</th><th data-sort="size">Size</th><th data-sort="notional">Notional</th><th data-sort="share">Share of side</th><th data-sort="liquidationPrice">Liq. price</th><th data-sort="margin" data-sort-text>Mode</th></tr></thead><tbody></tbody></table></div>
        </div>
      </section>
      <section class="card">
        <div class="card-head"><h2>Venue net exposure (clearing)</h2><div class="filters"><label>Asset <select id="d-asset"><option value="">all</option></select></label><button id="export-exposure" class="export" type="button">Export CSV</button></div></div>
        <table class="num-table" id="exposure-table"><thead><tr><th data-sort="asset" data-sort-text>Asset</th><th data-sort="symbol" data-sort-text>Symbol</th><th data-sort="longSize">Long size</th><th data-sort="shortSize">Short size</th><th data-sort="clearingSize">Clearing size</th><th data-sort="clearingNotional">Clearing notional</th><th data-sort="clearingBalance">Clearing balance</th></tr></thead><tbody></tbody></table>
      </section>
      <section class="card">
        <div class="card-head"><h2>Insurance fund over time</h2><span class="muted" id="fund-since">—</span><button id="export-funds" class="export" type="button">Export CSV</button></div>
        <div class="chart" id="fund-chart" style="height:230px"></div>
        <table class="num-table" id="fund-table"><thead><tr><th data-sort="asset" data-sort-text>Asset</th><th data-sort="fund" data-sort-text>Fund</th><th data-sort="balance">Balance</th><th data-sort="change">Last change</th><th data-sort="reason" data-sort-text>Reason</th><th data-sort="points">Changes kept</th></tr></thead><tbody></tbody></table>
      </section>
      <section class="card">
        <div class="card-head"><h2>Alerts</h2><span class="muted">margin calls, liquidations, ADL, fund drawdown (live)</span></div>
        <ul id="alerts" class="alert-list"><li class="muted">none since this page opened</li></ul>
      </section>`;
    $(root, '#d-symbol').addEventListener('change', (e) => {
      this.symbol = (e.target as HTMLSelectElement).value;
      void this.loadSymbol(root).catch((error: Error) => showError(root, error));
    });
    $(root, '#d-side').addEventListener('change', (e) => {
      this.side = (e.target as HTMLSelectElement).value;
      void this.loadSymbol(root).catch((error: Error) => showError(root, error));
    });
    this.makeTables(root);
    $(root, '#export-adl').addEventListener('click', () => this.adlTable?.exportCsv(`adl-${this.last.queue?.symbol ?? this.symbol}.csv`));
    $(root, '#export-holders').addEventListener('click', () => this.holdersTable?.exportCsv(`holders-${this.last.holders?.symbol ?? this.symbol}.csv`));
    $(root, '#export-exposure').addEventListener('click', () => this.exposureTable?.exportCsv('clearing-exposure.csv'));
    $(root, '#export-funds').addEventListener('click', () => this.fundTable?.exportCsv('insurance-funds.csv'));
    $(root, '#d-mode').addEventListener('change', (e) => {
      this.mode = (e.target as HTMLSelectElement).value;
      const byMode = (row: { margin: string }): boolean => this.mode === '' || row.margin === this.mode;
      this.adlTable?.setFilter(byMode);
      this.holdersTable?.setFilter(byMode);
    });
    $(root, '#d-asset').addEventListener('change', (e) => {
      this.asset = (e.target as HTMLSelectElement).value;
      const byAsset = (row: { asset: string }): boolean => this.asset === '' || row.asset === this.asset;
      this.exposureTable?.setFilter(byAsset);
      this.fundTable?.setFilter(byAsset);
    });
    this.stops.push(
      stream.subscribe('alerts', (message) => {
        if (message['type'] !== undefined) return;
        this.alerts.unshift(...[...(message['alerts'] as Alert[])].reverse());
        this.alerts.splice(ALERTS_KEPT);
        this.renderAlerts(root);
      }),
    );
    void this.start(root);
  }

  unmount(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.chart?.destroy();
    this.chart = null;
  }

  private async start(root: HTMLElement): Promise<void> {
    try {
      const { instruments } = await api<{ instruments: InstrumentJson[] }>('/v1/instruments');
      for (const i of instruments) this.settleOf.set(i.symbol, i.settle);
      const symbols = instruments.map((i) => i.symbol).sort();
      this.symbol = symbols[0] ?? '';
      $(root, '#d-symbol').innerHTML = symbols.map((s) => `<option value="${esc(s)}">${esc(s)}</option>`).join('');
      const assets = [...new Set(instruments.map((i) => i.settle))].sort();
      $(root, '#d-asset').innerHTML = ['', ...assets].map((a) => `<option value="${esc(a)}">${a === '' ? 'all' : esc(a)}</option>`).join('');
    } catch (error) {
      showError(root, error as Error);
    }
    this.stops.push(
      every(2_000, async () => {
        await Promise.all([this.loadSymbol(root), this.loadExposure(root), this.loadFunds(root)]);
        showError(root, null);
      }, (error) => showError(root, error)),
    );
  }

  private async loadSymbol(root: HTMLElement): Promise<void> {
    if (this.symbol === '') return;
    const symbol = this.symbol;
    const side = this.side === '' ? '' : `&side=${this.side}`;
    const queue = await api<AdlQueue>(`/v1/risk/adl/${encodeURIComponent(symbol)}?limit=${ROWS}${side}`);
    if (symbol !== this.symbol) return;
    this.last.queue = queue;
    const table = $(root, '#adl-table');
    const settle = this.settleOf.get(symbol) ?? null;
    table.dataset['seq'] = String(queue.seq);
    table.dataset['symbol'] = symbol;
    $(root, '#adl-counts').textContent = `${count(queue.counts.long)} long, ${count(queue.counts.short)} short`;
    this.adlSettle = settle;
    this.adlTable?.set(queue.rows.map((r) => ({ ...r, symbol })));
    await this.loadHolders(root, symbol);
  }

  private async loadHolders(root: HTMLElement, symbol: string): Promise<void> {
    const table = $(root, '#holders-table');
    let holders: Holders;
    try {
      holders = await api<Holders>(`/v1/risk/holders/${encodeURIComponent(symbol)}?limit=${ROWS}`);
    } catch {
      $(table, 'tbody').innerHTML = '<tr><td colspan="7" class="muted">no open positions</td></tr>';
      return;
    }
    if (symbol !== this.symbol) return;
    this.last.holders = holders;
    table.dataset['asOf'] = String(holders.asOfSeq);
    $(root, '#holders-sizes').textContent = `open: ${contracts(holders.longSize)} long, ${contracts(holders.shortSize)} short`;
    this.holdersTable?.set(holders.holders.map((h) => ({ ...h, symbol: holders.symbol, settle: holders.settle })));
  }

  private async loadExposure(root: HTMLElement): Promise<void> {
    const exposure = await api<Exposure>('/v1/risk/exposure');
    this.last.exposure = exposure;
    const table = $(root, '#exposure-table');
    table.dataset['asOf'] = String(exposure.asOfSeq);
    this.exposureTable?.set(
      exposure.assets.flatMap((a) => [
        ...a.symbols.map((s): ExposureRow => ({ asset: a.asset, symbol: s.symbol, longSize: s.longSize, shortSize: s.shortSize, clearingSize: s.clearingSize, clearingNotional: s.clearingNotional, markPrice: s.markPrice ?? null, clearingBalance: null })),
        { asset: a.asset, symbol: null, longSize: null, shortSize: null, clearingSize: null, clearingNotional: a.clearingNotional, markPrice: null, clearingBalance: a.clearingBalance },
      ]),
    );
  }

  private async loadFunds(root: HTMLElement): Promise<void> {
    const history = await api<InsuranceHistory>('/v1/risk/insurance-fund?limit=500');
    $(root, '#fund-since').textContent = `server up since ${time(history.since)}; earlier points read back from the journal have no time`;
    this.fundTable?.set(
      history.funds.map((f) => {
        const last = f.points[f.points.length - 1];
        return { asset: f.asset, fund: f.fund, balance: last?.balance ?? '0', change: last?.change ?? '0', reason: last?.reason ?? '', seq: last?.seq ?? null, points: f.points.length };
      }),
    );
    // One line per fund: points with a commit time; an untimed (read-back) balance starts at server start.
    const key = history.funds.map((f) => `${f.asset}/${f.fund}`).join(',');
    const sinceMs = Date.parse(history.since);
    const times = new Set<number>();
    const series = history.funds.map((f) => {
      const byTime = new Map<number, number>();
      for (const p of f.points) {
        const t = p.time === null ? sinceMs : Date.parse(p.time);
        byTime.set(t, Number(p.balance));
        times.add(t);
      }
      return byTime;
    });
    const sorted = [...times].sort((a, b) => a - b);
    if (key !== this.chartKey) {
      this.chart?.destroy();
      this.chartKey = key;
      this.chart = new LineChart($(root, '#fund-chart'), {
        height: 210,
        series: history.funds.map((f, i) => ({ label: `${f.fund} (${f.asset})`, color: FUND_COLORS[i % FUND_COLORS.length] ?? '#2563eb', width: 2 })),
        formatY: (v) => v.toLocaleString('en-US', { maximumFractionDigits: 2 }),
        minSpanSeconds: 600,
      });
    }
    // Step lines: a balance holds until the next change.
    const values = series.map((byTime) => {
      let last: number | null = null;
      return sorted.map((t) => (last = byTime.get(t) ?? last));
    });
    if (sorted.length > 0) {
      const now = Date.now();
      this.chart?.set([...sorted, Math.max(now, (sorted[sorted.length - 1] ?? now) + 1)], values.map((v) => [...v, v[v.length - 1] ?? null]));
    }
  }

  /** The four tables: sortable, filtered by the selects, exported as shown with the API's strings. */
  private makeTables(root: HTMLElement): void {
    this.adlTable = new RowTable<AdlRow>($(root, '#adl-table'), {
      sort: { key: '', order: 'asc' },
      sortValue: (r, key) => (key === 'side' || key === 'account' || key === 'margin' ? r[key] : key === 'rank' ? `${r.side} ${String(r.rank).padStart(9, '0')}` : key === '' ? null : num(r[key as 'indicator' | 'size' | 'notional' | 'unrealizedPnl'])),
      render: (rows) => {
        const settle = this.adlSettle;
        $(root, '#adl-table tbody').innerHTML =
          rows.length === 0
            ? '<tr><td colspan="8" class="muted">no positions</td></tr>'
            : rows
                .map(
                  (r) => `<tr data-account="${esc(r.account)}" data-side="${r.side}">
          <td>${r.side}</td><td class="rank">${count(r.rank)} / ${count(r.count)}</td><td>${lights(r.indicator)}</td>
          <td><a href="#/account/${encodeURIComponent(r.account)}">${esc(r.account)}</a></td>
          <td class="size">${contracts(r.size)}</td><td class="notional">${money(r.notional, settle)}</td><td>${money(r.unrealizedPnl, settle, true)}</td><td>${r.margin}</td></tr>`,
                )
                .join('');
      },
      csvHeader: ['symbol', 'side', 'rank', 'count', 'indicator', 'quantile', 'score', 'account', 'position_key', 'size', 'notional', 'unrealized_pnl', 'margin'],
      csvRow: (r) => [r.symbol, r.side, r.rank, r.count, r.indicator, r.quantile, r.score, r.account, r.positionKey, r.size, r.notional, r.unrealizedPnl, r.margin],
    });
    this.holdersTable = new RowTable<HolderRow>($(root, '#holders-table'), {
      sort: { key: '', order: 'asc' },
      sortValue: (h, key) => (key === 'account' || key === 'side' || key === 'margin' ? h[key] : key === 'share' ? num(h.sharePercent) : key === '' ? null : num(h[key as 'size' | 'notional' | 'liquidationPrice'])),
      render: (rows) => {
        $(root, '#holders-table tbody').innerHTML =
          rows.length === 0
            ? '<tr><td colspan="7" class="muted">no open positions</td></tr>'
            : rows
                .map(
                  (h) => `<tr data-account="${esc(h.account)}" data-side="${h.side}">
        <td><a href="#/account/${encodeURIComponent(h.account)}">${esc(h.account)}</a></td><td>${h.side}</td>
        <td class="size">${contracts(h.size)}</td><td class="notional">${money(h.notional, h.settle)}</td><td class="share">${esc(h.sharePercent)} %</td>
        <td>${h.liquidationPrice === null ? '—' : esc(h.liquidationPrice)}</td><td>${h.margin}</td></tr>`,
                )
                .join('');
      },
      csvHeader: ['symbol', 'account', 'side', 'margin', 'size', 'notional', 'share_percent', 'unrealized_pnl', 'liquidation_price'],
      csvRow: (x) => [x.symbol, x.account, x.side, x.margin, x.size, x.notional, x.sharePercent, x.unrealizedPnl, x.liquidationPrice ?? ''],
    });
    this.exposureTable = new RowTable<ExposureRow>($(root, '#exposure-table'), {
      sort: { key: '', order: 'asc' },
      sortValue: (r, key) => (key === 'asset' ? r.asset : key === 'symbol' ? (r.symbol ?? '') : key === '' ? null : num(r[key as 'longSize' | 'shortSize' | 'clearingSize' | 'clearingNotional' | 'clearingBalance'])),
      render: (rows) => {
        $(root, '#exposure-table tbody').innerHTML =
          rows.length === 0
            ? '<tr><td colspan="7" class="muted">no positions</td></tr>'
            : rows
                .map((r) =>
                  r.symbol !== null
                    ? `<tr data-asset="${esc(r.asset)}" data-symbol="${esc(r.symbol)}"><td>${esc(r.asset)}</td><td>${esc(r.symbol)}</td><td>${contracts(r.longSize)}</td><td>${contracts(r.shortSize)}</td>
          <td class="clearing-size">${contracts(r.clearingSize)}</td><td class="clearing-notional">${money(r.clearingNotional, r.asset)}</td><td></td></tr>`
                    : `<tr class="total" data-asset="${esc(r.asset)}" data-symbol=""><td>${esc(r.asset)}</td><td>all</td><td></td><td></td><td></td>
        <td class="clearing-notional">${money(r.clearingNotional, r.asset)}</td><td class="clearing-balance">${money(r.clearingBalance, r.asset)}</td></tr>`,
                )
                .join('');
      },
      csvHeader: ['asset', 'symbol', 'long_size', 'short_size', 'clearing_size', 'clearing_notional', 'mark_price', 'clearing_balance'],
      csvRow: (r) => [r.asset, r.symbol ?? '', r.longSize ?? '', r.shortSize ?? '', r.clearingSize ?? '', r.clearingNotional, r.markPrice ?? '', r.clearingBalance ?? ''],
    });
    this.fundTable = new RowTable<FundRow>($(root, '#fund-table'), {
      sort: { key: '', order: 'asc' },
      sortValue: (f, key) => (key === 'asset' || key === 'fund' || key === 'reason' ? f[key] : key === 'points' ? f.points : key === '' ? null : num(f[key as 'balance' | 'change'])),
      render: (rows) => {
        $(root, '#fund-table tbody').innerHTML = rows
          .map(
            (f) => `<tr data-asset="${esc(f.asset)}" data-fund="${esc(f.fund)}"><td>${esc(f.asset)}</td><td>${esc(f.fund)}</td><td class="balance">${money(f.balance, f.asset)}</td>
          <td>${money(f.change, f.asset, true)}</td><td>${esc(f.reason)}</td><td>${count(f.points)}</td></tr>`,
          )
          .join('');
      },
      csvHeader: ['asset', 'fund', 'balance', 'last_change', 'reason', 'last_change_seq', 'changes_kept'],
      csvRow: (f) => [f.asset, f.fund, f.balance, f.change, f.reason, f.seq ?? '', f.points],
    });
  }

  private renderAlerts(root: HTMLElement): void {
    $(root, '#alerts').innerHTML = this.alerts
      .map((a) => `<li data-kind="${a.kind}" data-seq="${a.seq}"><span class="badge">${a.kind}</span> <span class="muted">${time(a.committedAt)}</span> ${esc(alertText(a))}</li>`)
      .join('');
  }
}
