/**
 * Stress panel: a percent shock per symbol (or one for all), sent to POST /v1/stress; the engine
 * previews the shocked marks on the committed state and rolls them back, so nothing is journaled.
 * Results per symbol and per settle asset: margin calls, liquidations, bankruptcies, deficit,
 * insurance fund used and the ADL it takes, exactly as the API answers them.
 */
import { api, type InstrumentJson, type StressResult } from '../api.js';
import { DASH, amount, contracts, count, esc, symbolPrice } from '../format.js';
import { $, showError, type Page } from './page.js';

const ALL = 'ALL';

export class StressPage implements Page {
  private instruments: InstrumentJson[] = [];
  private token = 0;

  mount(root: HTMLElement): void {
    root.innerHTML = `
      <div class="page-head"><h1>Stress test</h1><span class="muted">the engine's preview of shocked marks on the committed book; nothing is journaled</span><div class="error-slot"></div></div>
      <section class="card" id="stress-card">
        <div class="card-head"><h2>Shocks</h2><span class="muted">percent move of each mark (and index); empty: unchanged</span></div>
        <form id="stress-form" class="whatif-form">
          <div id="stress-shocks" class="stress-shocks"><span class="muted">Loading instruments…</span></div>
          <button type="submit" id="stress-run">Run stress</button>
        </form>
        <div id="stress-result" class="whatif-result"><p class="muted">Enter a shock, e.g. -10 for BTCUSDT, and press Run stress: margin calls, liquidations, bankruptcies, the deficit, the insurance fund used and the ADL it takes, per symbol.</p></div>
      </section>`;
    $(root, '#stress-form').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run(root);
    });
    void this.load(root);
  }

  unmount(): void {
    this.token++;
  }

  private async load(root: HTMLElement): Promise<void> {
    try {
      const { instruments } = await api<{ instruments: InstrumentJson[] }>('/v1/instruments');
      this.instruments = instruments;
      const field = (symbol: string, label: string): string =>
        `<label>${esc(label)} <input class="shock" data-symbol="${esc(symbol)}" inputmode="decimal" placeholder="%" size="6"></label>`;
      $(root, '#stress-shocks').innerHTML = [field(ALL, 'All symbols'), ...instruments.map((i) => field(i.symbol, i.symbol))].join('');
      showError(root, null);
    } catch (error) {
      showError(root, error as Error);
    }
  }

  /** The shocks as the API takes them: symbol (or ALL) -> percent. */
  private shocks(root: HTMLElement): Record<string, string> {
    const shocks: Record<string, string> = {};
    for (const input of root.querySelectorAll<HTMLInputElement>('input.shock')) {
      const value = input.value.trim().replace(/%$/, '');
      if (value !== '') shocks[input.dataset['symbol'] ?? ''] = `${value}%`;
    }
    return shocks;
  }

  private async run(root: HTMLElement): Promise<void> {
    const shocks = this.shocks(root);
    const out = $(root, '#stress-result');
    if (Object.keys(shocks).length === 0) {
      out.innerHTML = '<p class="muted">Enter at least one shock.</p>';
      return;
    }
    const token = ++this.token;
    out.innerHTML = '<p class="muted">Running…</p>';
    try {
      const result = await api<StressResult>('/v1/stress', { method: 'POST', body: { shocks } });
      if (token !== this.token) return;
      out.innerHTML = resultHtml(result);
      showError(root, null);
    } catch (error) {
      if (token !== this.token) return;
      out.innerHTML = '';
      showError(root, error as Error);
    }
  }
}

function impactCells(row: StressResult['totals'][number], asset: string): string {
  return `<td class="num margin-call">${count(row.marginCall)}</td><td class="num liquidated">${count(row.liquidated)}</td><td class="num bankrupt">${count(row.bankrupt)}</td>
    <td class="num deficit">${amount(row.deficit, asset)}</td><td class="num insurance-used">${amount(row.insuranceUsed, asset)}</td>
    <td class="num adl-accounts">${count(row.adlAccounts)}</td><td class="num adl-contracts">${contracts(row.adlContracts)}</td><td class="num adl-haircut">${amount(row.adlHaircut, asset)}</td>
    <td class="num socialized">${amount(row.socialized, asset)}</td><td class="num unresolved">${amount(row.unresolved, asset)}</td>`;
}

const IMPACT_HEAD = '<th class="num">margin calls</th><th class="num">liquidated</th><th class="num">bankrupt</th><th class="num">deficit</th><th class="num">insurance used</th><th class="num">ADL accounts</th><th class="num">ADL contracts</th><th class="num">ADL haircut</th><th class="num">socialized</th><th class="num">unresolved</th>';

function resultHtml(result: StressResult): string {
  const verdict = result.accepted
    ? `<p class="verdict ok">Previewed at seq ${count(result.asOfSeq)} over ${count(result.accounts)} accounts; the journal is unchanged.</p>`
    : `<p class="verdict bad">The engine refused the shocked prices: ${esc(result.reason ?? '')}</p>`;
  const shocks = result.shocks
    .map((s) => `<tr data-symbol="${esc(s.symbol)}"><td>${esc(s.symbol)}</td><td class="num percent">${esc(s.percent)} %</td><td class="num">${symbolPrice(s.symbol, s.markBefore)}</td><td class="num mark-after">${symbolPrice(s.symbol, s.markAfter)}</td></tr>`)
    .join('');
  const symbols = result.symbols
    .map((row) => `<tr data-symbol="${esc(row.symbol ?? '')}" data-asset="${esc(row.asset)}"><td>${row.symbol === null ? DASH : esc(row.symbol)}</td><td class="text">${esc(row.asset)}</td>${impactCells(row, row.asset)}</tr>`)
    .join('');
  const totals = result.totals.map((row) => `<tr class="total" data-asset="${esc(row.asset)}"><td>total</td><td class="text">${esc(row.asset)}</td>${impactCells(row, row.asset)}</tr>`).join('');
  const empty = result.symbols.length === 0 ? `<tr><td colspan="12" class="muted">No account reaches a margin call under these shocks.</td></tr>` : '';
  return `${verdict}
    <table class="num-table" id="stress-shocks-table"><thead><tr><th>symbol</th><th class="num">shock</th><th class="num">mark before</th><th class="num">mark after</th></tr></thead><tbody>${shocks}</tbody></table>
    <table class="num-table" id="stress-table"><thead><tr><th>symbol</th><th>asset</th>${IMPACT_HEAD}</tr></thead><tbody>${symbols}${empty}${totals}</tbody></table>
    <p class="muted small">${result.assumptions.map(esc).join(' ')}</p>`;
}
