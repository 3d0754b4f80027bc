/**
 * An account in multi-asset mode (`setCollateralMode`, docs/collateral.md): its cross pool is one
 * pool over every asset with collateral rules and an index price, valued in the reference
 * currency by core's `computeMultiAssetPool` (haircuts per slice, loans at 100% with their
 * borrow margin, credit apart). Each settle asset's cross positions are one group computed by the
 * ordinary kernel on a zero balance (PnL, IM, MM in the asset), exactly as `margin risk` does, so
 * the engine's figures are the figures `margin risk --json` prints for the same account file.
 *
 * Assets without collateral rules or an index price stay outside the pool (one pool per settle
 * asset, as in single-asset mode). Isolated positions stay their own pools.
 */
import {
  computeMultiAssetPool,
  computeMultiAssetRisk,
  divRound,
  fromUnits,
  invariant,
  mul,
  type AssetHolding,
  type CollateralSnapshot,
  type Fixed,
  type Instrument,
  type MultiAssetPool,
  type MultiAssetReport,
  type MultiAssetRequest,
  type PositionSpec,
  type SettleFigures,
} from '@margin/core';
import { assetDecimals, walletUnits } from '../ledger/ledger.js';
import { currentView, riskOfView, type PoolView } from '../risk/pool-risk.js';
import { settleAssetsOf } from '../state/settle-assets.js';
import { optionRequirement } from '../risk/option-requirement.js';
import { optionPositionsOf } from '../state/option-book.js';
import { settingOf } from '../state/positions.js';
import type { AssetCollateral } from '../state/collateral.js';
import type { Account, EngineState } from '../state/types.js';

const ONE = 10n ** 18n;

export function isMultiAsset(account: Account): boolean {
  return account.collateralMode !== null;
}

function pricedCollateral(state: EngineState, asset: string): AssetCollateral | null {
  const collateral = state.assets.get(asset)?.collateral;
  return collateral === undefined || collateral.indexPrice === null ? null : collateral;
}

/** Whether `asset` is part of the account's multi-asset pool (multi-asset mode, rules and an index price). */
export function inMultiAssetPool(state: EngineState, account: Account, asset: string): boolean {
  return account.collateralMode !== null && pricedCollateral(state, asset) !== null;
}

/** Every asset the account holds, settles a cross position, an order or an option in, sorted. */
export function accountAssets(state: EngineState, account: Account): string[] {
  return settleAssetsOf(state, account, { wallets: true });
}

/** The pool's assets: those of the account with collateral rules and an index price, sorted. */
export function poolAssets(state: EngineState, account: Account): string[] {
  return accountAssets(state, account).filter((asset) => pricedCollateral(state, asset) !== null);
}

/** The engine's collateral rules as a core snapshot (every loan counts; its margin is the rule's). */
export function engineSnapshot(state: EngineState, assets: readonly string[], id = 'engine'): CollateralSnapshot {
  const rules = assets.map((asset) => {
    const c = pricedCollateral(state, asset);
    invariant(c !== null, `asset ${asset} has collateral rules and an index price`);
    return { asset, c };
  });
  return {
    id,
    effectiveFrom: '1970-01-01',
    reference: rules[0]?.c.reference ?? 'USD',
    title: 'collateral rules of the engine (collateralAsset commands)',
    sources: [],
    assets: rules.map(({ asset, c }) => ({ asset, haircut: c.haircut, borrowable: true, borrowInitialRate: c.borrowInitialRate, borrowMaintenanceRate: c.borrowMaintenanceRate, borrowLimit: c.borrowLimit })),
    conversionOrder: { kind: 'proportional' },
    conversionDiscount: 0n,
    assumptions: [],
  };
}

export function holdingOf(state: EngineState, asset: string, units: bigint): AssetHolding {
  const c = pricedCollateral(state, asset);
  invariant(c !== null && c.indexPrice !== null, `asset ${asset} has an index price`);
  return {
    asset,
    quantity: fromUnits(units, assetDecimals(state, asset)),
    indexPrice: c.indexPrice,
    ...(c.bidPrice === null ? {} : { bidPrice: c.bidPrice }),
    ...(c.askPrice === null ? {} : { askPrice: c.askPrice }),
  };
}

/** A settle asset's cross group in that asset: PnL (and option value), IM, MM, open-order margin. */
export interface GroupFigures extends SettleFigures {
  readonly orderMargin: Fixed;
}

/** One group's figures from a view, on a zero balance (as `margin risk` computes them). */
export function groupFigures(state: EngineState, account: Account, view: PoolView): GroupFigures {
  const cross = view.positions.filter((p) => p.margin === 'cross');
  const report = riskOfView(state, account, { ...view, wallet: 0n, positions: cross });
  const options = optionRequirement(state, account.id, view.asset, view.options);
  return {
    asset: view.asset,
    unrealizedPnl: report.account.equity + options.equity,
    initialMargin: report.account.initialMargin + options.initialMargin,
    maintenanceMargin: report.account.maintenanceMargin + options.maintenanceMargin,
    orderMargin: report.account.orderMargin,
  };
}

function holdsGroup(state: EngineState, account: Account, view: PoolView): boolean {
  return view.positions.some((p) => p.margin === 'cross') || view.orders.length > 0 || (view.options ?? optionPositionsOf(state, account.id, view.asset)).length > 0;
}

/** What-if changes of a pool valuation: one group's view, wallet deltas per asset. */
export interface PoolWhatIf {
  readonly view?: PoolView;
  readonly walletDelta?: ReadonlyMap<string, bigint>;
}

export interface AccountPool {
  readonly assets: readonly string[];
  readonly groups: readonly GroupFigures[];
  readonly pool: MultiAssetPool;
}

/** The groups of the pool (current, or one replaced by a what-if view). */
export function poolGroups(state: EngineState, account: Account, assets: readonly string[], view?: PoolView): GroupFigures[] {
  const groups: GroupFigures[] = [];
  for (const asset of assets) {
    const v = view !== undefined && view.asset === asset ? view : currentView(state, account, asset);
    if (holdsGroup(state, account, v)) groups.push(groupFigures(state, account, v));
  }
  return groups;
}

/** The pool valued from given groups and wallets (the groups do not depend on the wallets). */
export function valuePool(state: EngineState, account: Account, assets: readonly string[], groups: readonly GroupFigures[], walletDelta?: ReadonlyMap<string, bigint>, view?: PoolView): MultiAssetPool {
  const holdings = assets.map((asset) => {
    const units = view !== undefined && view.asset === asset ? view.wallet : walletUnits(account, asset);
    return holdingOf(state, asset, units + (walletDelta?.get(asset) ?? 0n));
  });
  const byAsset = new Map(holdings.map((h) => [h.asset, h]));
  let orderMargin = 0n;
  for (const group of groups) {
    const holding = byAsset.get(group.asset);
    invariant(holding !== undefined, `group ${group.asset} is in the pool`);
    orderMargin += mul(group.orderMargin, holding.askPrice ?? holding.indexPrice, 'ceil');
  }
  return computeMultiAssetPool({ snapshot: engineSnapshot(state, assets, account.collateralMode ?? 'engine'), holdings, settles: groups, credit: account.creditLine, orderMargin });
}

/** The account's multi-asset pool now (or under a what-if); null outside multi-asset mode or with no priced asset. */
export function multiAssetPoolOf(state: EngineState, account: Account, whatIf: PoolWhatIf = {}): AccountPool | null {
  if (account.collateralMode === null) return null;
  const assets = new Set(poolAssets(state, account));
  if (whatIf.view !== undefined && pricedCollateral(state, whatIf.view.asset) !== null) assets.add(whatIf.view.asset);
  for (const asset of whatIf.walletDelta?.keys() ?? []) if (pricedCollateral(state, asset) !== null) assets.add(asset);
  if (assets.size === 0) return null;
  const sorted = [...assets].sort();
  const groups = poolGroups(state, account, sorted, whatIf.view);
  return { assets: sorted, groups, pool: valuePool(state, account, sorted, groups, whatIf.walletDelta, whatIf.view) };
}

/** Reference value as units of `asset` at its ask (the rate requirements are charged at), rounded down. */
export function referenceInAsset(state: EngineState, asset: string, value: Fixed): Fixed {
  const c = pricedCollateral(state, asset);
  invariant(c !== null && c.indexPrice !== null, `asset ${asset} has an index price`);
  return divRound(value * ONE, c.askPrice ?? c.indexPrice, 'floor');
}

/**
 * `crossFigures`' free margin of a multi-asset account's view (a pre-trade check): the pool's
 * equity - IM - open-order margin with the view's group and wallet, in units of the view's asset
 * (at its ask, down). Null when the view's asset is not in a multi-asset pool.
 */
export function multiAssetFree(state: EngineState, account: Account, view: PoolView): Fixed | null {
  if (!inMultiAssetPool(state, account, view.asset)) return null;
  const found = multiAssetPoolOf(state, account, { view });
  if (found === null) return null;
  const { pool } = found;
  return referenceInAsset(state, view.asset, pool.equity - pool.initialMargin - pool.orderMargin);
}

/**
 * Withdrawable units of `asset` from a multi-asset pool: the most whose withdrawal leaves
 * min(own equity, equity) >= IM + open-order margin (haircut value, credit never withdrawable),
 * never more than the wallet. Exact by bisection on units (the pool value is monotone in the
 * holding). Null when the asset is not in a multi-asset pool.
 */
export function multiAssetWithdrawableUnits(state: EngineState, account: Account, asset: string): bigint | null {
  if (!inMultiAssetPool(state, account, asset)) return null;
  const wallet = walletUnits(account, asset);
  if (wallet <= 0n) return 0n;
  const assets = poolAssets(state, account);
  const groups = poolGroups(state, account, assets);
  const fits = (units: bigint): boolean => {
    const pool = valuePool(state, account, assets, groups, new Map([[asset, -units]]));
    const own = pool.ownEquity < pool.equity ? pool.ownEquity : pool.equity;
    return own - pool.initialMargin - pool.orderMargin >= 0n;
  };
  if (fits(wallet)) return wallet;
  if (!fits(0n)) return 0n;
  let low = 0n;
  let high = wallet;
  while (high - low > 1n) {
    const mid = (low + high) / 2n;
    if (fits(mid)) low = mid;
    else high = mid;
  }
  return low;
}

/** The request `margin risk` would build from the account's file: same pool, same positions. */
export function multiAssetRequestOf(state: EngineState, account: Account): MultiAssetRequest | null {
  if (account.collateralMode === null) return null;
  const assets = poolAssets(state, account);
  if (assets.length === 0) return null;
  const inPool = new Set(assets);
  const instruments = new Map<string, Instrument>();
  const markPrices = new Map<string, Fixed>();
  const positions: PositionSpec[] = [];
  const keys = [...account.positions.keys()].sort();
  for (const key of keys) {
    const position = account.positions.get(key);
    const market = position === undefined ? undefined : state.markets.get(position.symbol);
    if (position === undefined || market === undefined || position.margin !== 'cross' || !inPool.has(market.instrument.settle)) continue;
    invariant(market.markPrice !== null, `market ${position.symbol} has a mark price`);
    instruments.set(position.symbol, market.instrument);
    markPrices.set(position.symbol, market.markPrice);
    positions.push({
      symbol: position.symbol,
      side: position.size > 0n ? 'long' : 'short',
      size: position.size > 0n ? position.size : -position.size,
      entryPrice: position.entryPrice,
      leverage: settingOf(account, position.symbol).leverage,
      margin: 'cross',
      isolatedBalance: null,
    });
  }
  const found = multiAssetPoolOf(state, account);
  return {
    profile: state.profile,
    venueName: state.profile.name,
    snapshot: engineSnapshot(state, assets, account.collateralMode ?? 'engine'),
    positionMode: account.positionMode,
    holdings: assets.map((asset) => holdingOf(state, asset, walletUnits(account, asset))),
    credit: account.creditLine,
    orderMargin: found?.pool.orderMargin ?? 0n,
    instruments,
    markPrices,
    positions,
  };
}

/** The pool with every position's liquidation and bankruptcy prices (core's `computeMultiAssetRisk`). */
export function multiAssetReportOf(state: EngineState, account: Account): MultiAssetReport | null {
  const request = multiAssetRequestOf(state, account);
  return request === null ? null : computeMultiAssetRisk(request);
}
