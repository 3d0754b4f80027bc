/** Small shared checks and conversions of the handlers. */
import { SCALE, fromUnits, type Fixed } from '@margin/core';
import { assetDecimals } from '../ledger/ledger.js';
import type { Account, EngineState, Market } from '../state/types.js';

/** A kernel value as exact ledger units of `asset`, or null when it has more fraction digits. */
export function exactUnits(state: EngineState, asset: string, value: Fixed): bigint | null {
  const decimals = assetDecimals(state, asset);
  const step = 10n ** BigInt(SCALE - decimals);
  if (value % step !== 0n) return null;
  return value / step;
}

export function unitsToFixed(state: EngineState, asset: string, units: bigint): Fixed {
  return fromUnits(units, assetDecimals(state, asset));
}

export function accountOf(state: EngineState, id: string): Account | undefined {
  return state.accounts.get(id);
}

export function marketOf(state: EngineState, symbol: string): Market | undefined {
  return state.markets.get(symbol);
}

export function isMultiple(value: Fixed, step: Fixed | null): boolean {
  return step === null || value % step === 0n;
}
