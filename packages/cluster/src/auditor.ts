/**
 * The cluster auditor: reads every partition's committed snapshot and proves conservation across
 * partitions. Checks, each naming what broke:
 * - every partition's ledger sums to zero per asset (user wallets + isolated balances + system);
 * - the cluster's ledger sums to zero per asset (the sum of the partitions' sums);
 * - every account lives in the partition its hash names (none in two);
 * - every partition holds the same shared state (markets, profile, margin calls): combined-state.ts;
 * - insurance money on its way between partitions (`transfers`, summed) is never below zero;
 * - no partition's `deficit-pending` is above zero (a shortfall settled twice, shortfall.ts);
 * It returns the per-asset totals too, so a run can check them against what went in.
 */
import { parseUnits } from '@margin/core';
import { combinedState } from './combined-state.js';
import { partitionOf } from './partition-map.js';

interface SnapshotJson {
  assets: { asset: string; decimals: number; deposited: string; withdrawn: string; system: Record<string, string> }[];
  markets: { instrument: { symbol: string; settle: string } }[];
  accounts: { id: string; wallets: Record<string, string>; positions: { symbol: string; isolatedBalance: string; margin: string }[] }[];
}

export interface AuditReport {
  readonly ok: boolean;
  readonly problems: string[];
  /** Per asset: deposited - withdrawn over the cluster, in ledger units as a decimal string of units. */
  readonly netDepositsUnits: Record<string, string>;
  /** Per asset: the cluster's insurance fund (every `insurance` and `insurance:<symbol>` account), units. */
  readonly insuranceUnits: Record<string, string>;
  /**
   * Per asset: insurance money on its way between partitions (the `transfers` accounts summed),
   * units. Never below zero (an in leg is sent only after its out leg committed); zero at rest.
   */
  readonly inFlightUnits: Record<string, string>;
  /** Per asset: what the partitions' `deficit-pending` accounts wait for (shortfalls not yet resolved, shortfall.ts), units, >= 0. */
  readonly pendingUnits: Record<string, string>;
}

/** Audits the partitions' snapshot texts (index = partition). */
export function auditPartitions(snapshotTexts: readonly string[]): AuditReport {
  const problems: string[] = [];
  const partitions = snapshotTexts.length;
  const clusterSum = new Map<string, bigint>();
  const net = new Map<string, bigint>();
  const insurance = new Map<string, bigint>();
  const inFlight = new Map<string, bigint>();
  const pending = new Map<string, bigint>();
  snapshotTexts.forEach((text, p) => {
    const snapshot = JSON.parse(text) as SnapshotJson;
    const decimals = new Map(snapshot.assets.map((a) => [a.asset, a.decimals]));
    const settle = new Map(snapshot.markets.map((m) => [m.instrument.symbol, m.instrument.settle]));
    const sum = new Map<string, bigint>();
    const add = (asset: string, text: string): bigint => {
      const units = parseUnits(text, decimals.get(asset) ?? 8);
      sum.set(asset, (sum.get(asset) ?? 0n) + units);
      return units;
    };
    for (const asset of snapshot.assets) {
      for (const [name, units] of Object.entries(asset.system)) {
        const value = add(asset.asset, units);
        if (name === 'insurance' || name.startsWith('insurance:')) insurance.set(asset.asset, (insurance.get(asset.asset) ?? 0n) + value);
        if (name === 'transfers') inFlight.set(asset.asset, (inFlight.get(asset.asset) ?? 0n) + value);
        if (name === 'deficit-pending') {
          if (value > 0n) problems.push(`partition ${p}: ${asset.asset} deficit-pending is ${value} units, above 0: a shortfall paid twice`);
          pending.set(asset.asset, (pending.get(asset.asset) ?? 0n) - value);
        }
      }
      net.set(asset.asset, (net.get(asset.asset) ?? 0n) + parseUnits(asset.deposited, asset.decimals) - parseUnits(asset.withdrawn, asset.decimals));
    }
    for (const account of snapshot.accounts) {
      if (partitionOf(account.id, partitions) !== p) problems.push(`account "${account.id}" is in partition ${p}, its hash names partition ${partitionOf(account.id, partitions)}`);
      for (const [asset, units] of Object.entries(account.wallets)) add(asset, units);
      for (const position of account.positions) if (position.margin === 'isolated') add(settle.get(position.symbol) ?? '', position.isolatedBalance);
    }
    for (const [asset, units] of sum) {
      if (units !== 0n) problems.push(`partition ${p}: the ${asset} ledger sums to ${units} units, not 0`);
      clusterSum.set(asset, (clusterSum.get(asset) ?? 0n) + units);
    }
  });
  for (const [asset, units] of clusterSum) if (units !== 0n) problems.push(`cluster: the ${asset} ledger sums to ${units} units over all partitions, not 0`);
  for (const [asset, units] of inFlight) if (units < 0n) problems.push(`cluster: ${asset} transfers sum to ${units} units: an in leg applied without its out leg`);
  try {
    combinedState(snapshotTexts);
  } catch (error) {
    problems.push(`cluster: ${(error as Error).message}`);
  }
  const text = (map: Map<string, bigint>): Record<string, string> => Object.fromEntries([...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v.toString()]));
  return { ok: problems.length === 0, problems, netDepositsUnits: text(net), insuranceUnits: text(insurance), inFlightUnits: text(inFlight), pendingUnits: text(pending) };
}
