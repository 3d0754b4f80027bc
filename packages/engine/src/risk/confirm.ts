/**
 * Risk scan after price moves: float filter over the moved symbols' positions, then exact
 * confirmation of every flagged pool's account, in (account, asset) order so the events do not
 * depend on the float arrays' row order (which differs after a restore).
 */
import type { Sink } from '../apply/sink.js';
import type { EngineState } from '../state/types.js';
import { reviewMarginCalls } from './margin-calls.js';

export interface ScanOutcome {
  readonly flaggedPools: number;
  readonly confirmedAccounts: number;
}

export function confirmPools(state: EngineState, pools: readonly number[], out: Sink): ScanOutcome {
  const targets = new Map<string, { accountId: string; asset: string }>();
  for (const pool of pools) {
    const owner = state.scan.owner(pool);
    targets.set(`${owner.accountId}\u0000${owner.asset}`, { accountId: owner.accountId, asset: owner.asset });
  }
  const keys = [...targets.keys()].sort();
  for (const key of keys) {
    const target = targets.get(key);
    const account = target === undefined ? undefined : state.accounts.get(target.accountId);
    if (target !== undefined && account !== undefined) reviewMarginCalls(state, account, target.asset, out);
  }
  return { flaggedPools: pools.length, confirmedAccounts: keys.length };
}

export function scanSymbols(state: EngineState, symbolRows: readonly number[], out: Sink): ScanOutcome {
  return confirmPools(state, state.scan.scanSymbols(symbolRows), out);
}

/** Full rescan of every position (bench and diagnostics; prices normally scan only moved symbols). */
export function rescanAll(state: EngineState, out: Sink): ScanOutcome {
  return confirmPools(state, state.scan.rescanAll(), out);
}
