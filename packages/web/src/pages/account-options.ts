/**
 * The account page's options panel (issue 10, ADR 0022): the account's option positions with
 * their Greeks and margin, and its Greeks totals per base coin (delta in coin and in quote, gamma,
 * vega, theta), from the account's risk (`GET /v1/accounts/{account}`, polled). Every figure is
 * the API's decimal string as sent: the engine computes, the page only shows. Hidden without options.
 */
import { api, type RiskJson } from '../api.js';
import { esc } from '../format.js';
import { every } from './page.js';

interface OptionRow {
  symbol: string;
  side: string;
  size: string;
  markPrice: string;
  markSource: string;
  volatility: string;
  value: string;
  initialMargin: string;
  maintenanceMargin: string;
  settle: string;
  greeks: { deltaCoin: string; deltaQuote: string; gamma: string; vegaPerVolPoint: string; thetaPerDay: string };
}

interface GreeksRow {
  base: string;
  deltaCoin: string;
  deltaQuote: string;
  gamma: string;
  vegaPerVolPoint: string;
  thetaPerDay: string;
}

type RiskWithOptions = RiskJson & { options?: OptionRow[]; greeks?: GreeksRow[] };

const cell = (field: string, value: string): string => `<td class="num" data-field="${field}">${esc(value)}</td>`;

function render(section: HTMLElement, risk: RiskWithOptions): void {
  const options = risk.options ?? [];
  section.dataset['options'] = String(options.length);
  section.hidden = options.length === 0;
  if (options.length === 0) return;
  const rows = options
    .map(
      (o) => `<tr data-symbol="${esc(o.symbol)}"><td>${esc(o.symbol)}</td><td>${esc(o.side)}</td>${cell('size', o.size)}${cell('markPrice', o.markPrice)}${cell('volatility', o.volatility)}${cell('value', o.value)}${cell('initialMargin', o.initialMargin)}${cell('maintenanceMargin', o.maintenanceMargin)}${cell('deltaCoin', o.greeks.deltaCoin)}${cell('gamma', o.greeks.gamma)}${cell('vegaPerVolPoint', o.greeks.vegaPerVolPoint)}${cell('thetaPerDay', o.greeks.thetaPerDay)}</tr>`,
    )
    .join('');
  const totals = (risk.greeks ?? [])
    .map(
      (g) => `<tr data-base="${esc(g.base)}"><td>${esc(g.base)}</td>${cell('deltaCoin', g.deltaCoin)}${cell('deltaQuote', g.deltaQuote)}${cell('gamma', g.gamma)}${cell('vegaPerVolPoint', g.vegaPerVolPoint)}${cell('thetaPerDay', g.thetaPerDay)}</tr>`,
    )
    .join('');
  section.innerHTML = `
    <div class="card-head"><h2>Options</h2><span class="muted">positions with Greeks and margin; premium and margin in the settle asset (${esc(options[0]?.settle ?? '')}); vega per volatility point, theta per day</span></div>
    <table class="table" id="options-table"><thead><tr><th>option</th><th>side</th><th>size</th><th>mark</th><th>IV</th><th>value</th><th>IM</th><th>MM</th><th>delta (coin)</th><th>gamma</th><th>vega/pt</th><th>theta/day</th></tr></thead><tbody>${rows}</tbody></table>
    <h3>Greeks totals</h3>
    <table class="table" id="greeks-table"><thead><tr><th>base</th><th>delta (coin)</th><th>delta (quote)</th><th>gamma</th><th>vega/pt</th><th>theta/day</th></tr></thead><tbody>${totals}</tbody></table>`;
}

/** Adds the panel after the positions and polls the account's risk into it; returns the stop function. */
export function startOptions(root: HTMLElement, account: string): () => void {
  const section = document.createElement('section');
  section.className = 'card';
  section.id = 'account-options';
  section.hidden = true;
  (root.querySelector('#positions') ?? root).after(section);
  return every(
    3_000,
    async () => render(section, await api<RiskWithOptions>(`/v1/accounts/${encodeURIComponent(account)}`)),
    () => undefined,
  );
}
