/**
 * The gateway's market and event history: the server's own `History` (marks, funding, the risk
 * event feed, insurance fund points), fed with the partitions' committed events. Shared inputs
 * (prices, funding rates, instruments) produce the same events in every partition, so those are
 * taken from partition 0 only; events of an account, fund changes and funding settlements are
 * taken from every partition. Every kept event is tagged with the `partition` it came from (its
 * `seq` is that partition's journal seq; a shared input's event says partition 0). The feed is newest first in the order the gateway received the batches; each
 * partition's events keep their seq order. At start it is warmed from each partition's journal tail
 * (partition by partition, oldest first), as `margin serve` warms from its journal.
 */
import type { EngineEvent } from '@margin/wire';
import { formatUnits, parseUnits } from '@margin/core';
import { History, WARM_ENTRIES } from '@margin/server';
import type { ClusterClient } from './cluster-client.js';

/** Fund balances are summed at 18 decimals (every asset's scale fits; the text drops trailing zeros as the engine's does). */
const SUM_DECIMALS = 18;

/** Partition-own events without an `account` field, taken from every partition. */
const PER_PARTITION_TYPES: ReadonlySet<string> = new Set(['insuranceFundChanged', 'fundingSettled']);

/** The events of one partition's batch the gateway's history keeps (see the module comment). */
export function historyEvents(partition: number, events: readonly EngineEvent[]): EngineEvent[] {
  const kept: EngineEvent[] = [];
  for (const event of events) {
    const own = typeof event['account'] === 'string' || PER_PARTITION_TYPES.has(event.type);
    if (own || partition === 0) kept.push({ ...event, partition } as EngineEvent);
  }
  return kept;
}

export class ClusterHistory {
  readonly history = new History();
  /** Each partition's last seen balance per `asset` NUL `fund`, E18. */
  private readonly fundBalances = new Map<number, Map<string, bigint>>();

  /**
   * One partition's committed batch (its events as published on `margin.events.p.<K>`): the events
   * kept (historyEvents), added to the history and returned (the stream hub sends the same). A
   * fund change's `balance` becomes the cluster's: the sum of every partition's last seen balance
   * of that fund; the partition's own stays as `partitionBalance`.
   */
  onEvents(partition: number, events: readonly EngineEvent[], committedAtMs: number | null): EngineEvent[] {
    const kept = historyEvents(partition, events).map((event) => (event.type === 'insuranceFundChanged' ? this.clusterBalance(partition, event) : event));
    this.history.add(kept, committedAtMs);
    return kept;
  }

  private clusterBalance(partition: number, event: EngineEvent): EngineEvent {
    const { asset, fund, balance } = event as EngineEvent & { asset: string; fund: string; balance: string };
    const key = `${asset}\u0000${fund}`;
    let own = this.fundBalances.get(partition);
    if (own === undefined) this.fundBalances.set(partition, (own = new Map()));
    own.set(key, parseUnits(balance, SUM_DECIMALS));
    let total = 0n;
    for (const balances of this.fundBalances.values()) total += balances.get(key) ?? 0n;
    return { ...event, balance: formatUnits(total, SUM_DECIMALS), partitionBalance: balance } as EngineEvent;
  }

  /** Reads back each partition's journal tail (up to the server's warm-up size); a partition not answering is skipped. */
  async warm(client: ClusterClient): Promise<void> {
    for (let p = 0; p < client.partitions; p++) {
      let after: number | null = null;
      for (;;) {
        const tail = (await client.read(p, { op: 'tail', after, limit: WARM_ENTRIES }, 5_000).catch(() => null)) as { entries?: { seq: number; events: string }[]; next: number | null } | null;
        if (tail === null || !Array.isArray(tail.entries)) break;
        for (const entry of tail.entries) this.onEvents(p, JSON.parse(entry.events) as EngineEvent[], null);
        if (tail.next === null) break;
        after = tail.next;
      }
    }
  }
}
