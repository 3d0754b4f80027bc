/**
 * The risk review of a multi-asset account (docs/collateral.md, ADR 0031), in place of the
 * per-asset review for every asset of its pool:
 *
 *   1. isolated positions of the asset: their own pools, liquidated as in single-asset mode;
 *   2. margin-call levels of the whole pool (`marginCall` / `marginCallCleared` with the
 *      reference currency as `asset`), the level kept on the scan row of the pool's first asset;
 *   3. credit-line LTV bands (`creditBandChanged`);
 *   4. liquidation when the pool's equity is below its maintenance margin or the LTV reached the
 *      liquidation band: positions first (largest maintenance in the reference currency first,
 *      each closed in full through the executors), then the loans covered by selling the other
 *      collateral at the index less the venue's discount in the venue's order (the loan-cover
 *      plan, one `collateralConverted` ledger entry per sale at its stated price), then what no
 *      collateral covers is a deficit of its asset (fund, ADL or socialised loss).
 */
import { findVenue, formatFixed, marginRatio, resolveCollateralSnapshot, roundDecimals, type ConversionOrder, type Fixed, type MultiAssetPool } from '@margin/core';
import { walletUnits } from '../ledger/ledger.js';
import type { LiquidationContext } from '../liquidation/context.js';
import { resolveDeficit } from '../liquidation/deficit.js';
import { executeStep } from '../liquidation/executors.js';
import { liquidatePool } from '../liquidation/liquidate-pool.js';
import { poolTotals, type PoolMember } from '../liquidation/pool-state.js';
import { absSize } from '../liquidation/close.js';
import type { ClosedPart } from '../liquidation/close.js';
import { LEVEL_NAMES, nextLevel } from '../state/margin-call-config.js';
import { crossPool } from '../state/positions.js';
import type { Account, EngineState } from '../state/types.js';
import { inMultiAssetPool, multiAssetPoolOf, multiAssetReportOf, poolAssets, type AccountPool } from './multi-asset-account.js';
import { coverAccountLoans } from './cover-loans.js';
import { reviewCreditBand } from './credit-bands.js';

/** After this many closes a pool still short is a bug (each close removes a position). */
const CLOSES_MAX = 10_000;

function money(state: EngineState, value: Fixed, rounding: 'floor' | 'ceil'): string {
  return formatFixed(roundDecimals(value, state.profile.moneyDecimals, rounding));
}

/** The scan row that keeps the pool's margin-call level: the cross row of its first asset. */
function levelRow(state: EngineState, account: Account, assets: readonly string[]): number {
  for (const asset of assets) {
    const row = account.crossPools.get(asset);
    if (row !== undefined) return row;
  }
  return crossPool(state, account, assets[0] as string);
}

function reviewLevels(ctx: LiquidationContext, account: Account, found: AccountPool): void {
  const { state, out } = ctx;
  const { pool } = found;
  const held = found.groups.length > 0 || pool.maintenanceMargin > 0n;
  const row = found.assets.some((a) => account.crossPools.has(a)) || held ? levelRow(state, account, found.assets) : null;
  if (row === null) return;
  const current = state.scan.level(row);
  const next = nextLevel(state.marginCalls, current, pool.maintenanceMargin, pool.equity);
  if (next === current) return;
  state.scan.setLevel(row, next);
  const ratio = marginRatio(pool.maintenanceMargin, pool.equity);
  out.emit({
    type: next > current ? 'marginCall' : 'marginCallCleared',
    account: account.id,
    asset: pool.reference,
    positionKey: null,
    level: LEVEL_NAMES[next] ?? 'liquidation',
    previousLevel: LEVEL_NAMES[current] ?? 'none',
    ratio: ratio === null ? null : formatFixed(roundDecimals(ratio, state.profile.ratioDecimals, 'ceil')),
    maintenanceMargin: money(state, pool.maintenanceMargin, 'ceil'),
    equity: money(state, pool.equity, 'floor'),
  });
}

/** The venue snapshot's liquidation order and conversion discount for the account. */
export function conversionRules(state: EngineState, account: Account): { order: ConversionOrder; discount: Fixed } {
  const rules = findVenue(state.profile.name)?.collateral ?? null;
  if (rules === null || account.collateralMode === null) return { order: { kind: 'proportional' }, discount: 0n };
  const snapshot = resolveCollateralSnapshot(rules, state.profile.name, { id: account.collateralMode }, []);
  return { order: snapshot.conversionOrder, discount: snapshot.conversionDiscount };
}

function mustLiquidate(pool: MultiAssetPool, band: number): boolean {
  return pool.liquidatable || band === 2;
}

/** The cross position with the largest maintenance margin in the reference currency (ties: first key). */
function nextTarget(state: EngineState, account: Account, assets: ReadonlySet<string>): { member: PoolMember; asset: string } | null {
  const report = multiAssetReportOf(state, account);
  if (report === null) return null;
  let best: { member: PoolMember; asset: string; mmRef: Fixed } | null = null;
  const keys = [...account.positions.keys()].sort();
  for (const key of keys) {
    const position = account.positions.get(key);
    if (position === undefined || position.margin !== 'cross') continue;
    const asset = state.markets.get(position.symbol)?.instrument.settle;
    if (asset === undefined || !assets.has(asset)) continue;
    const risk = report.positions.find((p) => p.spec.symbol === position.symbol && (p.spec.side === 'long') === position.size > 0n);
    if (risk === undefined) continue;
    const holding = report.pool.assets.find((a) => a.asset === asset);
    const mmRef = risk.maintenanceMargin * (holding?.askPrice ?? 1n);
    if (best === null || mmRef > best.mmRef) best = { member: { position, risk }, asset, mmRef };
  }
  return best === null ? null : { member: best.member, asset: best.asset };
}

function cancelPoolOrders(ctx: LiquidationContext, account: Account, assets: ReadonlySet<string>): void {
  const orders = [...account.orders.values()].filter((o) => assets.has(ctx.state.markets.get(o.symbol)?.instrument.settle ?? '')).sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
  for (const order of orders) {
    account.deleteOrder(order.orderId);
    ctx.out.emit({ type: 'orderCanceled', account: account.id, orderId: order.orderId, symbol: order.symbol, remaining: formatFixed(order.size), reason: 'liquidation' });
  }
}

/** Liquidate the whole multi-asset pool (see the module comment). */
export function liquidateMultiAsset(ctx: LiquidationContext, account: Account, found: AccountPool, band: number): void {
  const { state, out } = ctx;
  const reference = found.pool.reference;
  const assets = new Set(found.assets);
  const ratio = marginRatio(found.pool.maintenanceMargin, found.pool.equity);
  const positions = [...account.positions.values()].filter((p) => p.margin === 'cross' && assets.has(state.markets.get(p.symbol)?.instrument.settle ?? '')).sort((a, b) => (a.key < b.key ? -1 : 1));
  out.emit({
    type: 'liquidationStarted',
    account: account.id,
    asset: reference,
    positionKey: null,
    equity: money(state, found.pool.equity, 'floor'),
    maintenanceMargin: money(state, found.pool.maintenanceMargin, 'ceil'),
    marginRatio: ratio === null ? null : formatFixed(roundDecimals(ratio, state.profile.ratioDecimals, 'ceil')),
    rule: 'full',
    positions: positions.map((p) => ({ key: p.key, size: formatFixed(p.size), markPrice: formatFixed(state.markets.get(p.symbol)?.markPrice ?? 0n) })),
  });
  cancelPoolOrders(ctx, account, assets);
  const parts = new Map<string, ClosedPart[]>();
  let steps = 0;
  let current: AccountPool | null = multiAssetPoolOf(state, account);
  // Positions first: while the pool is short, close the largest requirement in full.
  while (current !== null && mustLiquidate(current.pool, band) && steps < CLOSES_MAX) {
    const target = nextTarget(state, account, assets);
    if (target === null) break;
    steps++;
    const list = parts.get(target.asset) ?? [];
    parts.set(target.asset, list);
    // No takeover of the pool's equity by the backstop: the collateral step below settles the pool.
    executeStep(ctx, { account, asset: target.asset, positionKey: null }, 0n, target.member, absSize(target.member.position), list);
    current = multiAssetPoolOf(state, account);
    if (band === 2) band = current === null ? 0 : reviewCreditBand(state, account, current.pool, null);
  }
  // Then collateral: every loan covered at the index less the venue's discount, in its order.
  const { order, discount } = conversionRules(state, account);
  coverAccountLoans(state, account, order, discount, out);
  // What no collateral covers is a deficit of its asset.
  for (const asset of [...assets].sort()) {
    const balance = walletUnits(account, asset);
    const held = [...account.positions.values()].some((p) => p.margin === 'cross' && state.markets.get(p.symbol)?.instrument.settle === asset);
    if (balance < 0n && !held) resolveDeficit(ctx, { account, asset, positionKey: null, holder: { kind: 'wallet', account } }, parts.get(asset) ?? [], -balance);
  }
  const after = multiAssetPoolOf(state, account);
  const left = [...account.positions.values()].some((p) => p.margin === 'cross' && assets.has(state.markets.get(p.symbol)?.instrument.settle ?? ''));
  out.emit({
    type: 'liquidationEnded',
    account: account.id,
    asset: reference,
    positionKey: null,
    outcome: left ? 'restored' : 'closed',
    steps: String(steps),
    equity: money(state, after?.pool.equity ?? 0n, 'floor'),
    maintenanceMargin: money(state, after?.pool.maintenanceMargin ?? 0n, 'ceil'),
  });
}

/** The review hook (liquidation/multi-asset-hook.ts): true when `asset` is in the account's multi-asset pool. */
export function reviewMultiAsset(ctx: LiquidationContext, account: Account, asset: string): boolean {
  const { state } = ctx;
  if (!inMultiAssetPool(state, account, asset)) return false;
  // Isolated positions of the asset keep their own pools.
  for (const position of [...account.positions.values()].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    if (position.margin !== 'isolated' || state.markets.get(position.symbol)?.instrument.settle !== asset) continue;
    const ref = { account, asset, positionKey: position.key };
    const totals = poolTotals(state, ref);
    if (totals.equity < totals.maintenance) liquidatePool(ctx, ref);
  }
  const found = multiAssetPoolOf(state, account);
  if (found === null) return true;
  reviewLevels(ctx, account, found);
  const band = reviewCreditBand(state, account, found.pool, ctx.out);
  const hasLoan = poolAssets(state, account).some((a) => walletUnits(account, a) < 0n);
  const held = found.groups.length > 0;
  if (mustLiquidate(found.pool, band) && (held || hasLoan)) {
    liquidateMultiAsset(ctx, account, found, band);
    const after = multiAssetPoolOf(state, account);
    if (after !== null) {
      reviewLevels(ctx, account, after);
      reviewCreditBand(state, account, after.pool, ctx.out);
    }
  }
  return true;
}
