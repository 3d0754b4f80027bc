/**
 * The venue comparison on the account page (GET /v1/accounts/{account}/compare, docs/compare.md):
 * the account's committed positions under every venue record that can hold them, side by side
 * (equity, IM, MM, available, margin ratio; per position tier, leverage, liquidation and
 * bankruptcy price; funding at each venue's current rule), what differs and why, and the venues
 * that cannot hold it with the reason. Figures are the API's; the page only formats them.
 */
import { api, type CompareResult } from '../api.js';
import { DASH, esc, money, percent, symbolPrice } from '../format.js';
import { $, showError } from './page.js';

const SECTION_ID = 'account-compare';

interface Figures {
  readonly [field: string]: unknown;
}
const text = (figures: Figures | null | undefined, field: string): string | null => {
  const value = figures?.[field];
  return typeof value === 'string' ? value : null;
};

function sectionHtml(): string {
  return `<section class="card" id="${SECTION_ID}">
      <div class="card-head"><h2>Venue comparison</h2><span class="muted">the same positions under every venue's rules: margin, prices, funding, and what differs</span>
        <label class="muted small">premium <input id="compare-premium" inputmode="decimal" placeholder="0" size="8"></label><button type="button" id="compare-refresh">Compare</button></div>
      <div id="compare-body"><p class="muted">Loading…</p></div>
    </section>`;
}

function bodyHtml(result: CompareResult): string {
  const held = result.venues.filter((v) => v.holds);
  const asset = text(held[0]?.account, 'settle') ?? '';
  const accountRows = held
    .map((v) => {
      const a = v.account;
      const liquidatable = a?.['liquidatable'] === true;
      return `<tr data-venue="${esc(v.venue)}" title="${esc(v.description)}"><td>${esc(v.venue)}</td><td class="equity">${money(text(a, 'equity'), asset)}</td><td class="im">${money(text(a, 'initialMargin'), asset)}</td><td class="mm">${money(text(a, 'maintenanceMargin'), asset)}</td><td class="available">${money(text(a, 'availableBalance'), asset)}</td><td class="compare-ratio">${percent(text(a, 'marginRatio'))}</td><td class="text liquidatable">${liquidatable ? 'YES' : 'no'}</td></tr>`;
    })
    .join('');
  const positions = (held[0]?.positions ?? []).map((first, index) => {
    const symbol = text(first, 'symbol') ?? '';
    const rows = held
      .map((v) => {
        const p = v.positions[index];
        const funding = v.funding?.positions[index];
        const leverage = text(p, 'leverage');
        return `<tr data-venue="${esc(v.venue)}" data-position="${index}"><td>${esc(v.venue)}</td><td class="tier">${esc(String(p?.['tier'] ?? DASH))} (${esc(text(p, 'maintenanceRate') ?? DASH)})</td><td class="leverage">${leverage === null ? DASH : `${esc(leverage)}x${p?.['leverageCapped'] === true ? ' capped' : ''}`}</td><td class="liq">${symbolPrice(symbol, text(p, 'liquidationPrice'))}</td><td class="bankr">${symbolPrice(symbol, text(p, 'bankruptcyPrice'))}</td><td class="every">${v.funding === null || v.funding === undefined ? DASH : `${v.funding.intervalHours} h`}</td><td class="funding-rate">${funding === undefined ? DASH : `${percent(funding.rate, 4)}${funding.capped ? ' capped' : ''}`}</td><td class="payment">${funding === undefined ? DASH : money(funding.payment, asset, true)}</td><td class="per-day">${funding === undefined ? DASH : money(funding.paymentPerDay, asset, true)}</td></tr>`;
      })
      .join('');
    return `<h3 class="sub">${esc(text(first, 'side') ?? '')} ${esc(text(first, 'size') ?? '')} ${esc(symbol)} (${esc(text(first, 'margin') ?? '')})</h3>
      <table class="num-table compare-position"><thead><tr><th>venue</th><th>tier (MMR)</th><th>leverage</th><th>liq. price</th><th>bankr. price</th><th>funding every</th><th>rate</th><th>payment</th><th>per day</th></tr></thead><tbody>${rows}</tbody></table>`;
  });
  const differences = [
    ...result.differences.map((d) => ({ rule: d.rule, what: d.what, values: d.values })),
    ...result.tierDifferences.map((d) => ({ rule: `position ${d.position + 1} (${d.symbol})`, what: 'tier tables and leverage caps differ', values: d.values })),
  ]
    .map((d) => {
      const byValue = new Map<string, string[]>();
      for (const [venue, value] of Object.entries(d.values)) byValue.set(value, [...(byValue.get(value) ?? []), venue]);
      const values = [...byValue].map(([value, venues]) => `<li><code>${esc(value)}</code>: ${venues.map(esc).join(', ')}</li>`).join('');
      return `<li data-rule="${esc(d.rule)}"><b>${esc(d.rule)}</b>: ${esc(d.what)}<ul>${values}</ul></li>`;
    })
    .join('');
  const refused = result.refusals.map((r) => `<li data-venue="${esc(r.venue)}" data-code="${esc(r.code)}"><b>${esc(r.venue)}</b>: ${esc(r.message)}</li>`).join('');
  // No venue holds the account (only a wallet, or contracts no venue lists): the refusals are the answer.
  if (held.length === 0) return `<p class="muted" id="compare-none">No venue can hold this account.</p><ul id="compare-refused" class="compare-list">${refused}</ul>`;
  const premium = held.find((v) => v.funding)?.funding?.premium ?? '0';
  return `<table class="num-table" id="compare-table"><thead><tr><th>venue</th><th>equity</th><th>IM</th><th>MM</th><th>available</th><th>margin ratio</th><th>liquidatable</th></tr></thead><tbody>${accountRows}</tbody></table>
    ${positions.join('')}
    <p class="muted small">Funding at premium ${esc(premium)}: + the account pays, − it receives, per interval and per day.</p>
    <h3 class="sub">What differs and why</h3><ul id="compare-differences" class="compare-list">${differences === '' ? '<li class="muted">The venues that hold the account apply the same rules.</li>' : differences}</ul>
    ${refused === '' ? '' : `<details><summary class="muted">Cannot hold this account (${result.refusals.length})</summary><ul id="compare-refused" class="compare-list">${refused}</ul></details>`}`;
}

/** Adds the comparison card to the account page and loads it; returns the stop function. */
export function startCompare(root: HTMLElement, account: string): () => void {
  if (root.querySelector(`#${SECTION_ID}`) === null) root.insertAdjacentHTML('beforeend', sectionHtml());
  let token = 0;
  const load = async (): Promise<void> => {
    const mine = ++token;
    const premium = ($(root, '#compare-premium') as HTMLInputElement).value.trim();
    try {
      const result = await api<CompareResult>(`/v1/accounts/${encodeURIComponent(account)}/compare${premium === '' ? '' : `?premium=${encodeURIComponent(premium)}`}`);
      if (mine !== token) return;
      const body = $(root, '#compare-body');
      body.innerHTML = bodyHtml(result);
      body.dataset['asOfSeq'] = String(result.asOfSeq);
      showError(root, null);
    } catch (error) {
      if (mine !== token) return;
      $(root, '#compare-body').innerHTML = `<p class="muted">${esc((error as Error).message)}</p>`;
    }
  };
  $(root, '#compare-refresh').addEventListener('click', () => void load());
  void load();
  return () => {
    token++;
  };
}
