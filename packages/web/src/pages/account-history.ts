/**
 * The account page's history panel: the riskiest pool's equity and maintenance margin, and its
 * margin ratio, over time (`GET /v1/accounts/{account}/history?source=journal`, polled: replayed
 * from the journal, exact at each point's seq and the same after a restart; ADR 0027). Figures are the API's.
 */
import { api, type AccountHistory } from '../api.js';
import { LineChart } from '../charts.js';
import { percent } from '../format.js';
import { $, every } from './page.js';

export const HISTORY_SECTION = `
      <section class="card" id="account-history">
        <div class="card-head"><h2>History</h2><span class="muted" id="history-note">equity, maintenance margin and margin ratio of the riskiest pool, replayed from the journal: a point at each of the account's own events and each minute of engine time</span></div>
        <div class="grid two"><div class="chart" id="history-money" style="height:200px"></div><div class="chart" id="history-ratio" style="height:200px"></div></div>
      </section>`;

/** Starts polling the account's history into the two charts; returns the stop function. */
export function startHistory(root: HTMLElement, account: string): () => void {
  let money: LineChart | null = null;
  let ratio: LineChart | null = null;
  let asset = '';
  const stop = every(3_000, async () => {
    const history = await api<AccountHistory>(`/v1/accounts/${encodeURIComponent(account)}/history?source=journal`);
    const points = history.points.filter((p) => p.pool !== null);
    const section = $(root, '#account-history');
    const replayed = history.replayedToSeq ?? 0;
    const behind = (history.journalSeq ?? replayed) - replayed;
    section.dataset['replayedSeq'] = String(replayed);
    $(root, '#history-note').textContent = `riskiest pool's equity, maintenance and ratio from the journal (to seq ${replayed.toLocaleString('en-US')}${behind > 0 ? `, replaying: ${behind.toLocaleString('en-US')} to go` : ''}): a point at each own event and each minute of engine time`;
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
