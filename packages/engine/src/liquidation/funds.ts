/**
 * Insurance funds are system ledger accounts: `insurance` per settle asset, and
 * `insurance:<symbol>` for a symbol with its own fund (the profile's scope or own-fund list, or a
 * fund seeded by `insuranceDeposit` with a symbol). Every change is announced with an
 * `insuranceFundChanged` event that carries the balance after it (the entries are on the event
 * that moved the money).
 */
import { formatUnits } from '@margin/core';
import type { Sink } from '../events/sink.js';
import { assetLedger } from '../ledger/ledger.js';
import type { EngineState, SystemAccount } from '../state/types.js';

export type FundChangeReason = 'deposit' | 'liquidation-fee' | 'takeover' | 'deficit-cover' | 'transfer';

/** The fund that serves `symbol` (or the asset's fund when `symbol` is null). */
export function fundFor(state: EngineState, asset: string, symbol: string | null): SystemAccount {
  if (symbol === null) return 'insurance';
  const rules = state.liquidation.rules;
  const own: SystemAccount = `insurance:${symbol}`;
  if (rules.fundScope === 'symbol' || rules.ownFundSymbols.includes(symbol)) return own;
  return assetLedger(state, asset).system.has(own) ? own : 'insurance';
}

export function fundUnits(state: EngineState, asset: string, fund: SystemAccount): bigint {
  return assetLedger(state, asset).system.get(fund) ?? 0n;
}

export function emitFundChange(
  state: EngineState,
  out: Sink,
  asset: string,
  fund: SystemAccount,
  changeUnits: bigint,
  reason: FundChangeReason,
  extra: { account?: string } = {},
): void {
  if (changeUnits === 0n) return;
  const ledger = assetLedger(state, asset);
  const change = formatUnits(changeUnits, ledger.decimals);
  const balance = formatUnits(ledger.system.get(fund) ?? 0n, ledger.decimals);
  // The same fields in the same order as spreading `extra` (no spread: one per liquidation charge).
  if (extra.account === undefined) out.emit({ type: 'insuranceFundChanged', asset, fund, change, balance, reason, ...extra });
  else out.emit({ type: 'insuranceFundChanged', asset, fund, change, balance, reason, account: extra.account });
}

/** Every fund balance per asset, as decimal strings (for reports and the simulator). */
export function insuranceFunds(state: EngineState): Record<string, Record<string, string>> {
  const funds: Record<string, Record<string, string>> = {};
  for (const ledger of [...state.assets.values()].sort((a, b) => (a.asset < b.asset ? -1 : 1))) {
    const book: Record<string, string> = {};
    const names = [...ledger.system.keys()].filter((name) => name === 'insurance' || name.startsWith('insurance:')).sort();
    for (const name of names) book[name] = formatUnits(ledger.system.get(name) ?? 0n, ledger.decimals);
    funds[ledger.asset] = book;
  }
  return funds;
}
