/** Marks and funding: the mark/index path and the funding-rate history of one symbol, live. */
import { api } from '../api.js';
import { LineChart } from '../charts.js';
import { esc, money, price, quoteOf, rate, symbolPrice, time } from '../format.js';
import { stream } from '../stream.js';
import { $, every, showError, type Page } from './page.js';
import { skeletonRows } from './overview.js';

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
          <h2>Funding settlements</h2>
          <table class="num-table" id="settlements">
            <thead><tr><th>Time</th><th>Rate</th><th>Price</th><th>Positions</th><th>Paid by payers</th><th>Received</th></tr></thead>
            <tbody>${skeletonRows(6, 6)}</tbody>
          </table>
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
    void this.loadTabs(root);
    void this.loadMarks(root);
    this.stops.push(every(5_000, async () => {
      await this.loadFunding(root);
      showError(root, null);
    }, (error) => showError(root, error)));
    this.stops.push(
      stream.subscribe('marks', (message) => {
        for (const event of (message['events'] as Record<string, string>[]) ?? []) {
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
    $(root, '#symbol-tabs').innerHTML = markets
      .map((m) => `<a class="tab ${m.symbol === this.symbol ? 'active' : ''}" href="#/markets/${encodeURIComponent(m.symbol)}">
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
    const settlements = items.filter((i) => i.kind === 'settlement').reverse().slice(0, 6);
    const rows = settlements.map((s) => {
      const e = s.settlement ?? {};
      const settle = e['settle'] ?? guessSettle(this.symbol);
      return `<tr><td>${time(s.time)}</td><td>${rate(s.rate)}</td><td>${symbolPrice(this.symbol, e['price'] ?? null, false)}</td><td>${esc(e['positions'] ?? '—')}</td><td>${money(e['paid'] ?? null, settle)}</td><td>${money(e['received'] ?? null, settle)}</td></tr>`;
    });
    while (rows.length < 6) rows.push(`<tr>${'<td>&nbsp;</td>'.repeat(6)}</tr>`);
    $(root, '#settlements tbody').innerHTML = rows.join('');
  }
}

function guessSettle(symbol: string): string {
  if (symbol.endsWith('USDT')) return 'USDT';
  if (symbol.endsWith('USD')) return symbol.slice(0, -3);
  return '';
}
