/**
 * `setCollateralMode` (docs/collateral.md, ADR 0031): an account's cross pool becomes one
 * multi-asset pool, or goes back to one pool per settle asset. Checks in order (the first failure
 * wins):
 *
 *   account_not_found; collateral_mode_unavailable (the venue record has no collateral snapshot,
 *   an unknown snapshot id, an account in portfolio margin, an isolated position or symbol
 *   setting); collateral_loans_outstanding (leaving with a negative balance);
 *   initial_margin_insufficient (the pool, or a per-asset pool after leaving, below its initial
 *   margin plus open-order margin).
 *
 * Then `collateralModeSet` and a risk review of every asset the account holds (the new pool may
 * call or liquidate at once). This module also installs the multi-asset hooks of the lower
 * folders (risk: the pre-trade free margin; liquidation: the review; the scan: a multi-asset
 * pool row is always confirmed exactly) and keeps the accounts that ever entered the mode, so
 * that a collateral price reviews them.
 */
import { InputError, findVenue, formatFixed, resolveCollateralSnapshot, type PathSegment } from '@margin/core';
import type { SetCollateralModeCommand } from '@margin/wire';
import type { Sink } from '../events/sink.js';
import { installMultiAssetReview } from '../liquidation/multi-asset-hook.js';
import { reviewRisk } from '../liquidation/run.js';
import { installMultiAssetFree } from '../risk/multi-asset-hook.js';
import { crossFigures, currentView } from '../risk/pool-risk.js';
import type { Account, EngineState } from '../state/types.js';
import { walletUnits } from '../ledger/ledger.js';
import { accountAssets, inMultiAssetPool, multiAssetFree, multiAssetPoolOf } from './multi-asset-account.js';
import { reviewMultiAsset } from './multi-asset-review.js';

installMultiAssetFree(multiAssetFree);
installMultiAssetReview(reviewMultiAsset);

/** Accounts that entered multi-asset mode, per state (a superset: readers check the account's mode). */
const entered = new WeakMap<EngineState, Set<string>>();

function remember(state: EngineState, account: Account): void {
  let ids = entered.get(state);
  if (ids === undefined) {
    ids = new Set();
    entered.set(state, ids);
    installScanFilter(state);
  }
  ids.add(account.id);
}

/** The scan confirms a multi-asset pool's rows exactly whenever one of its symbols moves. */
function installScanFilter(state: EngineState): void {
  const scan = state.scan;
  scan.setPoolFilter((pool) => {
    const owner = scan.owner(pool);
    if (owner.positionKey !== null) return null;
    const account = state.accounts.get(owner.accountId);
    if (account === undefined || account.collateralMode === null) return null;
    return inMultiAssetPool(state, account, owner.asset) ? true : null;
  }, 'multi-asset');
}

/** Multi-asset accounts holding or settling in one of `assets` (after a collateral price), by id. */
export function multiAssetAccountsWith(state: EngineState, assets: ReadonlySet<string>): { account: Account; asset: string }[] {
  const targets: { account: Account; asset: string }[] = [];
  for (const id of [...(entered.get(state) ?? [])].sort()) {
    const account = state.accounts.get(id);
    if (account === undefined || account.collateralMode === null) continue;
    const asset = accountAssets(state, account).find((a) => assets.has(a));
    if (asset !== undefined) targets.push({ account, asset });
  }
  return targets;
}

/** The venue snapshot id multi-asset mode takes (the named one, or the latest); throws InputError. */
function snapshotIdFor(state: EngineState, id: string | undefined, path: readonly PathSegment[]): string {
  const rules = findVenue(state.profile.name)?.collateral ?? null;
  if (rules === null || rules.snapshots.length === 0) throw new InputError(path, `venue ${state.profile.name} has no collateral snapshot (multi-asset mode needs one)`);
  return resolveCollateralSnapshot(rules, state.profile.name, id === undefined ? {} : { id }, path).id;
}

/** Snapshot restore: the snapshot must still be one of the venue record. */
export function restoreCollateralMode(state: EngineState, account: Account, id: string, path: readonly PathSegment[]): void {
  account.collateralMode = snapshotIdFor(state, id, path);
  remember(state, account);
}

function settleAssets(state: EngineState, account: Account): string[] {
  const assets = new Set<string>();
  for (const position of account.positions.values()) assets.add(state.markets.get(position.symbol)?.instrument.settle ?? '');
  for (const order of account.orders.values()) assets.add(state.markets.get(order.symbol)?.instrument.settle ?? '');
  assets.delete('');
  return [...assets].sort();
}

export function applySetCollateralMode(state: EngineState, command: SetCollateralModeCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const account = state.accounts.get(command.account);
  if (account === undefined) return reject('account_not_found');
  const previous = account.collateralMode;
  if (command.mode === 'multi-asset') {
    let id: string;
    try {
      id = snapshotIdFor(state, command.snapshot, []);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return reject('collateral_mode_unavailable', error.message);
    }
    if (account.portfolioModel !== null) return reject('collateral_mode_unavailable', `the account is in portfolio margin (${account.portfolioModel})`);
    for (const position of account.positions.values()) {
      if (position.margin === 'isolated') return reject('collateral_mode_unavailable', `position ${position.key} is isolated (a multi-asset pool is cross only)`);
    }
    for (const [symbol, setting] of account.settings) {
      if (setting.margin === 'isolated') return reject('collateral_mode_unavailable', `symbol ${symbol} is set to isolated (a multi-asset pool is cross only)`);
    }
    account.collateralMode = id;
    const found = multiAssetPoolOf(state, account);
    if (found !== null && found.pool.equity - found.pool.initialMargin - found.pool.orderMargin < 0n) {
      account.collateralMode = previous;
      return reject('initial_margin_insufficient', `the multi-asset pool's equity ${formatFixed(found.pool.equity)} ${found.pool.reference} is below its initial margin ${formatFixed(found.pool.initialMargin)} plus open-order margin ${formatFixed(found.pool.orderMargin)}`);
    }
    remember(state, account);
  } else {
    const loan = [...account.wallets].find(([, units]) => units < 0n);
    if (loan !== undefined && previous !== null) return reject('collateral_loans_outstanding', `${loan[0]} balance is negative (${walletUnits(account, loan[0])} units): cover the loan first (coverLoans)`);
    account.collateralMode = null;
    for (const asset of settleAssets(state, account)) {
      if (crossFigures(state, account, currentView(state, account, asset)).free < 0n) {
        account.collateralMode = previous;
        return reject('initial_margin_insufficient', `${asset}: equity below initial margin plus open-order margin as a single-asset pool`);
      }
    }
  }
  out.emit({ type: 'collateralModeSet', account: account.id, mode: command.mode, snapshot: account.collateralMode });
  reviewRisk(state, accountAssets(state, account).map((asset) => ({ account, asset })), out);
}
