/**
 * One partition as an engine worker: the durable host (recovery, idempotency by command id, group
 * commit) fed by the partition's JetStream durable consumer. Messages are applied in stream
 * order; the consumer is acknowledged (ack-all: up to a stream seq) only after the journal commit
 * that holds them, so a crash loses nothing acknowledged and the redelivered rest is answered by
 * the journal as duplicates where it was already committed (none applied twice). On restart the
 * host recovers from this partition's own journal and the consumer is recreated to deliver from
 * just after its ack floor, in stream order (subjects.ts, resetConsumer).
 */
import { InputError, formatPath, formatUnits } from '@margin/core';
import { accountIds, accountRiskJson, adlRanks, insuranceFunds, snapshotState, stateHash, type EngineState } from '@margin/engine';
import { computeWhatIf, parseWhatIf } from '@margin/server';
import { DurableHost, outcomeJson, parseSubmitted, type CommandOutcome, type HostOptions, type SubmittedCommand } from '@margin/host';
import type { Journal } from '@margin/store';
import { jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { PartitionAccountViews, type AccountViewRequest } from './partition-account-views.js';
import { boardPage, journalTail, partitionAdlQueue } from './partition-board.js';
import { checkPartition, routeOf } from './partition-map.js';
import { adlQueue, readShortfalls, symbolHolders } from './shortfall-reads.js';
import { REPLY_HEADER, STREAM, durableName, ensureStream, eventsSubject, readSubject, resetConsumer } from './subjects.js';

export interface WorkerOptions {
  readonly natsUrl: string;
  readonly partition: number;
  readonly partitions: number;
  readonly journal: Journal;
  readonly engine?: HostOptions;
  /** Most messages applied per commit (default 1000). */
  readonly batchMax?: number;
}

/** Health and lag of one partition, answered on its read subject. */
export interface WorkerHealth {
  readonly partition: number;
  readonly partitions: number;
  /** Last committed seq of the partition's journal. */
  readonly lastSeq: number;
  /** Last stream seq this worker has committed and acknowledged. */
  readonly streamSeq: number;
  /** Stream messages the consumer has not yet delivered to this worker. */
  readonly lagMessages: number;
  readonly filtered: boolean;
  readonly applied: number;
  readonly duplicates: number;
}

/** A read request on `margin.read.p.<K>`. */
export type ReadRequest =
  | { readonly op: 'health' }
  | { readonly op: 'state' }
  | { readonly op: 'risk'; readonly account: string; readonly asset?: string }
  | { readonly op: 'adl'; readonly symbol: string }
  | { readonly op: 'outcome'; readonly id: string; readonly streamSeq: number }
  /** Which of these command ids this partition journaled: seq, command text and accepted or not (fund-float.ts recovery). */
  | { readonly op: 'journaled'; readonly ids: readonly string[] }
  /** The insurance funds per asset (engine `insuranceFunds`) and `transfers` balances, with the stream seq they are committed at. */
  | { readonly op: 'funds' }
  /** The partition's account ids (gateway-views.ts merges them). */
  | { readonly op: 'accounts' }
  /** The server's what-if for one account (`body`: the request body, parsed here with the server's parser). */
  | { readonly op: 'whatIf'; readonly account: string; readonly body: unknown }
  /** A page of the partition's accounts with their risk, for the gateway's risk board (partition-board.ts). */
  | { readonly op: 'boardPage'; readonly after: string | null; readonly limit: number }
  /** Journal entries' events after `after` (null: the last `limit`), oldest first, paged (the gateway's history warm-up). */
  | { readonly op: 'tail'; readonly after: number | null; readonly limit: number }
  /** The partition's ADL queue of a symbol with each position's figures (partition-board.ts); null: no such market. */
  | { readonly op: 'adlQueue'; readonly symbol: string }
  /** An account view on the committed state: collateral, compare, journal history (partition-account-views.ts). */
  | ({ readonly op: 'accountView' } & AccountViewRequest)
  /** The `shortfall` events committed after journal seq `after` (shortfall-reads.ts). */
  | { readonly op: 'shortfalls'; readonly after: number }
  /** The partition's ADL ranking of `symbol` with each position's size, for the shortfall coordinator (shortfall-reads.ts). */
  | { readonly op: 'shortfallAdlQueue'; readonly symbol: string }
  /** Every position of `symbol` with its size (shortfall-reads.ts). */
  | { readonly op: 'holders'; readonly symbol: string };

/** One answer row of the `journaled` read. */
export interface JournaledCommand {
  readonly id: string;
  readonly seq: number;
  readonly command: string;
  readonly accepted: boolean;
}

/** How long one pull request waits on the server (see `start`). */
const PULL_EXPIRES_MS = 5_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class PartitionWorker {
  private messages: ConsumerMessages | null = null;
  private readSub: Subscription | null = null;
  private pending: JsMsg[] = [];
  private draining: Promise<void> | null = null;
  private streamSeq = 0;
  /** Highest stream seq taken into `pending`: messages arrive in stream order and are applied once. */
  private receivedSeq = 0;
  /** Callers waiting until a stream seq is committed (duplicate answers). */
  private streamWaiters: { seq: number; resolve: () => void }[] = [];
  private failure: Error | null = null;
  private stopped = false;
  private readonly accountViews: PartitionAccountViews;

  private constructor(
    readonly host: DurableHost,
    readonly nc: NatsConnection,
    readonly partition: number,
    readonly partitions: number,
    readonly filtered: boolean,
    private readonly batchMax: number,
  ) {
    this.accountViews = new PartitionAccountViews(host);
  }

  static async start(options: WorkerOptions): Promise<PartitionWorker> {
    checkPartition(options.partition, options.partitions);
    const host = await DurableHost.open(options.journal, { batchDelayMs: 0, ...options.engine });
    let nc: NatsConnection;
    try {
      nc = await connect({ servers: options.natsUrl, name: `margin-worker-${options.partition}-of-${options.partitions}`, maxReconnectAttempts: -1 });
    } catch (error) {
      await host.close();
      throw error;
    }
    const jsm = await jetstreamManager(nc);
    await ensureStream(jsm);
    const { filtered, ackFloor } = await resetConsumer(jsm, options.partition, options.partitions, nc.info?.version ?? '0.0.0');
    const worker = new PartitionWorker(host, nc, options.partition, options.partitions, filtered, options.batchMax ?? 1000);
    worker.streamSeq = ackFloor;
    worker.receivedSeq = ackFloor;
    host.subscribe((batch) => {
      if (batch.eventTexts.length > 0) nc.publish(eventsSubject(options.partition), `[${batch.eventTexts.join(',')}]`);
    });
    worker.readSub = nc.subscribe(readSubject(options.partition), { callback: (error, msg) => {
      if (error === null) void worker.answerRead(msg.data).then((text) => msg.respond(text));
    } });
    const consumer = await jetstream(nc).consumers.get(STREAM, durableName(options.partition, options.partitions));
    // Pull requests expire after 5 s (default 30 s): after a nats-server restart the server has
    // forgotten the open pull, and the worker resumes when it expires; one request per 5 s is nothing.
    worker.messages = await consumer.consume({ max_messages: worker.batchMax * 2, expires: PULL_EXPIRES_MS });
    void worker.pump(worker.messages);
    return worker;
  }

  /** The failure that stopped consumption, if any (the process should exit and restart). */
  get failed(): Error | null {
    return this.failure;
  }

  async health(): Promise<WorkerHealth> {
    const jsm = await jetstreamManager(this.nc);
    const info = await jsm.consumers.info(STREAM, durableName(this.partition, this.partitions));
    return {
      partition: this.partition,
      partitions: this.partitions,
      lastSeq: this.host.lastSeq,
      streamSeq: this.streamSeq,
      lagMessages: info.num_pending + info.num_ack_pending,
      filtered: this.filtered,
      applied: this.host.stats.applied,
      duplicates: this.host.stats.duplicates,
    };
  }

  /** Stops consuming, commits what is applied (then acknowledges it), snapshots, closes the journal and the connection. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.messages?.close();
    if (this.draining !== null) await this.draining.catch(() => undefined);
    this.readSub?.unsubscribe();
    await this.accountViews.stop().catch(() => undefined);
    try {
      await this.host.close();
    } finally {
      await this.nc.drain().catch(() => undefined);
    }
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      if (this.stopped || this.failure !== null) break;
      // A redelivery of what this worker already applied (only after an ack wait): covered by a later ack.
      if (msg.seq <= this.receivedSeq) continue;
      this.receivedSeq = msg.seq;
      this.pending.push(msg);
      this.draining ??= this.drain();
    }
  }

  /** Applies what has arrived, in order, one commit per round; the next round fills meanwhile. */
  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && this.failure === null) {
        const round = this.pending.splice(0, this.batchMax);
        await this.applyRound(round);
      }
    } catch (error) {
      this.failure = error as Error;
      process.stderr.write(`worker ${this.partition}: stopped: ${(error as Error).message}\n`);
      await this.messages?.close().catch(() => undefined);
    } finally {
      this.draining = null;
    }
  }

  private async applyRound(round: readonly JsMsg[]): Promise<void> {
    const submitted: SubmittedCommand[] = [];
    const slots: (number | string | null)[] = [];
    for (const msg of round) {
      let json: unknown;
      try {
        json = JSON.parse(decoder.decode(msg.data));
      } catch {
        slots.push('{"error":{"path":"body","rule":"must be JSON"}}');
        continue;
      }
      const route = routeOf(json, this.partitions);
      if (route.kind !== 'shared' && route.partition !== this.partition) {
        slots.push(null); // another partition's command (unfiltered consumer): skipped, acknowledged with the round
        continue;
      }
      const misrouted = route.kind === 'transfer' ? transferLegProblem(json, this.partition) : null;
      if (misrouted !== null) {
        slots.push(JSON.stringify({ error: misrouted }));
        continue;
      }
      try {
        submitted.push(...parseSubmitted([json], ['command'], false));
        slots.push(submitted.length - 1);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        slots.push(JSON.stringify({ error: { path: formatPath(error.path), rule: error.rule } }));
      }
    }
    const outcomes: CommandOutcome[] = submitted.length === 0 ? [] : await this.host.execute(submitted);
    const last = round[round.length - 1] as JsMsg;
    // Committed: acknowledge up to the round's last stream seq (ack-all), then answer. A lost ack
    // only means a redelivery, which the journal answers as duplicates: no need to wait for it.
    last.ack();
    this.streamSeq = last.seq;
    this.releaseStreamWaiters();
    round.forEach((msg, index) => {
      const reply = msg.headers?.get(REPLY_HEADER);
      const slot = slots[index];
      if (reply === undefined || reply === '' || slot === null || slot === undefined) return;
      const text = typeof slot === 'number' ? outcomeJson(outcomes[slot] as CommandOutcome) : slot;
      this.nc.publish(reply, `{"partition":${this.partition},"outcome":${text}}`);
    });
  }

  private releaseStreamWaiters(): void {
    const ready = this.streamWaiters.filter((waiter) => waiter.seq <= this.streamSeq);
    this.streamWaiters = this.streamWaiters.filter((waiter) => waiter.seq > this.streamSeq);
    for (const waiter of ready) waiter.resolve();
  }

  private async answerRead(data: Uint8Array): Promise<string> {
    try {
      const request = JSON.parse(decoder.decode(data)) as ReadRequest;
      switch (request.op) {
        case 'health':
          return JSON.stringify(await this.health());
        case 'state':
          return await this.host.read(({ state, lastSeq }) => `{"partition":${this.partition},"lastSeq":${lastSeq},"hash":"${stateHash(state)}","snapshot":${snapshotState(state)}}`);
        case 'risk':
          return await this.host.read(({ state, lastSeq }) => {
            if (!state.accounts.has(request.account)) return '{"found":false}';
            if (request.asset !== undefined && !state.assets.has(request.asset)) return '{"found":true,"asset":false}';
            return JSON.stringify({ found: true, seq: lastSeq, risk: accountRiskJson(state, request.account, request.asset) });
          });
        case 'adl':
          return await this.host.read(({ state }) => JSON.stringify(adlRanks(state, request.symbol)));
        case 'outcome':
          return await this.duplicateOutcome(request.id, request.streamSeq);
        case 'journaled':
          return JSON.stringify(await this.journaled(request.ids));
        case 'funds':
          return await this.host.read(({ state }) => JSON.stringify({ partition: this.partition, streamSeq: this.streamSeq, funds: insuranceFunds(state), transfers: transferBalances(state) }));
        case 'accounts':
          return await this.host.read(({ state }) => JSON.stringify(accountIds(state)));
        case 'whatIf': {
          const input = parseWhatIf(request.body);
          return await this.host.read(({ state }) => {
            if (!state.accounts.has(request.account)) return '{"found":false}';
            if (input.asset !== undefined && !state.assets.has(input.asset)) return '{"found":true,"asset":false}';
            const result = computeWhatIf(state, request.account, input);
            return result === null ? '{"found":false}' : JSON.stringify({ found: true, result });
          });
        }
        case 'boardPage':
          return await this.host.read((view) => JSON.stringify(boardPage(view, this.partition, this.host.profile, this.host.catalog, request.after, Math.min(Math.max(1, request.limit), 1_000))));
        case 'adlQueue':
          return await this.host.read((view) => JSON.stringify(partitionAdlQueue(view, this.host.catalog, request.symbol)));
        case 'accountView':
          return JSON.stringify(await this.accountViews.answer(request));
        case 'tail':
          return JSON.stringify(await journalTail(this.host.journal, this.host.lastSeq, request.after, request.limit));
        case 'shortfalls':
          return JSON.stringify(await readShortfalls(this.host, this.partition, request.after));
        case 'holders':
          return await this.host.read(({ state }) => JSON.stringify(symbolHolders(state, request.symbol)));
        case 'shortfallAdlQueue':
          return await this.host.read(({ state }) => JSON.stringify(adlQueue(state, request.symbol)));
        default:
          return '{"error":"unknown op"}';
      }
    } catch (error) {
      return JSON.stringify({ error: (error as Error).message });
    }
  }

  private async journaled(ids: readonly string[]): Promise<JournaledCommand[]> {
    const seqs = await this.host.journal.findCommands(ids);
    const rows: JournaledCommand[] = [];
    for (const id of ids) {
      const seq = seqs.get(id);
      if (seq === undefined) continue;
      const [entry] = await this.host.journal.readAfter(seq - 1, 1);
      if (entry === undefined) continue;
      rows.push({ id, seq, command: entry.command, accepted: !entry.events.startsWith('[{"type":"rejected"') });
    }
    return rows;
  }

  /** The seq an already published command id landed under, once this worker has committed past it. */
  private async duplicateOutcome(id: string, streamSeq: number): Promise<string> {
    if (this.streamSeq < streamSeq) await new Promise<void>((resolve) => this.streamWaiters.push({ seq: streamSeq, resolve }));
    const seqs = await this.host.journal.findCommands([id]);
    return JSON.stringify({ partition: this.partition, seq: seqs.get(id) ?? null });
  }
}

export const encodeText = (text: string): Uint8Array => encoder.encode(text);

/** Per asset, the `transfers` system account (insurance money on its way to or from this partition), as decimal text. */
function transferBalances(state: EngineState): Record<string, string> {
  const balances: Record<string, string> = {};
  for (const ledger of state.assets.values()) {
    const units = ledger.system.get('transfers');
    if (units !== undefined && units !== 0n) balances[ledger.asset] = formatUnits(units, ledger.decimals);
  }
  return balances;
}

/** A transfer leg must be applied by the partition it names (`out`: `from`, `in`: `to`); else it is refused unapplied. */
function transferLegProblem(json: unknown, partition: number): { path: string; rule: string } | null {
  const fields = json as Record<string, unknown>;
  const field = fields['leg'] === 'out' ? 'from' : 'to';
  if (fields['type'] === 'shortfallSettle') return fields['to'] === partition ? null : { path: 'command.to', rule: 'must name a partition of this cluster' };
  if (fields['leg'] !== 'out' && fields['leg'] !== 'in') return null; // the parser names the field
  return fields[field] === partition ? null : { path: `command.${field}`, rule: 'must name a partition of this cluster' };
}
