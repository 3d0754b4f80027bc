/**
 * The account page's history panel: the riskiest pool's equity and maintenance margin, and its
 * margin ratio, over time (`GET /v1/accounts/{account}/history`, polled). Figures are the API's.
 */
import { api, type AccountHistory } from '../api.js';
import { LineChart } from '../charts.js';
import { percent } from '../format.js';
import { $, every } from './page.js';

export const HISTORY_SECTION = `
      <section class="card" id="account-history">
        <div class="card-head"><h2>History</h2><span class="muted" id="history-note">equity, maintenance margin and margin ratio of the riskiest pool, one point per risk pass that changed them</span></div>
        <div class="grid two"><div class="chart" id="history-money" style="height:200px"></div><div class="chart" id="history-ratio" style="height:200px"></div></div>
      </section>`;

/** Starts polling the account's history into the two charts; returns the stop function. */
export function startHistory(root: HTMLElement, account: string): () => void {
  let money: LineChart | null = null;
  let ratio: LineChart | null = null;
  let asset = '';
  const stop = every(3_000, async () => {
    const history = await api<AccountHistory>(`/v1/accounts/${encodeURIComponent(account)}/history`);
    const points = history.points.filter((p) => p.pool !== null);
    const section = $(root, '#account-history');
    section.dataset['points'] = String(points.length);
    const last = points[points.length - 1];
    section.dataset['lastSeq'] = last === undefined ? '' : String(last.seq);
    section.dataset['lastRatio'] = last?.marginRatio ?? '';
    if (points.length === 0) return;
    const unit = last?.pool?.asset ?? '';
    if (money === null || unit !== asset) {
      money?.destroy();
      asset = unit;
      money = new LineChart($(root, '#history-money'), {
        height: 190,
        series: [
          { label: `pool equity (${unit})`, color: '#2563eb', width: 2 },
          { label: `maintenance (${unit})`, color: '#dc2626', dash: [4, 3] },
        ],
        formatY: (v) => v.toLocaleString('en-US', { maximumFractionDigits: 2 }),
        minSpanSeconds: 60,
      });
      ratio ??= new LineChart($(root, '#history-ratio'), {
        height: 190,
        series: [{ label: 'margin ratio', color: '#7c3aed', width: 2 }],
        formatY: (v) => percent(v, 1),
        minSpanSeconds: 60,
      });
    }
    const times = points.map((p) => Date.parse(p.time));
    money.set(times, [points.map((p) => Number(p.pool?.equity ?? 0)), points.map((p) => Number(p.pool?.maintenanceMargin ?? 0))]);
    ratio?.set(times, [points.map((p) => (p.marginRatio === null ? null : Number(p.marginRatio)))]);
  }, () => undefined);
  return () => {
    stop();
    money?.destroy();
    ratio?.destroy();
  };
}
