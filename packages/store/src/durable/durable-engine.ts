/**
 * The engine behind a journal: applies commands in order, journals each one with its events in
 * group commits, and hands a batch's events out only after its transaction committed, so nothing
 * acknowledged can be lost by a crash.
 *
 * - Idempotency: a command whose id is journaled (or waiting in an uncommitted batch) is not
 *   applied again; it yields one `duplicate` event carrying the seq it was journaled under.
 * - Group commit: a batch closes at `batchMaxCommands` commands, after `batchDelayMs` from its
 *   first command, at a snapshot point, or on `flush()`. At most one batch commits at a time
 *   (journal order = apply order); the next one fills meanwhile.
 * - Snapshots: every `snapshotEvery` seqs and on `close()`, taken synchronously at the batch cut
 *   (so the text is the state exactly after that seq) and saved after the batch committed.
 * - Failure: if a commit fails, the in-memory state is ahead of the journal; the engine refuses
 *   all further work and the caller must restart (recovery rebuilds from the journal). If the
 *   engine itself throws (a bug), the commands before it are still committed, then it stops.
 */
import { applyCommand, snapshotState, stateHash, type Command, type EngineEvent, type EngineState } from '@margin/engine';
import type { Journal, JournalEntry, Snapshot } from '../journal.js';
import { resolveProfile } from './engine-profile.js';
import { recover, type Recovered } from './recover.js';

export const BATCH_MAX_COMMANDS_DEFAULT = 1_000;
export const BATCH_DELAY_MS_DEFAULT = 5;
export const SNAPSHOT_EVERY_DEFAULT = 100_000;

/** A command ready to apply, with the JSON text it is journaled as (replay parses that text). */
export interface SubmittedCommand {
  readonly command: Command;
  readonly text: string;
}

export interface CommittedBatch {
  /** The batch's events in order, each as one JSON text. */
  readonly eventLines: readonly string[];
  /** Seq of the batch's last journaled command. */
  readonly lastSeq: number;
}

export interface DurableEngineOptions {
  /** Methodology profile; must match the one recorded in a non-empty journal. */
  readonly profile?: string;
  readonly batchMaxCommands?: number;
  readonly batchDelayMs?: number;
  /** Seqs between snapshots; 0 keeps only the snapshot written on close. */
  readonly snapshotEvery?: number;
  /** Receives each batch after it committed, in order; the next commit waits for it. */
  readonly onCommit: (batch: CommittedBatch) => void | Promise<void>;
}

export interface DurableStats {
  /** Commands applied and journaled (accepted + rejected). */
  applied: number;
  /** Applied commands whose events include a `rejected` event. */
  rejected: number;
  duplicates: number;
  batches: number;
}

interface OpenBatch {
  /** Commands in the batch: journaled entries and duplicates. */
  commands: number;
  entries: JournalEntry[];
  eventLines: string[];
  snapshot: Snapshot | null;
}

export class DurableEngine {
  readonly journal: Journal;
  readonly recovered: Recovered;
  readonly profile: string;
  readonly stats: DurableStats = { applied: 0, rejected: 0, duplicates: 0, batches: 0 };
  private state: EngineState;
  private nextSeq: number;
  private lastSnapshotSeq: number;
  private batch: OpenBatch = emptyBatch();
  /** Ids applied but not yet committed, with their seqs. */
  private readonly uncommitted = new Map<string, number>();
  /** Ids committed while a `submit` call was waiting (see there). */
  private readonly commitWatchers = new Set<Map<string, number>>();
  private committing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  /** A commit failed: the journal is behind the state; nothing more may be committed. */
  private failure: Error | null = null;
  /** The engine threw: nothing more may be applied. */
  private stopped: Error | null = null;
  private readonly batchMaxCommands: number;
  private readonly batchDelayMs: number;
  private readonly snapshotEvery: number;
  private readonly onCommit: DurableEngineOptions['onCommit'];

  private constructor(journal: Journal, recovered: Recovered, profile: string, options: DurableEngineOptions) {
    this.journal = journal;
    this.recovered = recovered;
    this.profile = profile;
    this.state = recovered.state;
    this.nextSeq = recovered.lastSeq + 1;
    this.lastSnapshotSeq = recovered.snapshotSeq;
    this.batchMaxCommands = positiveInteger(options.batchMaxCommands ?? BATCH_MAX_COMMANDS_DEFAULT, 'batchMaxCommands');
    this.batchDelayMs = Math.max(0, options.batchDelayMs ?? BATCH_DELAY_MS_DEFAULT);
    this.snapshotEvery = options.snapshotEvery ?? SNAPSHOT_EVERY_DEFAULT;
    this.onCommit = options.onCommit;
  }

  /** Recovers the journal's state (snapshot + replay) and returns an engine ready for commands. */
  static async open(journal: Journal, options: DurableEngineOptions): Promise<DurableEngine> {
    const profile = await resolveProfile(journal, options.profile, false);
    const recovered = await recover(journal, { profile });
    // Recorded only now: creating the state has validated the profile name.
    await resolveProfile(journal, profile, true);
    return new DurableEngine(journal, recovered, profile, options);
  }

  /** The live state (after every submitted command, committed or not). Read, do not change. */
  get currentState(): EngineState {
    return this.state;
  }

  /** Seq of the last applied command. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /**
   * Applies the commands in order. Resolves once they are applied (not necessarily committed);
   * waits for a commit when a batch is full, which is the backpressure on the caller.
   */
  async submit(commands: readonly SubmittedCommand[]): Promise<void> {
    this.throwIfStopped();
    // Ids committed while this call awaits (the lookup, a full batch's commit) leave
    // `uncommitted` and may be invisible to the lookup; the watcher still knows them.
    const committedMeanwhile = new Map<string, number>();
    this.commitWatchers.add(committedMeanwhile);
    try {
      const journaled = await this.lookUp(commands);
      for (const submitted of commands) {
        this.throwIfStopped();
        const id = submitted.command.id;
        const originalSeq = this.uncommitted.get(id) ?? committedMeanwhile.get(id) ?? journaled.get(id);
        if (originalSeq === undefined) {
          this.apply(submitted);
        } else {
          this.stats.duplicates++;
          this.batch.eventLines.push(duplicateEvent(originalSeq, submitted.command));
        }
        // Duplicates count too: a rerun of a long input must not hold all its output back.
        this.batch.commands++;
        if (this.batch.snapshot !== null || this.batch.commands >= this.batchMaxCommands) await this.cutAndCommit();
      }
    } finally {
      this.commitWatchers.delete(committedMeanwhile);
    }
    this.armTimer();
  }

  /** Commits whatever is pending and waits until every batch so far has been handed out. */
  async flush(): Promise<void> {
    await this.cutAndCommit();
    await this.committing;
    this.throwIfFailed();
  }

  /** Flushes, writes a snapshot of the final state when it is newer than the last one, closes the journal. */
  async close(): Promise<void> {
    try {
      if (this.failure === null) {
        await this.flush();
        if (this.stopped === null && this.lastSeq > this.lastSnapshotSeq) {
          await this.journal.saveSnapshot(this.takeSnapshot());
        }
      }
    } finally {
      this.clearTimer();
      await this.journal.close();
    }
  }

  private apply(submitted: SubmittedCommand): void {
    const seq = this.nextSeq;
    let events: EngineEvent[];
    try {
      const result = applyCommand(this.state, submitted.command, { seq });
      this.state = result.state;
      events = result.events;
    } catch (error) {
      // A broken invariant: what came before is sound and still commits (flush, close); nothing
      // more is applied, and no snapshot is taken of a state the throw may have half changed.
      this.stopped = error as Error;
      throw error;
    }
    const id = submitted.command.id;
    this.nextSeq++;
    this.uncommitted.set(id, seq);
    this.stats.applied++;
    if (events.some((event) => event.type === 'rejected')) this.stats.rejected++;
    // Each event is serialised once: the journal's array text is the printed lines joined, which
    // is exactly JSON.stringify(events) for an array of plain objects.
    const lines = events.map((event) => JSON.stringify(event));
    this.batch.entries.push({ seq, commandId: id, command: submitted.text, events: `[${lines.join(',')}]` });
    for (const line of lines) this.batch.eventLines.push(line);
    if (this.snapshotEvery > 0 && seq % this.snapshotEvery === 0) this.batch.snapshot = this.takeSnapshot();
  }

  /** Which of the commands' ids the journal already holds (ids still uncommitted are known). */
  private async lookUp(commands: readonly SubmittedCommand[]): Promise<Map<string, number>> {
    const ids = [];
    for (const { command } of commands) if (!this.uncommitted.has(command.id)) ids.push(command.id);
    return ids.length === 0 ? new Map() : this.journal.findCommands(ids);
  }

  private takeSnapshot(): Snapshot {
    const seq = this.lastSeq;
    this.lastSnapshotSeq = seq;
    return { seq, hash: stateHash(this.state), state: snapshotState(this.state) };
  }

  /** Closes the open batch and queues its commit behind the previous one; waits for the previous. */
  private async cutAndCommit(): Promise<void> {
    this.clearTimer();
    const batch = this.batch;
    if (batch.commands === 0) return;
    this.batch = emptyBatch();
    const previous = this.committing;
    this.committing = previous.then(() => this.commit(batch));
    // Backpressure: one batch in flight while the next fills.
    await previous;
  }

  private async commit(batch: OpenBatch): Promise<void> {
    if (this.failure !== null) return;
    try {
      await this.journal.append(batch.entries);
      for (const entry of batch.entries) {
        this.uncommitted.delete(entry.commandId);
        for (const watcher of this.commitWatchers) watcher.set(entry.commandId, entry.seq);
      }
      this.stats.batches++;
      const last = batch.entries[batch.entries.length - 1];
      await this.onCommit({ eventLines: batch.eventLines, lastSeq: last === undefined ? this.lastSeq : last.seq });
      if (batch.snapshot !== null) await this.journal.saveSnapshot(batch.snapshot);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private armTimer(): void {
    if (this.timer !== null || this.batch.commands === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.cutAndCommit();
    }, this.batchDelayMs);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private fail(error: Error): void {
    if (this.failure === null) this.failure = error;
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private throwIfStopped(): void {
    this.throwIfFailed();
    if (this.stopped !== null) throw this.stopped;
  }
}

/**
 * The engine's `duplicate` event, but with the seq the command was journaled under (the engine
 * would stamp the current seq, which the next command takes), so a client learns where it landed.
 */
function duplicateEvent(originalSeq: number, command: Command): string {
  return JSON.stringify({ type: 'duplicate', seq: originalSeq, commandId: command.id, command: command.type });
}

function emptyBatch(): OpenBatch {
  return { commands: 0, entries: [], eventLines: [], snapshot: null };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
