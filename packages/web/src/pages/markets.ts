/** Marks and funding: the mark/index path and the funding-rate history of one symbol, live. */
import { api } from '../api.js';
import { LineChart } from '../charts.js';
import { esc, money, price, quoteOf, rate, symbolPrice, time } from '../format.js';
import { stream } from '../stream.js';
import { $, every, showError, type Page } from './page.js';
import { downloadCsv, sortRows, sortableHeaders, type SortState } from '../table-tools.js';

interface Market {
  symbol: string;
  kind: string | null;
  settle: string | null;
  markPrice: string | null;
  indexPrice: string | null;
  time: string | null;
  fundingRate: string | null;
}

interface FundingItem {
  kind: 'rate' | 'settlement';
  time: string;
  rate: string;
  seq: number;
  settlement?: Record<string, string>;
}

export class MarketsPage implements Page {
  private stops: (() => void)[] = [];
  private markChart: LineChart | null = null;
  private fundingChart: LineChart | null = null;
  private symbol = 'BTCUSDT';
  private settleAsset: string | null = null;
  private settlements: FundingItem[] = [];
  private sort: SortState = { key: 'time', order: 'desc' };

  mount(root: HTMLElement, params: readonly string[]): void {
    this.symbol = params[0] ?? 'BTCUSDT';
    const quote = quoteOf(this.symbol);
    root.innerHTML = `
      <div class="page-head"><h1>Marks &amp; funding</h1><p class="sub">Mark and index prices as the engine received them, and the funding rate (per interval) with each settlement.</p><div class="error-slot"></div></div>
      <div class="tabs" id="symbol-tabs"></div>
      <section class="card">
        <div class="card-head"><h2>${esc(this.symbol)} mark and index price (${esc(quote)})</h2><span class="muted" id="mark-last">—</span></div>
        <div class="chart" id="mark-chart" style="height:300px"></div>
      </section>
      <section class="grid two">
        <div class="card">
          <div class="card-head"><h2>Funding rate</h2><span class="muted" id="funding-last">—</span></div>
          <div class="chart" id="funding-chart" style="height:220px"></div>
        </div>
        <div class="card">
          <div class="card-head"><h2>Funding settlements</h2><button id="export-settlements" class="export" type="button">Export CSV</button></div>
          <table class="num-table" id="settlements">
            <thead><tr><th data-sort="time" data-sort-text>Time</th><th data-sort="rate">Rate</th><th>Price</th><th data-sort="positions">Positions</th><th data-sort="paid">Paid by payers</th><th data-sort="received">Received</th><th data-sort="clearing">Clearing</th><th>Rounding</th></tr></thead>
            <tbody><tr><td colspan="8" class="empty">Loading…</td></tr></tbody>
          </table>
          <p class="note">Paid = received + clearing + rounding: the engine's <code>clearing</code> account is the counterparty of the side the holders do not cover (its sign: + it received, − it paid), and the rounding dust goes to <code>funding-rounding</code>.</p>
        </div>
      </section>`;
    this.markChart = new LineChart($(root, '#mark-chart'), {
      height: 270,
      series: [
        { label: `mark (${quote})`, color: '#2563eb', width: 2 },
        { label: `index (${quote})`, color: '#9ca3af', dash: [4, 3] },
      ],
      formatY: (v) => price(v.toFixed(v < 10 ? 3 : v < 1000 ? 2 : 1)),
      minSpanSeconds: 60,
    });
    this.fundingChart = new LineChart($(root, '#funding-chart'), {
      height: 190,
      series: [{ label: 'funding rate (%)', color: '#7c3aed', width: 2 }],
      formatY: (v) => rate(v),
      yAxisSize: 80,
      minSpanSeconds: 600,
    });
    void this.loadMarks(root);
    sortableHeaders($(root, '#settlements'), this.sort, () => this.renderSettlements(root));
    $(root, '#export-settlements').addEventListener('click', () => {
      downloadCsv(`funding-settlements-${this.symbol}.csv`, ['time', 'symbol', 'rate', 'price', 'positions', 'paid', 'received', 'clearing', 'rounding'], this.settlements.map((s) => {
        const e = s.settlement ?? {};
        return [s.time, this.symbol, s.rate, e['price'] ?? '', e['positions'] ?? '', e['paid'] ?? '', e['received'] ?? '', e['clearing'] ?? '', e['rounding'] ?? ''];
      }));
    });
    // The cards (every symbol's mark and funding rate) and the funding history refresh together.
    this.stops.push(every(5_000, async () => {
      await Promise.all([this.loadTabs(root), this.loadFunding(root)]);
      showError(root, null);
    }, (error) => showError(root, error)));
    this.stops.push(
      stream.subscribe('marks', (message) => {
        for (const event of (message['events'] as Record<string, string>[]) ?? []) {
          // Every card's price moves live; the chart follows the selected symbol.
          const card = root.querySelector<HTMLElement>(`#symbol-tabs .tab[data-symbol="${CSS.escape(event['symbol'] ?? '')}"] .tab-price`);
          if (card !== null) card.textContent = symbolPrice(event['symbol'] ?? '', event['markPrice']);
          if (event['symbol'] !== this.symbol) continue;
          this.markChart?.append(Date.parse(event['time'] ?? ''), [Number(event['markPrice']), event['indexPrice'] ? Number(event['indexPrice']) : null]);
          $(root, '#mark-last').textContent = `last ${symbolPrice(this.symbol, event['markPrice'])} at ${time(event['time'])}`;
        }
      }),
    );
  }

  unmount(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.markChart?.destroy();
    this.fundingChart?.destroy();
    this.markChart = null;
    this.fundingChart = null;
  }

  private async loadTabs(root: HTMLElement): Promise<void> {
    const { markets } = await api<{ markets: Market[] }>('/v1/markets');
    this.settleAsset = markets.find((m) => m.symbol === this.symbol)?.settle ?? null;
    const tabs = $(root, '#symbol-tabs');
    if (tabs.children.length === markets.length) {
      // Update in place: no flicker, and a price the stream already moved is not set back.
      for (const m of markets) {
        const card = tabs.querySelector<HTMLElement>(`.tab[data-symbol="${CSS.escape(m.symbol)}"]`);
        if (card === null) continue;
        $(card, '.tab-sub').textContent = `${m.kind ?? ''} · funding ${rate(m.fundingRate)}`;
      }
      return;
    }
    tabs.innerHTML = markets
      .map((m) => `<a class="tab ${m.symbol === this.symbol ? 'active' : ''}" data-symbol="${esc(m.symbol)}" href="#/markets/${encodeURIComponent(m.symbol)}">
          <span class="sym">${esc(m.symbol)}</span>
          <span class="tab-price">${symbolPrice(m.symbol, m.markPrice)}</span>
          <span class="tab-sub">${esc(m.kind ?? '')} · funding ${rate(m.fundingRate)}</span>
        </a>`)
      .join('');
  }

  private async loadMarks(root: HTMLElement): Promise<void> {
    const data = await api<{ marks: { time: string; markPrice: string; indexPrice: string | null }[] }>(`/v1/markets/${encodeURIComponent(this.symbol)}/marks?limit=2000`).catch((error: Error) => {
      showError(root, error);
      return null;
    });
    if (data === null || this.markChart === null) return;
    this.markChart.set(
      data.marks.map((m) => Date.parse(m.time)),
      [data.marks.map((m) => Number(m.markPrice)), data.marks.map((m) => (m.indexPrice === null ? null : Number(m.indexPrice)))],
    );
    const last = data.marks[data.marks.length - 1];
    if (last !== undefined) $(root, '#mark-last').textContent = `last ${symbolPrice(this.symbol, last.markPrice)} at ${time(last.time)}`;
  }

  private async loadFunding(root: HTMLElement): Promise<void> {
    const data = await api<{ funding: Record<string, FundingItem[]> }>(`/v1/funding?symbol=${encodeURIComponent(this.symbol)}&limit=500`);
    const items = data.funding[this.symbol] ?? [];
    const rates = items.filter((i) => i.kind === 'rate');
    this.fundingChart?.set(rates.map((i) => Date.parse(i.time)), [rates.map((i) => Number(i.rate))]);
    const lastRate = rates[rates.length - 1];
    $(root, '#funding-last').textContent = lastRate === undefined ? '—' : `now ${rate(lastRate.rate)} (set ${time(lastRate.time)})`;
    this.settlements = items.filter((i) => i.kind === 'settlement').reverse();
    this.renderSettlements(root);
  }

  /** Only real settlements: no padding rows (an empty history says so in one line). */
  private renderSettlements(root: HTMLElement): void {
    const settle = this.settleAsset ?? guessSettle(this.symbol);
    const sorted = sortRows(this.settlements, this.sort, (s, key) => {
      const e = s.settlement ?? {};
      if (key === 'time') return s.time;
      if (key === 'rate') return Number(s.rate);
      return e[key] === undefined ? null : Number(e[key]);
    });
    const rows = sorted.slice(0, 20).map((s) => {
      const e = s.settlement ?? {};
      return `<tr data-seq="${s.seq}"><td>${time(s.time)}</td><td>${rate(s.rate)}</td><td>${symbolPrice(this.symbol, e['price'] ?? null, false)}</td><td>${esc(e['positions'] ?? '—')}</td><td class="paid">${money(e['paid'] ?? null, settle)}</td><td class="received">${money(e['received'] ?? null, settle)}</td><td class="clearing">${money(e['clearing'] ?? null, settle, true)}</td><td class="rounding">${money(e['rounding'] ?? null, settle)}</td></tr>`;
    });
    $(root, '#settlements tbody').innerHTML = rows.length > 0 ? rows.join('') : '<tr><td colspan="8" class="empty">No funding settlement yet for this symbol.</td></tr>';
  }
}

function guessSettle(symbol: string): string {
  if (symbol.endsWith('USDT')) return 'USDT';
  if (symbol.endsWith('USD')) return symbol.slice(0, -3);
  return '';
}
