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
/** A live worker acknowledges each round long before this; past it JetStream would redeliver (the worker skips what it applied). */
export const ACK_WAIT_MS = 60_000;

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

/**
 * (Re)creates the worker's durable consumer so that it delivers from just after its ack floor, in
 * stream order. With ack-all, everything up to the ack floor is committed in the partition's
 * journal; what a dead worker had been delivered beyond it would otherwise come back only after
 * the ack wait, behind newer messages (out of order), and an ack-all of a newer message would
 * acknowledge it unapplied. Recreating the consumer drops that delivery state; the messages after
 * the floor come again in order (those already committed are answered as duplicates). One worker
 * per partition at a time (docs/scale-out.md). Returns whether the consumer filters to the
 * partition's subjects (nats-server 2.10+) and the ack floor it starts after.
 */
export async function resetConsumer(jsm: JetStreamManager, partition: number, partitions: number, serverVersion: string): Promise<{ filtered: boolean; ackFloor: number }> {
  const name = durableName(partition, partitions);
  let ackFloor = 0;
  try {
    const info = await jsm.consumers.info(STREAM, name);
    ackFloor = info.ack_floor.stream_seq;
    await jsm.consumers.delete(STREAM, name);
  } catch {
    // No consumer yet: deliver from the start of the stream.
  }
  const filtered = serverAtLeast(serverVersion, 2, 10);
  await jsm.consumers.add(STREAM, {
    durable_name: name,
    ack_policy: AckPolicy.All,
    ...(ackFloor > 0 ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: ackFloor + 1 } : { deliver_policy: DeliverPolicy.All }),
    ack_wait: nanos(ACK_WAIT_MS),
    max_ack_pending: 20_000,
    ...(filtered ? { filter_subjects: [partitionSubject(partition), SHARED_SUBJECT] } : {}),
  });
  return { filtered, ackFloor };
}
