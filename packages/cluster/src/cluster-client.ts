/**
 * Publishing into the cluster and reading from its partitions: what the gateway, the auditor, the
 * tests and the bench share. A command goes to its route's subject with the command id as the
 * message id (JetStream drops a republish within the duplicate window) and the caller's inbox in
 * the `Margin-Reply` header; the owning partition answers there after its journal commit (a
 * shared input: every partition answers). A republish the stream dropped is answered by asking
 * the owning partition where the id landed, once it has committed past the original.
 */
import { duplicateEvent } from '@margin/engine';
import type { SubmittedCommand } from '@margin/host';
import { jetstream, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { connect, headers, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { routeOf } from './partition-map.js';
import { REPLY_HEADER, SHARED_SUBJECT, partitionSubject, readSubject } from './subjects.js';
import type { ReadRequest, WorkerHealth } from './worker.js';

const decoder = new TextDecoder();

/** One command's committed answer: the outcome JSON text (host `outcomeJson` shape), from `partition`. */
export interface ClusterAnswer {
  readonly partition: number;
  readonly outcomeText: string;
  /** The stream seq the command was published under (for a duplicate: the original's). */
  readonly streamSeq: number;
}

interface Waiter {
  readonly expected: number;
  readonly owner: number;
  readonly answers: Map<number, string>;
  resolve: (answer: { partition: number; text: string }) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class ClusterClient {
  private readonly js: JetStreamClient;
  private readonly inbox: string;
  private readonly sub: Subscription;
  private readonly waiters = new Map<string, Waiter>();
  private serial = 0;

  private constructor(readonly nc: NatsConnection, readonly partitions: number, readonly timeoutMs: number) {
    this.js = jetstream(nc);
    this.inbox = `_INBOX.margin.${nc.info?.client_id ?? 0}.${Math.random().toString(36).slice(2)}`;
    this.sub = nc.subscribe(`${this.inbox}.*`, { callback: (error, msg) => {
      if (error !== null) return;
      const token = msg.subject.slice(this.inbox.length + 1);
      const waiter = this.waiters.get(token);
      if (waiter === undefined) return;
      const text = decoder.decode(msg.data);
      const partition = Number(/^\{"partition":(\d+)/.exec(text)?.[1] ?? -1);
      waiter.answers.set(partition, text.slice(text.indexOf('"outcome":') + '"outcome":'.length, -1));
      if (waiter.answers.size >= waiter.expected) {
        clearTimeout(waiter.timer);
        this.waiters.delete(token);
        const owner = waiter.answers.has(waiter.owner) ? waiter.owner : partition;
        waiter.resolve({ partition: owner, text: waiter.answers.get(owner) as string });
      }
    } });
  }

  static async connect(natsUrl: string, partitions: number, timeoutMs = 30_000): Promise<ClusterClient> {
    const nc = await connect({ servers: natsUrl, name: 'margin-cluster-client', maxReconnectAttempts: -1 });
    return new ClusterClient(nc, partitions, timeoutMs);
  }

  /** Publishes a JSON command text without waiting for its commit (the stream has it on return). */
  async publish(json: unknown, text: string = JSON.stringify(json), reply?: string): Promise<PubAck> {
    const route = routeOf(json, this.partitions);
    const id = json !== null && typeof json === 'object' ? (json as Record<string, unknown>)['id'] : undefined;
    const h = headers();
    if (reply !== undefined) h.set(REPLY_HEADER, reply);
    return this.js.publish(route.kind === 'shared' ? SHARED_SUBJECT : partitionSubject(route.partition), text, {
      ...(typeof id === 'string' && id !== '' ? { msgID: id } : {}),
      headers: h,
      timeout: this.timeoutMs,
    });
  }

  /** Publishes a parsed command and resolves with its committed answer (see the module comment). */
  async submit(submitted: SubmittedCommand): Promise<ClusterAnswer> {
    const json = JSON.parse(submitted.text) as unknown;
    const route = routeOf(json, this.partitions);
    const token = String(this.serial++);
    const expected = route.kind === 'shared' ? this.partitions : 1;
    const owner = route.kind === 'shared' ? 0 : route.partition;
    const answered = new Promise<{ partition: number; text: string }>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(token);
        reject(new Error(`no committed answer for command "${submitted.command.id}" within ${this.timeoutMs} ms (is its partition's worker running?)`));
      }, this.timeoutMs);
      this.waiters.set(token, { expected, owner, answers: new Map(), resolve, reject, timer });
    });
    let ack: PubAck;
    try {
      ack = await this.publish(json, submitted.text, `${this.inbox}.${token}`);
    } catch (error) {
      const waiter = this.waiters.get(token);
      if (waiter !== undefined) clearTimeout(waiter.timer);
      this.waiters.delete(token);
      throw error;
    }
    if (!ack.duplicate) {
      const answer = await answered;
      return { partition: answer.partition, outcomeText: answer.text, streamSeq: ack.seq };
    }
    // The stream dropped it as a republish: nobody will answer on this token.
    const waiter = this.waiters.get(token);
    if (waiter !== undefined) clearTimeout(waiter.timer);
    this.waiters.delete(token);
    answered.catch(() => undefined);
    const where = await this.whereLanded(owner, submitted.command.id, ack.seq);
    const seq = where.seq ?? 0;
    const event = JSON.stringify(duplicateEvent(seq, submitted.command));
    const head = JSON.stringify({ id: submitted.command.id, type: submitted.command.type, seq, status: 'duplicate' });
    return { partition: owner, outcomeText: `${head.slice(0, -1)},"events":[${event}]}`, streamSeq: ack.seq };
  }

  /** Asks the owner where an id landed, retrying while it is down or restarting (until the timeout). */
  private async whereLanded(owner: number, id: string, streamSeq: number): Promise<{ seq: number | null }> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      try {
        return (await this.read(owner, { op: 'outcome', id, streamSeq }, Math.max(1, deadline - Date.now()))) as { seq: number | null };
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** A read request to one partition's worker. */
  async read(partition: number, request: ReadRequest, timeoutMs = this.timeoutMs): Promise<unknown> {
    const msg = await this.nc.request(readSubject(partition), JSON.stringify(request), { timeout: timeoutMs });
    return JSON.parse(decoder.decode(msg.data)) as unknown;
  }

  async health(partition: number, timeoutMs = 2_000): Promise<WorkerHealth> {
    return (await this.read(partition, { op: 'health' }, timeoutMs)) as WorkerHealth;
  }

  /** Each partition's committed snapshot text, in partition order. */
  async snapshots(): Promise<string[]> {
    const texts: string[] = [];
    for (let p = 0; p < this.partitions; p++) {
      const msg = await this.nc.request(readSubject(p), JSON.stringify({ op: 'state' }), { timeout: this.timeoutMs });
      const text = decoder.decode(msg.data);
      texts.push(text.slice(text.indexOf('"snapshot":') + '"snapshot":'.length, -1));
    }
    return texts;
  }

  /** Waits until every partition has committed the stream up to `streamSeq`. */
  async caughtUp(streamSeq: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let p = 0; p < this.partitions; p++) {
      for (;;) {
        const health = await this.health(p).catch(() => null);
        if (health !== null && (health.streamSeq >= streamSeq || (health.filtered && health.lagMessages === 0))) break;
        if (Date.now() > deadline) throw new Error(`partition ${p} has not committed stream seq ${streamSeq} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('client closed'));
    }
    this.waiters.clear();
    this.sub.unsubscribe();
    await this.nc.drain().catch(() => undefined);
  }
}
