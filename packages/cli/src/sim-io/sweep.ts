/**
 * `sweep.csv` of `margin simulate` over several seeds and profiles: one row per run with its
 * totals, the insurance funds at the start and the end, the accounts left negative and where its
 * time series and per-account outcomes were written.
 */
import { basename } from 'node:path';
import type { SimulationResult } from '@margin/sim';

export interface SweepRun {
  readonly result: SimulationResult;
  readonly csvPath: string;
  readonly accountsPath: string;
}

const ASSETS = ['USDT', 'BTC'] as const;
const amount = (value: number, asset: string): string => (asset === 'BTC' ? value.toFixed(8) : value.toFixed(2));

export function sweepCsv(runs: readonly SweepRun[]): string {
  const header = [
    'scenario', 'seed', 'profile', 'traders', 'makers', 'positions_at_start',
    'liquidations', 'liquidation_fills', 'bankruptcies', 'adl_events', 'loss_shares', 'socialized_losses', 'unresolved',
    ...ASSETS.flatMap((a) => [`fund_${a}_start`, `fund_${a}_end`]),
    'accounts_liquidated', 'accounts_bankrupt', 'accounts_negative', 'series_csv', 'accounts_csv',
  ];
  const lines = runs.map(({ result, csvPath, accountsPath }) => {
    const last = result.rows[result.rows.length - 1];
    const t = result.totals;
    return [
      result.scenario, result.seed, result.profile, result.traders, result.makers, result.positionsAtStart,
      t.liquidations, t.liquidationFills, t.bankruptcies, t.adlEvents, t.lossShares, t.socializations, t.unresolved,
      ...ASSETS.flatMap((a) => [amount(result.fundsAtStart[a] ?? 0, a), amount(last?.funds[a] ?? result.fundsAtStart[a] ?? 0, a)]),
      result.accounts.filter((a) => a.liquidations > 0).length,
      result.accounts.filter((a) => a.bankruptcies > 0).length,
      result.negativeAccounts.length,
      basename(csvPath),
      basename(accountsPath),
    ].join(',');
  });
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
