/**
 * Where the risk review hands a multi-asset account to its own review (margin calls, credit
 * bands, liquidation of the whole pool: collateral/multi-asset-review.ts). The collateral folder
 * sits above this one and installs it (collateral/collateral-mode.ts).
 */
import type { Account } from '../state/types.js';
import type { LiquidationContext } from './context.js';

/** Returns true when it reviewed (account, asset); false leaves the pool to the per-asset review. */
export type MultiAssetReview = (ctx: LiquidationContext, account: Account, asset: string) => boolean;

let reviewHook: MultiAssetReview | null = null;

export function installMultiAssetReview(hook: MultiAssetReview): void {
  reviewHook = hook;
}

export function reviewedAsMultiAsset(ctx: LiquidationContext, account: Account, asset: string): boolean {
  return reviewHook !== null && account.collateralMode !== null && reviewHook(ctx, account, asset);
}
