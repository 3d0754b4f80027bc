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
import { History, WARM_ENTRIES } from '@margin/server';
import type { ClusterClient } from './cluster-client.js';

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

  /** One partition's committed batch (its events as published on `margin.events.p.<K>`). */
  onEvents(partition: number, events: readonly EngineEvent[], committedAtMs: number | null): void {
    this.history.add(historyEvents(partition, events), committedAtMs);
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
