/**
 * The engine behind the API: the store's DurableEngine (recovery, ordered apply, group commit,
 * snapshots) plus what a request needs on top: parse JSON commands at the boundary, wait until
 * they are committed, and hand back each command's own events. Committed batches go to the bus.
 * No business rules here: the engine decides, the journal keeps.
 */
import { InputError } from '@margin/core';
import { parseCommand, type Command, type EngineEvent, type EngineState } from '@margin/engine';
import { DurableEngine, type Journal } from '@margin/store';
import { EventBus } from './event-bus.js';

export interface CommandOutcome {
  readonly id: string;
  readonly type: string;
  /** Seq the command was journaled under (for a duplicate: the original's seq). */
  readonly seq: number | null;
  /** `accepted`, `rejected` (a business outcome with a code) or `duplicate`. */
  readonly status: 'accepted' | 'rejected' | 'duplicate';
  readonly events: EngineEvent[];
}

export interface EngineHostOptions {
  readonly profile?: string;
  readonly snapshotEvery?: number;
  readonly batchDelayMs?: number;
  readonly batchMaxCommands?: number;
}

interface Waiter {
  readonly events: EngineEvent[];
  /** Seq of the application this waiter got events from; -1 for a duplicate. */
  seq: number | null;
}

export class EngineHost {
  readonly bus = new EventBus();
  private durable!: DurableEngine;
  private committedSeq = 0;
  /** Commands in flight, by id, collecting their events as batches commit. */
  private readonly waiters = new Map<string, Waiter[]>();
  /** Resolvers waiting for a seq to be committed. */
  private seqWaiters: { seq: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  private failure: Error | null = null;

  private constructor(readonly journal: Journal) {}

  static async open(journal: Journal, options: EngineHostOptions = {}): Promise<EngineHost> {
    const host = new EngineHost(journal);
    host.durable = await DurableEngine.open(journal, {
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(options.snapshotEvery === undefined ? {} : { snapshotEvery: options.snapshotEvery }),
      ...(options.batchDelayMs === undefined ? {} : { batchDelayMs: options.batchDelayMs }),
      ...(options.batchMaxCommands === undefined ? {} : { batchMaxCommands: options.batchMaxCommands }),
      onCommit: (batch) => host.onCommit(batch.eventLines, batch.lastSeq),
    });
    host.committedSeq = host.durable.lastSeq;
    return host;
  }

  get state(): EngineState {
    return this.durable.currentState;
  }

  get profile(): string {
    return this.durable.profile;
  }

  get lastSeq(): number {
    return this.durable.lastSeq;
  }

  get recovered(): DurableEngine['recovered'] {
    return this.durable.recovered;
  }

  get stats(): DurableEngine['stats'] {
    return this.durable.stats;
  }

  /**
   * Validates every command first (an InputError names `[index, ...path]`; nothing is applied
   * when one is bad), applies them in order, and resolves once all are committed.
   */
  async submitJson(commands: readonly unknown[]): Promise<CommandOutcome[]> {
    const parsed: { command: Command; text: string }[] = commands.map((json, index) => {
      try {
        return { command: parseCommand(json), text: JSON.stringify(json) };
      } catch (error) {
        if (error instanceof InputError) throw new InputError([index, ...jsonPath(json, error.path)], error.rule);
        throw error;
      }
    });
    return this.submitParsed(parsed);
  }

  async submitParsed(parsed: readonly { command: Command; text: string }[]): Promise<CommandOutcome[]> {
    if (this.failure !== null) throw this.failure;
    const mine: Waiter[] = parsed.map(({ command }) => {
      const waiter: Waiter = { events: [], seq: null };
      const list = this.waiters.get(command.id);
      if (list === undefined) this.waiters.set(command.id, [waiter]);
      else list.push(waiter);
      return waiter;
    });
    try {
      await this.durable.submit(parsed);
      await this.committed(this.durable.lastSeq);
      // A duplicate of an already-journaled id takes no seq: its event rides the next commit.
      if (mine.some((waiter) => waiter.events.length === 0)) await this.durable.flush();
    } finally {
      parsed.forEach(({ command }, index) => {
        const list = this.waiters.get(command.id);
        if (list === undefined) return;
        const rest = list.filter((waiter) => waiter !== mine[index]);
        if (rest.length === 0) this.waiters.delete(command.id);
        else this.waiters.set(command.id, rest);
      });
    }
    return parsed.map(({ command }, index) => outcomeOf(command, (mine[index] as Waiter).events));
  }

  /** Commits what is pending now (used before a snapshot-consistent read and on shutdown). */
  async flush(): Promise<void> {
    await this.durable.flush();
  }

  async close(): Promise<void> {
    await this.durable.close();
  }

  /**
   * Gives an event to the submission it belongs to. The same id may be in flight twice (two
   * requests): the first application's events share one seq and go to one waiter, and each
   * `duplicate` event goes to a waiter that has nothing yet.
   */
  private route(event: EngineEvent): void {
    const list = this.waiters.get(event.commandId);
    if (list === undefined) return;
    const duplicate = event.type === 'duplicate';
    const waiter = duplicate
      ? list.find((w) => w.seq === null)
      : (list.find((w) => w.seq === event.seq) ?? list.find((w) => w.seq === null));
    if (waiter === undefined) return;
    waiter.seq = duplicate ? -1 : event.seq;
    waiter.events.push(event);
  }

  private committed(seq: number): Promise<void> {
    if (this.committedSeq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => this.seqWaiters.push({ seq, resolve, reject }));
  }

  private onCommit(eventLines: readonly string[], lastSeq: number): void {
    const events = eventLines.map((line) => JSON.parse(line) as EngineEvent);
    for (const event of events) this.route(event);
    this.committedSeq = Math.max(this.committedSeq, lastSeq);
    const ready = this.seqWaiters.filter((w) => w.seq <= this.committedSeq);
    this.seqWaiters = this.seqWaiters.filter((w) => w.seq > this.committedSeq);
    for (const waiter of ready) waiter.resolve();
    this.bus.publish({ events, lastSeq, committedAtMs: Date.now() });
  }
}

function outcomeOf(command: Command, events: EngineEvent[]): CommandOutcome {
  const duplicate = events.find((event) => event.type === 'duplicate');
  const rejected = events.some((event) => event.type === 'rejected');
  const first = events[0];
  return {
    id: command.id,
    type: command.type,
    seq: first === undefined ? null : first.seq,
    status: duplicate !== undefined ? 'duplicate' : rejected ? 'rejected' : 'accepted',
    events,
  };
}

/**
 * The engine names fields after the command type (`fill.size`); in a request body the field is
 * just `size` of that object, so the type segment is dropped.
 */
function jsonPath(json: unknown, path: readonly (string | number)[]): (string | number)[] {
  const type = json !== null && typeof json === 'object' ? (json as Record<string, unknown>)['type'] : undefined;
  const [head, ...rest] = path;
  if (head === 'command' || head === type) return rest;
  // Unknown-field errors arrive as one dotted segment: "deposit.amout".
  if (typeof type === 'string' && typeof head === 'string' && head.startsWith(`${type}.`)) return [head.slice(type.length + 1), ...rest];
  return [...path];
}
