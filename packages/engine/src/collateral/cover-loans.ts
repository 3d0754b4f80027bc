/**
 * `coverLoans`: the collateral step of a multi-asset liquidation, after positions. Core's
 * `planLoanCover` picks the sales (pro rata to value, or in the command's priority) at the
 * collateral index prices less the discount; each sale is booked like `convertCollateral`, in
 * whole units (the sold quantity rounded up and capped at the wallet, the proceeds down), with
 * both legs through `clearing`.
 */
import { formatFixed, formatUnits, fromUnits, planLoanCover, quoteConversion, toUnits, type AssetHolding, type ConversionOrder, type Fixed } from '@margin/core';
import type { CoverLoansCommand } from '@margin/wire';
import { Entries, assetDecimals, system, wallet, walletUnits } from '../ledger/ledger.js';
import { reviewRisk } from '../liquidation/run.js';
import type { Account, EngineState } from '../state/types.js';
import type { Sink } from '../events/sink.js';

export function applyCoverLoans(state: EngineState, command: CoverLoansCommand, out: Sink): void {
  const account = state.accounts.get(command.account);
  if (account === undefined) {
    out.reject(command.type, 'account_not_found');
    return;
  }
  if (command.discount >= 10n ** 18n) {
    out.reject(command.type, 'conversion_discount_invalid', `discount ${formatFixed(command.discount)} is not below 1`);
    return;
  }
  const sold = coverAccountLoans(state, account, command.priority === undefined ? { kind: 'proportional' } : { kind: 'priority', assets: command.priority }, command.discount, out);
  if (sold.length === 0) {
    out.reject(command.type, 'loan_not_found');
    return;
  }
  reviewRisk(state, sold.map((asset) => ({ account, asset })), out);
}

/**
 * Sell the account's priced collateral to cover its loans (core's `planLoanCover`, in `order`, at
 * the index less `discount`), each sale two ledger entries through `clearing` and one
 * `collateralConverted` event at its stated price. Returns the assets touched, sorted (empty:
 * nothing to sell or no loan). Also the collateral step of a multi-asset liquidation.
 */
export function coverAccountLoans(state: EngineState, account: Account, order: ConversionOrder, discount: Fixed, out: Sink): string[] {
  const holdings: AssetHolding[] = [];
  for (const asset of [...account.wallets.keys()].sort()) {
    const c = state.assets.get(asset)?.collateral;
    if (c === undefined || c.indexPrice === null) continue;
    holdings.push({ asset, quantity: fromUnits(walletUnits(account, asset), assetDecimals(state, asset)), indexPrice: c.indexPrice });
  }
  const plan = planLoanCover(holdings, order, discount);
  const sales = plan
    .map((sale) => {
      const fromDecimals = assetDecimals(state, sale.fromAsset);
      const held = walletUnits(account, sale.fromAsset);
      const units = toUnits(sale.fromQuantity, fromDecimals, 'ceil');
      return { sale, units: units > held ? held : units };
    })
    .filter((s) => s.units > 0n);
  for (const { sale, units } of sales) {
    const fromDecimals = assetDecimals(state, sale.fromAsset);
    const toDecimals = assetDecimals(state, sale.toAsset);
    const quote = quoteConversion(sale.fromAsset, sale.toAsset, fromUnits(units, fromDecimals), sale.fromIndex, sale.toIndex, discount);
    const received = toUnits(quote.toQuantity, toDecimals, 'floor');
    const entries = new Entries(state);
    entries.move(sale.fromAsset, wallet(account), system('clearing'), units);
    if (received > 0n) entries.move(sale.toAsset, system('clearing'), wallet(account), received);
    out.emit({
      type: 'collateralConverted',
      account: account.id,
      fromAsset: sale.fromAsset,
      toAsset: sale.toAsset,
      fromAmount: formatUnits(units, fromDecimals),
      toAmount: formatUnits(received, toDecimals),
      price: formatFixed(quote.price),
      discount: formatFixed(discount),
      entries: entries.list,
    });
  }
  return [...new Set(sales.flatMap(({ sale }) => [sale.fromAsset, sale.toAsset]))].sort();
}
