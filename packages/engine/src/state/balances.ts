/**
 * Reading an asset's balances held in the state: the asset ledger (created on first use) and a
 * wallet's units. Below the double-entry ledger (ledger/ledger.ts), which moves the units, so that
 * the state's own helpers (positions.ts) need not import the ledger that imports the state.
 */
import { SYSTEM_ACCOUNTS, type AssetLedger, type EngineState } from './types.js';
import type { Account } from './account.js';

export const ASSET_DECIMALS_DEFAULT = 8;

/** Ledger units to a float, for the scan arrays only (relative error <= 2 ulp). */
export function unitsToNumber(units: bigint, decimals: number): number {
  return Number(units) / 10 ** decimals;
}

export function assetLedger(state: EngineState, asset: string): AssetLedger {
  let ledger = state.assets.get(asset);
  if (ledger === undefined) {
    ledger = { asset, decimals: ASSET_DECIMALS_DEFAULT, system: new Map(SYSTEM_ACCOUNTS.map((name) => [name, 0n])), deposited: 0n, withdrawn: 0n };
    state.assets.set(asset, ledger);
  }
  return ledger;
}

export function walletUnits(account: Account, asset: string): bigint {
  return account.walletOf(asset) ?? 0n;
}
