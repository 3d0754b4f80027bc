/**
 * Where a multi-asset account's pool replaces the per-asset free margin of `crossFigures` (a
 * pre-trade check). The collateral folder sits above this one and installs the function
 * (collateral/collateral-mode.ts); until then every account is single-asset.
 */
import type { Fixed } from '@margin/core';
import type { Account, EngineState } from '../state/types.js';
import type { PoolView } from './pool-risk.js';

export type MultiAssetFree = (state: EngineState, account: Account, view: PoolView) => Fixed | null;

let freeHook: MultiAssetFree | null = null;

export function installMultiAssetFree(hook: MultiAssetFree): void {
  freeHook = hook;
}

/** The pool's free margin in the view's asset, or null: the account's view is single-asset. */
export function multiAssetFreeOf(state: EngineState, account: Account, view: PoolView): Fixed | null {
  return freeHook === null || account.collateralMode === null ? null : freeHook(state, account, view);
}
