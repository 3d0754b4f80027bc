/**
 * The live liquidation feed: every risk event the engine emits (margin calls today; liquidations,
 * insurance-fund and ADL events as they come), shown generically: time, type, account, symbol,
 * and every other field with its value, so a new event type needs no change here.
 */
import { api, type FeedEvent } from '../api.js';
import { count, esc, time } from '../format.js';
import { stream } from '../stream.js';
import { $, showError, type Page } from './page.js';

const KEPT = 300;
const SHOWN_FIELDS_SKIP = new Set(['type', 'seq', 'commandId', 'account', 'symbol', 'positionKey', 'asset', 'time', 'committedAt', 'entries']);

function typeClass(type: string): string {
  if (/liquidat|adl|deleverag|bankrupt|insurance/i.test(type)) return 'ev-liq';
  if (type === 'marginCall') return 'ev-call';
  if (/cleared/i.test(type)) return 'ev-ok';
  return 'ev-other';
}

function detail(event: FeedEvent): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(event)) {
    if (SHOWN_FIELDS_SKIP.has(key) || value === null || value === undefined) continue;
    let shown = typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (key.toLowerCase().includes('ratio') && /^-?\d+(\.\d+)?$/.test(shown)) shown = `${(Number(shown) * 100).toFixed(2)} %`;
    parts.push(`<span class="kv"><span class="k">${esc(key)}</span> ${esc(shown)}</span>`);
  }
  return parts.join(' ');
}

/** Where the event happened: a symbol, an isolated position, or an account's cross pool in an asset. */
function where(e: FeedEvent): string {
  if (typeof e['symbol'] === 'string') return e['symbol'];
  if (typeof e['positionKey'] === 'string') return `${e['positionKey']} (isolated)`;
  if (typeof e['asset'] === 'string') return `cross ${e['asset']}`;
  return '—';
}

export class EventsPage implements Page {
  private stops: (() => void)[] = [];
  private events: FeedEvent[] = [];
  private filter = '';
  private received = 0;

  mount(root: HTMLElement): void {
    root.innerHTML = `
      <div class="page-head"><h1>Liquidation feed</h1><p class="sub">Margin calls, liquidations and every other risk event, newest first, as the engine commits them.</p><div class="error-slot"></div></div>
      <section class="card">
        <div class="card-head"><h2>Live events</h2>
          <div class="controls"><label>Type <select id="type-filter"><option value="">all</option></select></label><span class="muted" id="feed-count">—</span></div>
        </div>
        <div class="feed-wrap"><table class="feed" id="feed">
          <thead><tr><th>Time</th><th>Seq</th><th>Type</th><th>Account</th><th>Symbol</th><th>Details</th></tr></thead>
          <tbody></tbody>
        </table></div>
      </section>`;
    $(root, '#type-filter').addEventListener('change', (e) => {
      this.filter = (e.target as HTMLSelectElement).value;
      this.render(root);
    });
    void api<{ events: FeedEvent[]; counts: Record<string, number> }>('/v1/events?limit=200')
      .then((data) => {
        this.events = [...data.events, ...this.events].slice(0, KEPT);
        this.render(root);
      })
      .catch((error: Error) => showError(root, error));
    this.stops.push(
      stream.subscribe('events', (message) => {
        const committedAt = typeof message['committedAt'] === 'string' ? message['committedAt'] : null;
        const fresh = ((message['events'] as FeedEvent[]) ?? []).map((e) => ({ ...e, committedAt }));
        this.received += fresh.length;
        this.events = [...fresh.reverse(), ...this.events].slice(0, KEPT);
        this.render(root);
      }),
    );
  }

  unmount(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private render(root: HTMLElement): void {
    const types = [...new Set(this.events.map((e) => e.type))].sort();
    const select = $(root, '#type-filter') as HTMLSelectElement;
    const options = ['', ...types];
    if (select.options.length !== options.length) {
      select.innerHTML = options.map((t) => `<option value="${esc(t)}" ${t === this.filter ? 'selected' : ''}>${t === '' ? 'all' : esc(t)}</option>`).join('');
    }
    const shown = this.filter === '' ? this.events : this.events.filter((e) => e.type === this.filter);
    $(root, '#feed-count').textContent = `${count(shown.length)} shown · ${count(this.received)} live since opened`;
    const body = $(root, '#feed tbody');
    if (shown.length === 0) {
      body.innerHTML = '<tr><td colspan="6" class="empty">No risk events yet: they appear here the moment the engine commits one.</td></tr>';
      return;
    }
    body.innerHTML = shown
      .slice(0, 200)
      .map((e) => {
        const account = typeof e['account'] === 'string' ? e['account'] : null;
        const when = typeof e['time'] === 'string' ? e['time'] : (e.committedAt ?? null);
        return `<tr>
          <td class="mono">${time(when)}</td>
          <td class="mono muted">${count(e.seq)}</td>
          <td><span class="badge ${typeClass(e.type)}">${esc(e.type)}</span></td>
          <td>${account === null ? '—' : `<a href="#/account/${encodeURIComponent(account)}">${esc(account)}</a>`}</td>
          <td>${esc(where(e))}</td>
          <td class="details">${detail(e)}</td>
        </tr>`;
      })
      .join('');
  }
}
