/**
 * Borrowing by converting more than the wallet holds: the wallet of `fromAsset` goes negative (a
 * loan counted at 100% with the rule's borrow margin). Allowed only when the asset's collateral
 * rules say `borrowable`, both assets are priced, the loan stays within `borrowLimit`, the account
 * has no cross position or order in the borrowed asset (the engine's liquidation stays per settle
 * asset), and the multi-asset pool after the conversion keeps equity >= initial margin.
 */
import { computeMultiAssetPool, fromUnits, quoteConversion, toUnits, type AssetHolding, type CollateralSnapshot, type SettleFigures } from '@margin/core';
import type { ConvertCollateralCommand, RejectCode } from '@margin/wire';
import { assetDecimals, walletUnits } from '../ledger/ledger.js';
import { crossFigures, currentView } from '../risk/pool-risk.js';
import type { Account, EngineState } from '../state/types.js';

export interface LoanRefusal {
  readonly code: RejectCode;
  readonly detail: string;
}

export function loanRefusal(state: EngineState, account: Account, command: ConvertCollateralCommand, fromUnitsWanted: bigint): LoanRefusal | null {
  const from = state.assets.get(command.fromAsset)?.collateral;
  const to = state.assets.get(command.toAsset)?.collateral;
  const refuse = (detail: string): LoanRefusal => ({ code: 'available_balance_insufficient', detail });
  if (from === undefined || !from.borrowable) return refuse(`${command.fromAsset} cannot be borrowed: its collateral rules do not allow a negative balance`);
  if (from.indexPrice === null || to === undefined || to.indexPrice === null) return refuse('a loan needs collateral rules and index prices of both assets');
  const view = currentView(state, account, command.fromAsset);
  if (view.positions.length > 0 || view.orders.length > 0) return refuse(`${command.fromAsset} settles open positions or orders of the account`);
  const fromDecimals = assetDecimals(state, command.fromAsset);
  const after = walletUnits(account, command.fromAsset) - fromUnitsWanted;
  const loan = fromUnits(after < 0n ? -after : 0n, fromDecimals);
  if (from.borrowLimit !== null && loan > from.borrowLimit) return { code: 'borrow_limit_exceeded', detail: `the loan of ${command.fromAsset} would exceed its borrow limit` };
  // The pool after the conversion, every priced asset of the account.
  const quote = quoteConversion(command.fromAsset, command.toAsset, fromUnits(fromUnitsWanted, fromDecimals), command.fromIndex, command.toIndex, command.discount);
  const received = toUnits(quote.toQuantity, assetDecimals(state, command.toAsset), 'floor');
  const assets = new Set([...account.wallets.keys(), command.fromAsset, command.toAsset]);
  const holdings: AssetHolding[] = [];
  const rules: CollateralSnapshot['assets'][number][] = [];
  for (const asset of [...assets].sort()) {
    const c = state.assets.get(asset)?.collateral;
    if (c === undefined || c.indexPrice === null) continue;
    let units = walletUnits(account, asset);
    if (asset === command.fromAsset) units -= fromUnitsWanted;
    if (asset === command.toAsset) units += received;
    holdings.push({ asset, quantity: fromUnits(units, assetDecimals(state, asset)), indexPrice: c.indexPrice, ...(c.bidPrice === null ? {} : { bidPrice: c.bidPrice }), ...(c.askPrice === null ? {} : { askPrice: c.askPrice }) });
    rules.push({ asset, haircut: c.haircut, borrowable: true, borrowInitialRate: c.borrowInitialRate, borrowMaintenanceRate: c.borrowMaintenanceRate, borrowLimit: c.borrowLimit });
  }
  const settles: SettleFigures[] = [...account.crossPools.keys()]
    .filter((asset) => holdings.some((h) => h.asset === asset))
    .map((asset) => {
      const figures = crossFigures(state, account, currentView(state, account, asset)).report.account;
      return { asset, unrealizedPnl: figures.unrealizedPnl, initialMargin: figures.initialMargin, maintenanceMargin: figures.maintenanceMargin };
    });
  const snapshot: CollateralSnapshot = { id: 'engine', effectiveFrom: '1970-01-01', reference: from.reference, title: 'engine', sources: [], assets: rules, conversionOrder: { kind: 'proportional' }, conversionDiscount: 0n, assumptions: [] };
  const pool = computeMultiAssetPool({ snapshot, holdings, settles, credit: account.creditLine, orderMargin: 0n });
  if (pool.equity - pool.initialMargin < 0n) return { code: 'initial_margin_insufficient', detail: `after the loan the multi-asset pool's equity would be below its initial margin` };
  return null;
}
