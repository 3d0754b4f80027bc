/**
 * An account's multi-asset pool as the engine sees it (docs/collateral.md): every wallet asset
 * with collateral rules and an index price, the cross positions of each priced settle asset (PnL,
 * IM, MM from the engine's own pool figures), the account's credit line; valued by core's
 * `computeMultiAssetPool`. Null when the account holds no asset with collateral rules.
 */
import { computeMultiAssetPool, fromUnits, multiAssetPoolToJson, multiAssetRiskToJson, type AssetHolding, type CollateralSnapshot, type MultiAssetRiskJson, type SettleFigures } from '@margin/core';
import { crossFigures, currentView } from '../risk/pool-risk.js';
import type { AssetCollateral } from '../state/collateral.js';
import type { EngineState } from '../state/types.js';
import { multiAssetReportOf } from './multi-asset-account.js';

export interface AccountCollateralJson extends Pick<MultiAssetRiskJson, 'account' | 'collateral' | 'credit'> {
  /** Wallet or settle assets left out: no collateral rules or no index price yet. */
  unpriced: string[];
  /** Multi-asset mode (`setCollateralMode`): the pool the engine margins, with its positions. */
  mode?: 'multi-asset';
  snapshot?: string;
  positions?: MultiAssetRiskJson['positions'];
}

export function accountCollateralJson(state: EngineState, accountId: string): AccountCollateralJson | null {
  const account = state.accounts.get(accountId);
  if (account === undefined) return null;
  const assets = new Set<string>([...account.wallets.keys(), ...account.crossPools.keys()]);
  const priced = new Map<string, AssetCollateral>();
  const unpriced: string[] = [];
  let anyRules = false;
  for (const asset of [...assets].sort()) {
    const collateral = state.assets.get(asset)?.collateral;
    if (collateral !== undefined) anyRules = true;
    if (collateral === undefined || collateral.indexPrice === null) unpriced.push(asset);
    else priced.set(asset, collateral);
  }
  if (!anyRules) return null;
  // An account in multi-asset mode: the pool the engine margins, as `margin risk --json` prints it.
  const report = account.collateralMode === null ? null : multiAssetReportOf(state, account);
  if (report !== null && account.collateralMode !== null) {
    const json = multiAssetRiskToJson(report);
    return { account: json.account, collateral: json.collateral, credit: json.credit, unpriced, mode: 'multi-asset', snapshot: account.collateralMode, positions: json.positions };
  }
  const holdings: AssetHolding[] = [...priced].map(([asset, c]) => ({
    asset,
    quantity: fromUnits(account.wallets.get(asset) ?? 0n, state.assets.get(asset)?.decimals ?? 8),
    indexPrice: c.indexPrice ?? 1n,
    ...(c.bidPrice === null ? {} : { bidPrice: c.bidPrice }),
    ...(c.askPrice === null ? {} : { askPrice: c.askPrice }),
  }));
  const settles: SettleFigures[] = [...account.crossPools.keys()]
    .filter((asset) => priced.has(asset))
    .map((asset) => {
      const figures = crossFigures(state, account, currentView(state, account, asset)).report.account;
      return { asset, unrealizedPnl: figures.unrealizedPnl, initialMargin: figures.initialMargin, maintenanceMargin: figures.maintenanceMargin };
    });
  const first = [...priced.values()][0];
  const snapshot: CollateralSnapshot = {
    id: 'engine',
    effectiveFrom: '1970-01-01',
    reference: first?.reference ?? 'USD',
    title: 'collateral rules of the engine (collateralAsset commands)',
    sources: [],
    // A loan the rules do not allow still counts (the ledger holds it); its margin is the rule's.
    assets: [...priced].map(([asset, c]) => ({ asset, haircut: c.haircut, borrowable: true, borrowInitialRate: c.borrowInitialRate, borrowMaintenanceRate: c.borrowMaintenanceRate, borrowLimit: c.borrowLimit })),
    conversionOrder: { kind: 'proportional' },
    conversionDiscount: 0n,
    assumptions: [],
  };
  const pool = computeMultiAssetPool({ snapshot, holdings, settles, credit: account.creditLine, orderMargin: 0n });
  return { ...multiAssetPoolToJson(pool, state.profile), unpriced };
}
