/**
 * The JetStream layout. One stream, `MARGIN_COMMANDS`, holds every command: account commands on
 * `margin.cmd.p.<K>` (K = owning partition), shared inputs on `margin.cmd.shared`. Because it is
 * one stream, its sequence is one total order: every partition sees the shared inputs, and its own
 * account commands between them, in stream order. Each worker reads it through its own durable
 * consumer (`worker-<K>-of-<N>`), filtered to its subjects where the server can filter on two
 * subjects (nats-server 2.10+), else unfiltered, skipping other partitions' commands (same order,
 * more reading). The message id (`Nats-Msg-Id`) is the command id: the stream drops a republish
 * within its duplicate window, the partition's journal answers any later one as a duplicate.
 *
 * Core NATS subjects (no persistence needed: they carry answers about what is committed):
 * replies to the gateway on the inbox named in the `Margin-Reply` header, committed events on
 * `margin.events.p.<K>`, reads on `margin.read.p.<K>`.
 */
import { AckPolicy, DeliverPolicy, type JetStreamManager } from '@nats-io/jetstream';

export const STREAM = 'MARGIN_COMMANDS';
export const SHARED_SUBJECT = 'margin.cmd.shared';
export const REPLY_HEADER = 'Margin-Reply';
/** How long the stream remembers message ids for deduplication. */
export const DUPLICATE_WINDOW_MS = 120_000;
/** A message delivered to a worker that died unacknowledged is redelivered after this long (restart delay). */
export const ACK_WAIT_MS = 10_000;

export const partitionSubject = (partition: number): string => `margin.cmd.p.${partition}`;
export const eventsSubject = (partition: number): string => `margin.events.p.${partition}`;
export const readSubject = (partition: number): string => `margin.read.p.${partition}`;
export const durableName = (partition: number, partitions: number): string => `worker-${partition}-of-${partitions}`;

const nanos = (ms: number): number => ms * 1_000_000;

/** Creates the command stream if it is missing (file storage: it survives a server restart). */
export async function ensureStream(jsm: JetStreamManager): Promise<void> {
  try {
    await jsm.streams.info(STREAM);
  } catch {
    await jsm.streams.add({ name: STREAM, subjects: ['margin.cmd.>'], duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
  }
}

/** True when the server is at least `major.minor` (multi-subject consumer filters need 2.10). */
export function serverAtLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return a > major || (a === major && b >= minor);
}

/** Creates (or keeps) the worker's durable consumer; returns whether it filters to the worker's subjects. */
export async function ensureConsumer(jsm: JetStreamManager, partition: number, partitions: number, serverVersion: string): Promise<boolean> {
  const name = durableName(partition, partitions);
  try {
    const info = await jsm.consumers.info(STREAM, name);
    return (info.config.filter_subjects?.length ?? 0) > 0;
  } catch {
    const filtered = serverAtLeast(serverVersion, 2, 10);
    await jsm.consumers.add(STREAM, {
      durable_name: name,
      ack_policy: AckPolicy.All,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(ACK_WAIT_MS),
      max_ack_pending: 20_000,
      ...(filtered ? { filter_subjects: [partitionSubject(partition), SHARED_SUBJECT] } : {}),
    });
    return filtered;
  }
}
