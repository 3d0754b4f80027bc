/**
 * The live liquidation feed: every risk event the engine emits (margin calls today; liquidations,
 * insurance-fund and ADL events as they come), shown generically: time, type, account, symbol,
 * and every other field with its value, so a new event type needs no change here.
 */
import { api, type FeedEvent } from '../api.js';
import { contracts, count, esc, money, percent, price, symbolPrice, time } from '../format.js';
import { downloadCsv, sortRows, sortableHeaders, type SortState } from '../table-tools.js';
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

/** The symbol an event concerns: its own, or the one its position key starts with (`BTCUSDT/long`). */
function symbolOf(e: FeedEvent): string | null {
  if (typeof e['symbol'] === 'string') return e['symbol'];
  if (typeof e['positionKey'] === 'string') return e['positionKey'].split('/')[0] ?? null;
  return null;
}

/**
 * The margin mode an event concerns. Pool events (margin calls, liquidation start and end) name
 * their pool: `positionKey` null is the cross pool, a key is that isolated position. Position
 * events (fills, fees: they carry a `symbol`) name the position either way, so they take the mode
 * of a pool event of the same account and key in the feed (`isolatedPools`), else cross. Null: no
 * account's pool (a fund's event).
 */
function modeOf(e: FeedEvent, isolatedPools: ReadonlySet<string>): string | null {
  if (typeof e['margin'] === 'string') return e['margin'];
  if (typeof e['account'] !== 'string') return null;
  const key = e['positionKey'];
  if (typeof key !== 'string') return 'cross';
  if (typeof e['symbol'] !== 'string') return 'isolated';
  return isolatedPools.has(`${e['account']} ${key}`) ? 'isolated' : 'cross';
}

/** "account key" of every isolated pool a pool event in the feed names. */
function isolatedPoolsOf(events: readonly FeedEvent[]): Set<string> {
  const pools = new Set<string>();
  for (const e of events) if (typeof e['account'] === 'string' && typeof e['positionKey'] === 'string' && typeof e['symbol'] !== 'string') pools.add(`${e['account']} ${e['positionKey']}`);
  return pools;
}

const LABELS: Record<string, string> = {
  maintenanceMargin: 'MM',
  marginRatio: 'ratio',
  ratio: 'ratio',
  previousLevel: 'from',
  level: 'level',
  markPrice: 'mark',
  bankruptcyPrice: 'bankruptcy',
  realizedPnl: 'realised PnL',
  remainingSize: 'left',
  fundBalance: 'fund',
  bankruptAccount: 'bankrupt',
  bankruptPositionKey: 'bankrupt position',
};

/** One value with its unit and a sensible number of decimals, by what the field holds. */
export function formatField(key: string, value: unknown, e: FeedEvent): string | null {
  const symbol = symbolOf(e);
  const asset = typeof e['asset'] === 'string' ? e['asset'] : null;
  const priced = (v: unknown): string => (symbol === null ? price(String(v)) : symbolPrice(symbol, String(v)));
  if (Array.isArray(value)) {
    // liquidationStarted's positions and liquidationFill's book levels: "size @ price".
    const items = value.map((item) => {
      const o = item as Record<string, unknown>;
      const size = contracts(String(o['size'] ?? ''));
      const at = o['price'] ?? o['markPrice'];
      const keyText = typeof o['key'] === 'string' ? `${o['key']} ` : '';
      return `${keyText}${size} @ ${at === undefined ? '—' : priced(at)}`;
    });
    if (items.length > 3) return `${items.slice(0, 3).join(', ')} … (${items.length})`;
    return items.join(', ') || null;
  }
  if (value !== null && typeof value === 'object') return null;
  const text = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  if (/ratio/i.test(key)) return percent(text, 2);
  if (key === 'rate' || /Rate$/.test(key)) return percent(text, 4);
  if (/price/i.test(key)) return priced(text);
  if (/size/i.test(key)) return contracts(text);
  if (key === 'rank' || key === 'queue' || key === 'positions') return count(text);
  return money(text, asset);
}

function detail(event: FeedEvent): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(event)) {
    if (SHOWN_FIELDS_SKIP.has(key) || value === null || value === undefined) continue;
    const shown = formatField(key, value, event);
    if (shown === null) continue;
    parts.push(`<span class="kv" data-key="${esc(key)}"><span class="k">${esc(LABELS[key] ?? key)}</span> ${esc(shown)}</span>`);
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
  private symbolFilter = '';
  private accountFilter = '';
  private assetFilter = '';
  private modeFilter = '';
  /** Newest first by default (the feed's order); headers switch it. */
  private readonly sort: SortState = { key: 'seq', order: 'desc' };
  private received = 0;

  mount(root: HTMLElement): void {
    root.innerHTML = `
      <div class="page-head"><h1>Liquidation feed</h1><p class="sub">Margin calls, liquidations and every other risk event, newest first, as the engine commits them.</p><div class="error-slot"></div></div>
      <section class="card">
        <div class="card-head"><h2>Live events</h2>
          <div class="controls filters"><label>Type <select id="type-filter"><option value="">all</option></select></label><label>Symbol <select id="symbol-filter"><option value="">all</option></select></label><label>Asset <select id="asset-filter"><option value="">all</option></select></label><label>Mode <select id="mode-filter"><option value="">all</option><option value="cross">cross</option><option value="isolated">isolated</option></select></label><label>Account <input id="account-filter" placeholder="acct-…" size="12"></label><button id="export" class="export" type="button">Export CSV</button><span class="muted" id="feed-count">—</span></div>
        </div>
        <div class="feed-wrap"><table class="feed" id="feed">
          <thead><tr><th data-sort="time" data-sort-text>Time</th><th data-sort="seq">Seq</th><th data-sort="type" data-sort-text>Type</th><th data-sort="account" data-sort-text>Account</th><th data-sort="symbol" data-sort-text>Symbol</th><th>Details</th></tr></thead>
          <tbody></tbody>
        </table></div>
      </section>`;
    $(root, '#type-filter').addEventListener('change', (e) => {
      this.filter = (e.target as HTMLSelectElement).value;
      this.render(root);
    });
    $(root, '#symbol-filter').addEventListener('change', (e) => {
      this.symbolFilter = (e.target as HTMLSelectElement).value;
      this.render(root);
    });
    $(root, '#asset-filter').addEventListener('change', (e) => {
      this.assetFilter = (e.target as HTMLSelectElement).value;
      this.render(root);
    });
    $(root, '#mode-filter').addEventListener('change', (e) => {
      this.modeFilter = (e.target as HTMLSelectElement).value;
      this.render(root);
    });
    sortableHeaders($(root, '#feed'), this.sort, () => this.render(root));
    $(root, '#account-filter').addEventListener('input', (e) => {
      this.accountFilter = (e.target as HTMLInputElement).value.trim();
      this.render(root);
    });
    $(root, '#export').addEventListener('click', () => {
      // The exact fields the API sent, one row per event (entries left out: the ledger has them).
      downloadCsv('risk-events.csv', ['seq', 'time', 'committed_at', 'type', 'account', 'symbol', 'details_json'], this.shown().map((e) => {
        const { entries: _entries, seq, type, committedAt, ...rest } = e as FeedEvent & { entries?: unknown };
        return [seq, typeof e['time'] === 'string' ? e['time'] : '', committedAt ?? '', type, typeof e['account'] === 'string' ? e['account'] : '', symbolOf(e) ?? '', JSON.stringify(rest)];
      }));
    });
    void api<{ events: FeedEvent[]; counts: Record<string, number> }>('/v1/events?limit=200')
      .then((data) => {
        // The stream may already have brought some of these commits (it opens before the read
        // answers): keep each seq once, newest first.
        const streamed = new Set(this.events.map((e) => e.seq));
        this.events = [...this.events, ...data.events.filter((e) => !streamed.has(e.seq))].sort((a, b) => b.seq - a.seq).slice(0, KEPT);
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

  /** The events as shown: filtered, then in the header's order (exported the same way). */
  private shown(): FeedEvent[] {
    const isolatedPools = this.modeFilter === '' ? new Set<string>() : isolatedPoolsOf(this.events);
    const rows = this.events.filter(
      (e) =>
        (this.filter === '' || e.type === this.filter) &&
        (this.symbolFilter === '' || symbolOf(e) === this.symbolFilter) &&
        (this.assetFilter === '' || e['asset'] === this.assetFilter) &&
        (this.modeFilter === '' || modeOf(e, isolatedPools) === this.modeFilter) &&
        (this.accountFilter === '' || (typeof e['account'] === 'string' && e['account'].includes(this.accountFilter))),
    );
    return sortRows(rows, this.sort, (e, key) => {
      if (key === 'seq') return e.seq;
      if (key === 'time') return typeof e['time'] === 'string' ? e['time'] : (e.committedAt ?? null);
      if (key === 'type') return e.type;
      if (key === 'account') return typeof e['account'] === 'string' ? e['account'] : null;
      if (key === 'symbol') return symbolOf(e);
      return null;
    });
  }

  private render(root: HTMLElement): void {
    const types = [...new Set(this.events.map((e) => e.type))].sort();
    const select = $(root, '#type-filter') as HTMLSelectElement;
    const options = ['', ...types];
    if (select.options.length !== options.length) {
      select.innerHTML = options.map((t) => `<option value="${esc(t)}" ${t === this.filter ? 'selected' : ''}>${t === '' ? 'all' : esc(t)}</option>`).join('');
    }
    const symbols = ['', ...new Set(this.events.map(symbolOf).filter((x): x is string => x !== null))].sort();
    const symbolSelect = $(root, '#symbol-filter') as HTMLSelectElement;
    if (symbolSelect.options.length !== symbols.length) {
      symbolSelect.innerHTML = symbols.map((t) => `<option value="${esc(t)}" ${t === this.symbolFilter ? 'selected' : ''}>${t === '' ? 'all' : esc(t)}</option>`).join('');
    }
    const assets = ['', ...new Set(this.events.map((e) => e['asset']).filter((x): x is string => typeof x === 'string'))].sort();
    const assetSelect = $(root, '#asset-filter') as HTMLSelectElement;
    if (assetSelect.options.length !== assets.length) {
      assetSelect.innerHTML = assets.map((t) => `<option value="${esc(t)}" ${t === this.assetFilter ? 'selected' : ''}>${t === '' ? 'all' : esc(t)}</option>`).join('');
    }
    const shown = this.shown();
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
        return `<tr data-seq="${e.seq}" data-type="${esc(e.type)}">
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
