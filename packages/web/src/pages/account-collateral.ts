/**
 * The account page's collateral panel: the multi-asset pool in the reference currency (each
 * asset's quantity, index, haircut and value; loans), own equity and credit apart
 * (`GET /v1/accounts/{account}/collateral`, polled). Hidden while the account holds no asset with
 * collateral rules. Figures are the API's; nothing is recomputed here.
 */
import type { AccountCollateralResponse } from '@margin/wire';
import { api } from '../api.js';
import { DASH, amount, esc, money, percent } from '../format.js';
import { $, every } from './page.js';

export const COLLATERAL_SECTION = `
      <section class="card" id="account-collateral" hidden>
        <div class="card-head"><h2>Collateral</h2><span class="muted" id="collateral-note">multi-asset pool: holdings at the index after tiered haircuts, loans at 100%, credit apart (never withdrawable)</span></div>
        <div id="collateral-body"></div>
      </section>`;

type Pool = NonNullable<AccountCollateralResponse['pool']>;

function render(pool: Pool): string {
  const a = pool.account;
  const ref = a.reference;
  const credit = pool.credit;
  const rows = pool.collateral
    .map(
      (c) => `<tr data-asset="${esc(c.asset)}">
        <td class="asset">${esc(c.asset)}</td>
        <td class="quantity">${esc(c.quantity)}</td>
        <td class="index">${esc(c.indexPrice)}</td>
        <td class="haircut">${c.liability !== '0' ? DASH : percent(c.haircut, 2)}</td>
        <td class="value">${money(c.value, ref)}</td>
        <td class="liability">${c.liability === '0' ? DASH : money(c.liability, ref)}${c.overBorrowLimit ? ' <b class="bad">over limit</b>' : ''}</td>
      </tr>`,
    )
    .join('');
  const creditLine =
    credit === null
      ? ''
      : `<dt>Credit line</dt><dd id="collateral-credit" data-limit="${esc(credit.limit)}" data-available="${esc(credit.available)}" data-status="${esc(credit.status)}"><b>${money(credit.limit, ref)}</b> limit, ${money(credit.used, ref)} used, <b>${money(credit.available, ref)}</b> undrawn; LTV ${credit.loanToValue === null ? DASH : percent(credit.loanToValue, 2)} (${esc(credit.status)})</dd>`;
  return `
    <dl class="explain">
      <dt>Collateral value</dt><dd id="collateral-value" data-value="${esc(a.collateralValue)}"><b>${money(a.collateralValue, ref)}</b> (liabilities ${money(a.liabilities, ref)})</dd>
      <dt>Own equity</dt><dd id="collateral-own" data-value="${esc(a.ownEquity)}"><b>${money(a.ownEquity, ref)}</b> <span class="formula">= collateral − liabilities − credit used + uPnL ${amount(a.unrealizedPnl, ref)}</span></dd>
      ${creditLine}
      <dt>Equity</dt><dd id="collateral-equity" data-value="${esc(a.equity)}"><b>${money(a.equity, ref)}</b>; IM ${money(a.initialMargin, ref)}, MM ${money(a.maintenanceMargin, ref)}, available ${money(a.availableBalance, ref)}</dd>
      <dt>Withdrawable</dt><dd id="collateral-withdrawable" data-value="${esc(a.withdrawable)}"><b>${money(a.withdrawable, ref)}</b> (credit never)</dd>
    </dl>
    <table class="num-table" id="collateral-table">
      <thead><tr><th>asset</th><th>quantity</th><th>index (${esc(ref)})</th><th>haircut</th><th>value</th><th>loan</th></tr></thead>
      <tbody>${rows}</tbody>
    </table>
    ${pool.unpriced.length === 0 ? '' : `<p class="muted">Left out (no collateral rules or index price): ${pool.unpriced.map(esc).join(', ')}</p>`}`;
}

/** Starts polling the account's collateral into the panel; returns the stop function. */
export function startCollateral(root: HTMLElement, account: string): () => void {
  return every(3_000, async () => {
    const answer = await api<AccountCollateralResponse>(`/v1/accounts/${encodeURIComponent(account)}/collateral`);
    const section = $(root, '#account-collateral');
    if (answer.pool === null) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    $(root, '#collateral-body').innerHTML = render(answer.pool);
  }, () => undefined);
}
