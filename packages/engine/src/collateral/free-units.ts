/**
 * What of an asset the account may move out of its cross wallet (withdraw, convert): the
 * same rule as `withdraw` (min(wallet, equity - IM - open-order margin), floored to units, never
 * negative), kept here so the collateral commands sit below `apply` in the folder layers.
 */
import { SCALE, max, toUnits, type Fixed } from '@margin/core';
import { assetDecimals, walletUnits } from '../ledger/ledger.js';
import { crossFigures, currentView } from '../risk/pool-risk.js';
import type { EngineState } from '../state/types.js';

export function freeUnits(state: EngineState, accountId: string, asset: string): bigint {
  const account = state.accounts.get(accountId);
  if (account === undefined) return 0n;
  const view = currentView(state, account, asset);
  const walletBalance = walletUnits(account, asset);
  if (view.positions.length === 0 && view.orders.length === 0) return max(0n, walletBalance);
  const figures = crossFigures(state, account, view);
  const free = toUnits(figures.free, assetDecimals(state, asset), 'floor');
  return max(0n, free < walletBalance ? free : walletBalance);
}

/** A kernel value as exact ledger units of `asset`, or null when it has more fraction digits. */
export function exactAssetUnits(state: EngineState, asset: string, value: Fixed): bigint | null {
  const step = 10n ** BigInt(SCALE - assetDecimals(state, asset));
  return value % step === 0n ? value / step : null;
}
