/**
 * The combined state of a partitioned run, comparable with a single-process run's state.
 *
 * Definition (from each state's canonical snapshot, engine `snapshotState`):
 * - `accounts`: every user account record, sorted by id (each account lives in one partition);
 * - `markets`, `profile`, `marginCalls`, `liquidation`: identical in every partition (they come from
 *   the shared inputs, applied in one order); a mismatch is an error, not a merge;
 * - `assets`: per asset, `decimals` (identical), `deposited` and `withdrawn` summed, and each system
 *   account summed over partitions; `clearing` and `funding-rounding` are summed into one
 *   `clearing+funding-rounding` line, because funding's clearing amount is the floor of each
 *   partition's net, so only their sum (minus what the partition's users paid) is independent of
 *   the split. The insurance funds are summed too (the risk partition's fund plus the floats it
 *   lent, fund-float.ts), and `transfers` (money between partitions) sums to 0 at rest: a zero
 *   line is dropped, so a cluster at rest compares with one process that never transferred.
 * Left out: `lastSeq`, `appliedIds`, `previousIds`, `idWindow` (per journal, not per market).
 * The combined hash is the SHA-256 of the canonical JSON of that value.
 */
import { createHash } from 'node:crypto';
import { formatUnits, parseUnits } from '@margin/core';

interface AssetJson {
  asset: string;
  decimals: number;
  deposited: string;
  withdrawn: string;
  system: Record<string, string>;
}

interface SnapshotJson {
  profile: string;
  marginCalls: unknown;
  liquidation?: unknown;
  assets: AssetJson[];
  markets: unknown[];
  accounts: { id: string }[];
}

const MERGED = ['clearing', 'funding-rounding'];
const MERGED_NAME = 'clearing+funding-rounding';

/** Canonical JSON: object keys sorted, no spaces. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The combined state (see the module comment) of the partitions' snapshot texts. */
export function combinedState(snapshotTexts: readonly string[]): unknown {
  const snapshots = snapshotTexts.map((text) => JSON.parse(text) as SnapshotJson);
  const first = snapshots[0];
  if (first === undefined) throw new Error('no partition snapshots');
  const shared = (s: SnapshotJson): string => canonical({ profile: s.profile, marginCalls: s.marginCalls, liquidation: s.liquidation, markets: s.markets });
  const sharedText = shared(first);
  snapshots.forEach((s, index) => {
    if (shared(s) !== sharedText) throw new Error(`partition ${index} disagrees on the shared market state (profile, margin calls, markets)`);
  });
  const accounts = snapshots.flatMap((s) => s.accounts).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < accounts.length; i++) if ((accounts[i] as { id: string }).id === (accounts[i - 1] as { id: string }).id) throw new Error(`account "${(accounts[i] as { id: string }).id}" is in two partitions`);
  const sums = new Map<string, { decimals: number; deposited: bigint; withdrawn: bigint; system: Map<string, bigint> }>();
  for (const s of snapshots) {
    for (const asset of s.assets) {
      const sum = sums.get(asset.asset) ?? { decimals: asset.decimals, deposited: 0n, withdrawn: 0n, system: new Map<string, bigint>() };
      if (sum.decimals !== asset.decimals) throw new Error(`asset ${asset.asset}: partitions disagree on decimals`);
      sum.deposited += parseUnits(asset.deposited, asset.decimals);
      sum.withdrawn += parseUnits(asset.withdrawn, asset.decimals);
      for (const [name, units] of Object.entries(asset.system)) {
        const key = MERGED.includes(name) ? MERGED_NAME : name;
        sum.system.set(key, (sum.system.get(key) ?? 0n) + parseUnits(units, asset.decimals));
      }
      sums.set(asset.asset, sum);
    }
  }
  const assets = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([asset, sum]) => ({
    asset,
    decimals: sum.decimals,
    deposited: formatUnits(sum.deposited, sum.decimals),
    withdrawn: formatUnits(sum.withdrawn, sum.decimals),
    system: Object.fromEntries([...sum.system.entries()].filter(([, units]) => units !== 0n).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, units]) => [name, formatUnits(units, sum.decimals)])),
  }));
  return { profile: first.profile, marginCalls: first.marginCalls, liquidation: first.liquidation, markets: first.markets, assets, accounts };
}

/** SHA-256 (hex) of the combined state's canonical JSON. */
export function combinedHash(snapshotTexts: readonly string[]): string {
  return createHash('sha256').update(canonical(combinedState(snapshotTexts))).digest('hex');
}
