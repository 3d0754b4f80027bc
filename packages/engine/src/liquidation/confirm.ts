/**
 * Risk scan after price moves: float filter over the moved symbols' positions, then exact
 * confirmation of every flagged pool's account (margin calls and liquidation, see
 * liquidation/run.ts), in (account, asset) order so the events do not depend on the float arrays'
 * row order (which differs after a restore).
 */
import type { Sink } from '../events/sink.js';
import { LiquidationRun } from './run.js';
import type { EngineState } from '../state/types.js';

export interface ScanOutcome {
  readonly flaggedPools: number;
  readonly confirmedAccounts: number;
}

export function confirmPools(state: EngineState, pools: readonly number[], out: Sink): ScanOutcome {
  const run = new LiquidationRun(state, out);
  const targets = new Set<string>();
  for (const pool of pools) {
    const owner = state.scan.owner(pool);
    targets.add(`${owner.accountId}\u0000${owner.asset}`);
    run.enqueue(owner.accountId, owner.asset);
  }
  run.drain();
  return { flaggedPools: pools.length, confirmedAccounts: targets.size };
}

export function scanSymbols(state: EngineState, symbolRows: readonly number[], out: Sink): ScanOutcome {
  return confirmPools(state, state.scan.scanSymbols(symbolRows), out);
}

/** Full rescan of every position (bench and diagnostics; prices normally scan only moved symbols). */
export function rescanAll(state: EngineState, out: Sink): ScanOutcome {
  return confirmPools(state, state.scan.rescanAll(), out);
}
