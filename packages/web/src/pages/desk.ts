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
import { downloadCsv } from '../table-tools.js';

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

export class DeskPage implements Page {
  private stops: (() => void)[] = [];
  private chart: LineChart | null = null;
  private chartKey = '';
  private symbol = '';
  private side = '';
  private readonly alerts: Alert[] = [];
  private readonly settleOf = new Map<string, string>();
  /** The last answers drawn, exported as CSV with the API's exact strings. */
  private last: { queue: AdlQueue | null; holders: Holders | null; exposure: Exposure | null } = { queue: null, holders: null, exposure: null };

  mount(root: HTMLElement): void {
    root.innerHTML = `
      <div class="page-head"><h1>ADL queue, holders &amp; exposure</h1><p class="sub">The ADL queue ranks each side of a symbol as the engine publishes it to accounts (first row deleveraged first); the venue's net exposure is what the clearing counterparty of fills and funding holds: the opposite of the holders' net position.</p><div class="error-slot"></div></div>
      <section class="card">
        <div class="card-head"><h2>Symbol</h2>
          <div class="filters">
            <label>Symbol <select id="d-symbol"></select></label>
            <label>ADL side <select id="d-side"><option value="">both</option><option value="long">long</option><option value="short">short</option></select></label>
          </div>
        </div>
        <div class="grid two">
          <div><h3>ADL queue <span class="muted" id="adl-counts">—</span> <button id="export-adl" class="export" type="button">Export CSV</button></h3>
            <table class="num-table" id="adl-table"><thead><tr><th>Side</th><th>Rank</th><th>Indicator</th><th>Account</th><th>Size</th><th>Notional</th><th>Unrealized PnL</th><th>Mode</th></tr></thead><tbody></tbody></table></div>
          <div><h3>Largest holders <span class="muted" id="holders-sizes">—</span> <button id="export-holders" class="export" type="button">Export CSV</button></h3>
            <table class="num-table" id="holders-table"><thead><tr><th>Account</th><th>Side</th><th>Size</th><th>Notional</th><th>Share of side</th><th>Liq. price</th><th>Mode</th></tr></thead><tbody></tbody></table></div>
        </div>
      </section>
      <section class="card">
        <div class="card-head"><h2>Venue net exposure (clearing)</h2><button id="export-exposure" class="export" type="button">Export CSV</button></div>
        <table class="num-table" id="exposure-table"><thead><tr><th>Asset</th><th>Symbol</th><th>Long size</th><th>Short size</th><th>Clearing size</th><th>Clearing notional</th><th>Clearing balance</th></tr></thead><tbody></tbody></table>
      </section>
      <section class="card">
        <div class="card-head"><h2>Insurance fund over time</h2><span class="muted" id="fund-since">—</span></div>
        <div class="chart" id="fund-chart" style="height:230px"></div>
        <table class="num-table" id="fund-table"><thead><tr><th>Asset</th><th>Fund</th><th>Balance</th><th>Last change</th><th>Reason</th><th>Changes kept</th></tr></thead><tbody></tbody></table>
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
    $(root, '#export-adl').addEventListener('click', () => {
      const q = this.last.queue;
      if (q !== null) downloadCsv(`adl-${q.symbol}.csv`, ['symbol', 'side', 'rank', 'count', 'indicator', 'quantile', 'score', 'account', 'position_key', 'size', 'notional', 'unrealized_pnl', 'margin'], q.rows.map((r) => [q.symbol, r.side, r.rank, r.count, r.indicator, r.quantile, r.score, r.account, r.positionKey, r.size, r.notional, r.unrealizedPnl, r.margin]));
    });
    $(root, '#export-holders').addEventListener('click', () => {
      const h = this.last.holders;
      if (h !== null) downloadCsv(`holders-${h.symbol}.csv`, ['symbol', 'account', 'side', 'margin', 'size', 'notional', 'share_percent', 'unrealized_pnl', 'liquidation_price'], h.holders.map((x) => [h.symbol, x.account, x.side, x.margin, x.size, x.notional, x.sharePercent, x.unrealizedPnl, x.liquidationPrice ?? '']));
    });
    $(root, '#export-exposure').addEventListener('click', () => {
      const e = this.last.exposure;
      if (e !== null) downloadCsv('clearing-exposure.csv', ['asset', 'symbol', 'long_size', 'short_size', 'clearing_size', 'clearing_notional', 'mark_price', 'clearing_balance'], e.assets.flatMap((a) => [...a.symbols.map((s) => [a.asset, s.symbol, s.longSize, s.shortSize, s.clearingSize, s.clearingNotional, s.markPrice ?? '', '']), [a.asset, '', '', '', '', a.clearingNotional, '', a.clearingBalance]]));
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
    $(table, 'tbody').innerHTML =
      queue.rows.length === 0
        ? '<tr><td colspan="8" class="muted">no positions</td></tr>'
        : queue.rows
            .map(
              (r) => `<tr data-account="${esc(r.account)}" data-side="${r.side}">
          <td>${r.side}</td><td class="rank">${count(r.rank)} / ${count(r.count)}</td><td>${lights(r.indicator)}</td>
          <td><a href="#/account/${encodeURIComponent(r.account)}">${esc(r.account)}</a></td>
          <td class="size">${contracts(r.size)}</td><td class="notional">${money(r.notional, settle)}</td><td>${money(r.unrealizedPnl, settle, true)}</td><td>${r.margin}</td></tr>`,
            )
            .join('');
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
    $(table, 'tbody').innerHTML = holders.holders
      .map(
        (h) => `<tr data-account="${esc(h.account)}" data-side="${h.side}">
        <td><a href="#/account/${encodeURIComponent(h.account)}">${esc(h.account)}</a></td><td>${h.side}</td>
        <td class="size">${contracts(h.size)}</td><td class="notional">${money(h.notional, holders.settle)}</td><td class="share">${esc(h.sharePercent)} %</td>
        <td>${h.liquidationPrice === null ? '—' : esc(h.liquidationPrice)}</td><td>${h.margin}</td></tr>`,
      )
      .join('');
  }

  private async loadExposure(root: HTMLElement): Promise<void> {
    const exposure = await api<Exposure>('/v1/risk/exposure');
    this.last.exposure = exposure;
    const table = $(root, '#exposure-table');
    table.dataset['asOf'] = String(exposure.asOfSeq);
    const rows: string[] = [];
    for (const a of exposure.assets) {
      for (const s of a.symbols) {
        rows.push(`<tr data-asset="${esc(a.asset)}" data-symbol="${esc(s.symbol)}"><td>${esc(a.asset)}</td><td>${esc(s.symbol)}</td><td>${contracts(s.longSize)}</td><td>${contracts(s.shortSize)}</td>
          <td class="clearing-size">${contracts(s.clearingSize)}</td><td class="clearing-notional">${money(s.clearingNotional, a.asset)}</td><td></td></tr>`);
      }
      rows.push(`<tr class="total" data-asset="${esc(a.asset)}" data-symbol=""><td>${esc(a.asset)}</td><td>all</td><td></td><td></td><td></td>
        <td class="clearing-notional">${money(a.clearingNotional, a.asset)}</td><td class="clearing-balance">${money(a.clearingBalance, a.asset)}</td></tr>`);
    }
    $(table, 'tbody').innerHTML = rows.length === 0 ? '<tr><td colspan="7" class="muted">no positions</td></tr>' : rows.join('');
  }

  private async loadFunds(root: HTMLElement): Promise<void> {
    const history = await api<InsuranceHistory>('/v1/risk/insurance-fund?limit=500');
    $(root, '#fund-since').textContent = `server up since ${time(history.since)}; earlier points read back from the journal have no time`;
    $(root, '#fund-table tbody').innerHTML = history.funds
      .map((f) => {
        const last = f.points[f.points.length - 1];
        return `<tr data-asset="${esc(f.asset)}" data-fund="${esc(f.fund)}"><td>${esc(f.asset)}</td><td>${esc(f.fund)}</td><td class="balance">${money(last?.balance ?? '0', f.asset)}</td>
          <td>${money(last?.change ?? '0', f.asset, true)}</td><td>${esc(last?.reason ?? '')}</td><td>${count(f.points.length)}</td></tr>`;
      })
      .join('');
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

  private renderAlerts(root: HTMLElement): void {
    $(root, '#alerts').innerHTML = this.alerts
      .map((a) => `<li data-kind="${a.kind}" data-seq="${a.seq}"><span class="badge">${a.kind}</span> <span class="muted">${time(a.committedAt)}</span> ${esc(alertText(a))}</li>`)
      .join('');
  }
}
