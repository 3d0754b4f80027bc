/** Read-only helpers for callers (CLI, store, benches): sequence, balances, full rescan. */
import { formatUnits } from '@margin/core';
import { Sink } from './events/sink.js';
import type { EngineEvent } from './apply/apply-command.js';
import { rescanAll } from './liquidation/confirm.js';
import type { EngineState } from './state/types.js';

/** `ctx.seq` of the last applied command, -1 for a fresh state. */
export function lastSeq(state: EngineState): number {
  return state.lastSeq;
}

/** Every ledger account balance per asset, as decimal strings (user wallets, isolated positions, system). */
export function ledgerBalances(state: EngineState): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const ledger of [...state.assets.values()].sort((a, b) => (a.asset < b.asset ? -1 : 1))) {
    const book: Record<string, string> = {};
    for (const [name, units] of ledger.system) book[name] = formatUnits(units, ledger.decimals);
    out[ledger.asset] = book;
  }
  for (const id of [...state.accounts.keys()].sort()) {
    const account = state.accounts.get(id);
    if (account === undefined) continue;
    for (const [asset, units] of account.wallets) {
      const book = (out[asset] ??= {});
      book[`user:${id}:wallet`] = formatUnits(units, state.assets.get(asset)?.decimals ?? 8);
    }
    for (const position of account.positions.values()) {
      if (position.margin !== 'isolated') continue;
      const asset = state.markets.get(position.symbol)?.instrument.settle ?? '';
      const book = (out[asset] ??= {});
      book[`user:${id}:isolated:${position.key}`] = formatUnits(position.isolatedUnits, state.assets.get(asset)?.decimals ?? 8);
    }
  }
  return out;
}

/**
 * Re-evaluate every position at the current marks (float filter + exact confirmation) and apply
 * margin-call level changes. Events are stamped with `seq` and `commandId` as given; a caller that
 * journals must treat this like a command (it changes margin-call levels).
 */
export function rescanAllAccounts(state: EngineState, stamp: { seq: number; commandId: string }): { events: EngineEvent[]; flaggedPools: number; confirmedAccounts: number } {
  const out = new Sink();
  const outcome = rescanAll(state, out);
  return { events: out.events.map((event) => ({ ...event, ...stamp })), ...outcome };
}

export function scanStats(state: EngineState): { positions: number; pools: number } {
  return { positions: state.scan.positionCount, pools: state.scan.poolCount };
}
