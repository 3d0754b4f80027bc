/**
 * The durable host: the engine behind a journal, one for `margin serve` and `margin run`. It
 * applies commands in order, journals each one with its events in group commits, and hands a
 * batch's events out only after its transaction committed, so nothing acknowledged can be lost
 * by a crash.
 *
 * - Idempotency: a command whose id is journaled (or waiting in an uncommitted batch) is not
 *   applied again; it yields one `duplicate` event carrying the seq it was journaled under. The
 *   journal is the long memory (an index on the command id); the engine's own window is bounded.
 * - Events are serialised once: each event's JSON text is made when it is applied, and that text
 *   is what is journaled (the entry's array is the texts joined), published and printed.
 * - Group commit: a batch closes at `batchMaxCommands` commands, after `batchDelayMs` from its
 *   first command, at a snapshot point, on `flush()`, or at once when a reader waits. At most one
 *   batch commits at a time (journal order = apply order); the next one fills meanwhile.
 * - Committed reads: the live state runs ahead of the journal between a batch's cut and its
 *   commit. `read(fn)` runs `fn` on the state only when nothing uncommitted is applied: at once
 *   when so, else right after the commit that catches up, holding new commands back meanwhile.
 *   No copy of the state is ever made.
 * - Snapshots: every `snapshotEvery` seqs and on `close()`, taken synchronously at the batch cut
 *   (so the text is the state exactly after that seq) and saved after the batch committed.
 * - Failure: any failure is a `HostError` (errors.ts). If a commit fails, the in-memory state is
 *   ahead of the journal: every caller waiting for a commit gets the error, no further command is
 *   taken (the caller must restart), and the state the journal never received is dropped: the
 *   host rebuilds the committed state from the journal (snapshot + replay, read only), so readers
 *   go on seeing committed state only; if even that read fails, reads fail too. `failure` says
 *   why (the server's health route reports it). If the engine throws (a bug), the commands before
 *   it are still committed, then it stops.
 */
import { InputError } from '@margin/core';
import { applyCommand, duplicateEvent, snapshotState, stateHash, type Command, type EngineEvent, type EngineState } from '@margin/engine';
import type { Journal, JournalEntry, MetaWrites, Snapshot } from '@margin/store';
import { resolveEngineOptions, type JournalEngineOptions, type RequestedEngineOptions } from './engine-options.js';
import { sameCommand } from './command-digest.js';
import { HostError, engineError, journalError } from './errors.js';
import { EVENT_FORMAT } from './event-format.js';
import { EventBus, type BatchListener } from './event-bus.js';
import { InstrumentCatalog, type InstrumentJson } from './instrument-catalog.js';
import type { CommandOutcome } from './outcome.js';
import { recover, type Recovered } from './recover.js';
import { archiveBehindSnapshot, canArchive } from './retention.js';
import { parseSubmitted, type SubmittedCommand } from './submitted.js';

export const BATCH_MAX_COMMANDS_DEFAULT = 1_000;
export const BATCH_DELAY_MS_DEFAULT = 5;
export const SNAPSHOT_EVERY_DEFAULT = 100_000;

export interface HostOptions extends RequestedEngineOptions {
  readonly batchMaxCommands?: number;
  readonly batchDelayMs?: number;
  /** Seqs between snapshots; 0 keeps only the snapshot written on close. */
  readonly snapshotEvery?: number;
  /**
   * Retention (retention.ts): after each snapshot, move the entries before it to the journal's
   * archive. SQLite only; refused for a journal without an archive.
   */
  readonly archive?: boolean;
}

export interface HostStats {
  /** Commands applied and journaled (accepted + rejected). */
  applied: number;
  /** Applied commands whose events include a `rejected` event. */
  rejected: number;
  duplicates: number;
  batches: number;
}

/** What the committed state looks like to a reader. */
export interface CommittedView {
  /** The engine state as of `lastSeq`. Read it inside the callback only; never change it. */
  readonly state: EngineState;
  readonly lastSeq: number;
}

/** One submitted command as applied (or answered as a duplicate). */
export interface AppliedCommand {
  readonly command: Command;
  /** Its seq, or for a duplicate the original's. */
  readonly seq: number;
  readonly duplicate: boolean;
  readonly events: readonly EngineEvent[];
  readonly eventTexts: readonly string[];
}

/** A command id's first use: the seq it was applied under and its command text. */
interface Original {
  readonly seq: number;
  readonly text: string;
}

/** Journaled repeats at most this many seqs apart are read in one run (see journaledTexts). */
const TEXT_READ_GAP = 64;

interface OpenBatch {
  /** Commands in the batch: journaled entries and duplicates. */
  commands: number;
  entries: JournalEntry[];
  events: EngineEvent[];
  eventTexts: string[];
  instruments: InstrumentJson[];
  snapshot: Snapshot | null;
}

export class DurableHost {
  readonly journal: Journal;
  readonly recovered: Recovered;
  readonly profile: string;
  /** Instrument definitions as committed (see instrument-catalog.ts). */
  readonly catalog: InstrumentCatalog;
  readonly stats: HostStats = { applied: 0, rejected: 0, duplicates: 0, batches: 0 };
  private readonly bus = new EventBus();
  private state: EngineState;
  private nextSeq: number;
  private committedSeq: number;
  private lastSnapshotSeq: number;
  private batch: OpenBatch = emptyBatch();
  /** Ids applied but not yet committed, with their seqs and command texts. */
  private readonly uncommitted = new Map<string, Original>();
  /** Ids committed while a `submit` call was waiting (see there). */
  private readonly commitWatchers = new Set<Map<string, Original>>();
  private committing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  /** Callers waiting for a seq to be committed. */
  private seqWaiters: { seq: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  /** Readers waiting for the state to catch up with the journal, and submitters held back for them. */
  private readers: { run: () => void; fail: (error: Error) => void }[] = [];
  private heldBack: (() => void)[] = [];
  /** A commit failed: the journal is behind the state; nothing more may be committed. */
  private failure: HostError | Error | null = null;
  /** After a failure: the committed state being rebuilt from the journal (resolves to an error when that failed too). */
  private rebuilt: Promise<Error | null> | null = null;
  private readonly engineOptions: JournalEngineOptions;
  /** The engine threw: nothing more may be applied. */
  private stopped: HostError | null = null;
  private readonly batchMaxCommands: number;
  private readonly batchDelayMs: number;
  private readonly snapshotEvery: number;
  private readonly archive: boolean;

  private constructor(journal: Journal, recovered: Recovered, engine: JournalEngineOptions, catalog: InstrumentCatalog, options: HostOptions) {
    this.journal = journal;
    this.recovered = recovered;
    this.engineOptions = engine;
    this.profile = engine.profile;
    this.catalog = catalog;
    this.state = recovered.state;
    this.nextSeq = recovered.lastSeq + 1;
    this.committedSeq = recovered.lastSeq;
    this.lastSnapshotSeq = recovered.snapshotSeq;
    this.batchMaxCommands = positiveInteger(options.batchMaxCommands ?? BATCH_MAX_COMMANDS_DEFAULT, 'batchMaxCommands');
    this.batchDelayMs = Math.max(0, options.batchDelayMs ?? BATCH_DELAY_MS_DEFAULT);
    this.snapshotEvery = options.snapshotEvery ?? SNAPSHOT_EVERY_DEFAULT;
    this.archive = options.archive === true;
  }

  /** Recovers the journal's state (snapshot + replay) and returns a host ready for commands. */
  static async open(journal: Journal, options: HostOptions = {}): Promise<DurableHost> {
    try {
      if (options.archive === true && !canArchive(journal)) {
        throw new InputError(['archive'], `retention is implemented for SQLite journals only, not for ${journal.kind} (${journal.location})`);
      }
      const engine = await resolveEngineOptions(journal, options, false);
      const recovered = await recover(journal, engine);
      // Recorded only now: creating the state has validated the options.
      await resolveEngineOptions(journal, engine, true);
      const catalog = await InstrumentCatalog.open(journal);
      return new DurableHost(journal, recovered, engine, catalog, options);
    } catch (error) {
      throw journalError(error, journal);
    }
  }

  /** Seq of the last committed command: what readers and acknowledgements refer to. */
  get lastSeq(): number {
    return this.committedSeq;
  }

  /** Receives every committed batch, in order (see event-bus.ts); returns the unsubscribe. */
  subscribe(listener: BatchListener): () => void {
    return this.bus.subscribe(listener);
  }

  /**
   * Why the host stopped taking commands (a failed commit), or null while it works. Reads may
   * still be served from the committed state rebuilt from the journal.
   */
  get failed(): Error | null {
    return this.failure;
  }

  /** Runs `fn` on the committed state (see the module comment); after a failed commit, on the state rebuilt from the journal. */
  read<T>(fn: (view: CommittedView) => T): Promise<T> {
    if (this.failure !== null) return this.readAfterFailure(fn);
    if (this.caughtUp()) {
      try {
        return Promise.resolve(fn(this.view()));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.readers.push({
        run: () => {
          try {
            resolve(fn(this.view()));
          } catch (error) {
            reject(error as Error);
          }
        },
        fail: reject,
      });
      void this.cutAndCommit();
    });
  }

  /**
   * Applies the commands in order; each result is known at once, but is acknowledged only by a
   * commit (`execute` waits for it; `submit` callers learn it from the published batches).
   * Waits for a commit when a batch is full: the backpressure on the caller.
   */
  async submit(commands: readonly SubmittedCommand[]): Promise<AppliedCommand[]> {
    this.throwIfStopped();
    // Ids committed while this call awaits (the lookup, a full batch's commit) leave
    // `uncommitted` and may be invisible to the lookup; the watcher still knows them.
    const committedMeanwhile = new Map<string, Original>();
    this.commitWatchers.add(committedMeanwhile);
    const results: AppliedCommand[] = [];
    try {
      const journaled = await this.lookUp(commands);
      while (this.readers.length > 0) {
        await new Promise<void>((resolve) => this.heldBack.push(resolve));
        this.throwIfStopped();
      }
      for (const submitted of commands) {
        this.throwIfStopped();
        const id = submitted.command.id;
        const original = this.uncommitted.get(id) ?? committedMeanwhile.get(id) ?? journaled.get(id);
        if (original === undefined) results.push(this.apply(submitted));
        else if (sameCommand(original.text, submitted.text)) results.push(this.answerDuplicate(original.seq, submitted.command));
        else results.push(this.answerIdReused(original.seq, submitted.command));
        // Duplicates count too: a rerun of a long input must not hold all its output back.
        this.batch.commands++;
        if (this.batch.snapshot !== null || this.batch.commands >= this.batchMaxCommands) await this.cutAndCommit();
      }
    } finally {
      this.commitWatchers.delete(committedMeanwhile);
    }
    if (this.readers.length > 0) void this.cutAndCommit();
    else this.armTimer();
    return results;
  }

  /** Applies the commands and resolves once every one of them is committed, with its outcome. */
  async execute(commands: readonly SubmittedCommand[]): Promise<CommandOutcome[]> {
    const applied = await this.submit(commands);
    let seq = 0;
    for (const result of applied) seq = Math.max(seq, result.seq);
    await this.committed(seq);
    return applied.map(outcomeOf);
  }

  /** `execute` for JSON commands, parsed first (nothing is applied when one is bad; see parseSubmitted). */
  async executeJson(commands: readonly unknown[], basePath: readonly (string | number)[] = [], indexed = true): Promise<CommandOutcome[]> {
    return this.execute(parseSubmitted(commands, basePath, indexed));
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
          try {
            const snapshot = this.takeSnapshot();
            await this.journal.saveSnapshot(snapshot);
            if (this.archive) await archiveBehindSnapshot(this.journal, snapshot.seq);
          } catch (error) {
            throw journalError(error, this.journal);
          }
        }
      }
    } finally {
      this.clearTimer();
      // A rebuild after a failure reads the journal: let it finish before closing it.
      if (this.rebuilt !== null) await this.rebuilt;
      await this.journal.close();
    }
  }

  private apply(submitted: SubmittedCommand): AppliedCommand {
    const seq = this.nextSeq;
    let events: EngineEvent[];
    try {
      const result = applyCommand(this.state, submitted.command, { seq });
      this.state = result.state;
      events = result.events;
    } catch (error) {
      // A broken invariant: what came before is sound and still commits (flush, close); nothing
      // more is applied, and no snapshot is taken of a state the throw may have half changed.
      this.stopped = engineError(error);
      throw this.stopped;
    }
    const id = submitted.command.id;
    this.nextSeq++;
    this.uncommitted.set(id, { seq, text: submitted.text });
    this.stats.applied++;
    const rejected = events.some((event) => event.type === 'rejected');
    if (rejected) this.stats.rejected++;
    // The one serialisation of each event: the journal's array text is these texts joined, which
    // is exactly JSON.stringify(events) for an array of plain objects (replay compares that).
    const texts = events.map((event) => JSON.stringify(event));
    this.batch.entries.push({ seq, commandId: id, command: submitted.text, events: `[${texts.join(',')}]`, eventFormat: EVENT_FORMAT });
    this.pushEvents(events, texts);
    if (!rejected && submitted.command.type === 'instrument') {
      this.batch.instruments.push((JSON.parse(submitted.text) as { instrument: InstrumentJson }).instrument);
    }
    if (this.snapshotEvery > 0 && seq % this.snapshotEvery === 0) this.batch.snapshot = this.takeSnapshot();
    return { command: submitted.command, seq, duplicate: false, events, eventTexts: texts };
  }

  /** The `duplicate` answer, with the seq the command was journaled under, so a client learns where it landed. */
  private answerDuplicate(originalSeq: number, command: Command): AppliedCommand {
    this.stats.duplicates++;
    const event = duplicateEvent(originalSeq, command) as EngineEvent;
    const texts = [JSON.stringify(event)];
    this.pushEvents([event], texts);
    return { command, seq: originalSeq, duplicate: true, events: [event], eventTexts: texts };
  }

  /**
   * A different command under an id already used: refused with `id_reused`, naming the seq the id
   * was journaled under; nothing is applied or journaled (the id stays the original's).
   */
  private answerIdReused(originalSeq: number, command: Command): AppliedCommand {
    this.stats.rejected++;
    // The key order of the engine's own `rejected` events; `seq` is the original's, as for a duplicate.
    const event: EngineEvent = {
      type: 'rejected',
      command: command.type,
      code: 'id_reused',
      reason: `command id "${command.id}" was used at seq ${originalSeq} for a different command; send a new id`,
      seq: originalSeq,
      commandId: command.id,
    };
    const texts = [JSON.stringify(event)];
    this.pushEvents([event], texts);
    return { command, seq: originalSeq, duplicate: false, events: [event], eventTexts: texts };
  }

  private pushEvents(events: readonly EngineEvent[], texts: readonly string[]): void {
    for (let i = 0; i < events.length; i++) {
      this.batch.events.push(events[i] as EngineEvent);
      this.batch.eventTexts.push(texts[i] as string);
    }
  }

  /** Which of the commands' ids the journal already holds (ids still uncommitted are known). */
  private async lookUp(commands: readonly SubmittedCommand[]): Promise<Map<string, Original>> {
    const ids = [];
    for (const { command } of commands) if (!this.uncommitted.has(command.id)) ids.push(command.id);
    if (ids.length === 0) return new Map();
    try {
      const seqs = await this.journal.findCommands(ids);
      const texts = await this.journaledTexts([...seqs.values()]);
      const found = new Map<string, Original>();
      for (const [id, seq] of seqs) found.set(id, { seq, text: texts.get(seq) ?? '' });
      return found;
    } catch (error) {
      throw journalError(error, this.journal);
    }
  }

  /**
   * The journaled command texts of these seqs, to tell a retry from a reused id. Read in runs of
   * near seqs, so a rerun of a long input (its repeats are consecutive) costs one read per batch.
   */
  private async journaledTexts(seqs: readonly number[]): Promise<Map<number, string>> {
    const texts = new Map<number, string>();
    const sorted = [...seqs].sort((a, b) => a - b);
    let i = 0;
    while (i < sorted.length) {
      const first = sorted[i] as number;
      let last = first;
      while (i + 1 < sorted.length && (sorted[i + 1] as number) - last <= TEXT_READ_GAP) last = sorted[++i] as number;
      i++;
      for (const entry of await this.journal.readAfter(first - 1, last - first + 1)) texts.set(entry.seq, entry.command);
    }
    return texts;
  }

  private takeSnapshot(): Snapshot {
    const seq = this.nextSeq - 1;
    this.lastSnapshotSeq = seq;
    return { seq, hash: stateHash(this.state), state: snapshotState(this.state) };
  }

  /** Closes the open batch and queues its commit behind the previous one; waits for the previous. */
  private async cutAndCommit(): Promise<void> {
    this.clearTimer();
    const batch = this.batch;
    if (batch.commands === 0) return;
    this.batch = emptyBatch();
    const meta = this.catalog.stage(batch.instruments);
    const previous = this.committing;
    this.committing = previous.then(() => this.commit(batch, meta));
    // Backpressure: one batch in flight while the next fills.
    await previous;
  }

  private async commit(batch: OpenBatch, meta: MetaWrites | null): Promise<void> {
    if (this.failure !== null) return;
    try {
      try {
        await this.journal.append(batch.entries, meta ?? undefined);
      } catch (error) {
        throw journalError(error, this.journal);
      }
      for (const entry of batch.entries) {
        this.uncommitted.delete(entry.commandId);
        for (const watcher of this.commitWatchers) watcher.set(entry.commandId, { seq: entry.seq, text: entry.command });
      }
      this.catalog.commit(batch.instruments);
      this.stats.batches++;
      const last = batch.entries[batch.entries.length - 1];
      if (last !== undefined) this.committedSeq = last.seq;
      this.releaseSeqWaiters();
      this.releaseReaders();
      await this.bus.publish({ events: batch.events, eventTexts: batch.eventTexts, lastSeq: this.committedSeq, committedAtMs: Date.now() });
      if (batch.snapshot !== null) {
        try {
          await this.journal.saveSnapshot(batch.snapshot);
          if (this.archive) await archiveBehindSnapshot(this.journal, batch.snapshot.seq);
        } catch (error) {
          throw journalError(error, this.journal);
        }
      }
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private caughtUp(): boolean {
    return this.nextSeq - 1 === this.committedSeq;
  }

  private view(): CommittedView {
    return { state: this.state, lastSeq: this.committedSeq };
  }

  /** Runs the waiting readers if the state is the committed one, then lets held-back commands in. */
  private releaseReaders(): void {
    if (this.readers.length === 0 || !this.caughtUp()) return;
    const readers = this.readers;
    this.readers = [];
    for (const reader of readers) reader.run();
    const held = this.heldBack;
    this.heldBack = [];
    for (const resume of held) resume();
  }

  private committed(seq: number): Promise<void> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.committedSeq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => this.seqWaiters.push({ seq, resolve, reject }));
  }

  private releaseSeqWaiters(): void {
    if (this.seqWaiters.length === 0) return;
    const ready = this.seqWaiters.filter((w) => w.seq <= this.committedSeq);
    this.seqWaiters = this.seqWaiters.filter((w) => w.seq > this.committedSeq);
    for (const waiter of ready) waiter.resolve();
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
    if (this.failure !== null) return;
    this.failure = error;
    this.clearTimer();
    for (const waiter of this.seqWaiters) waiter.reject(error);
    this.seqWaiters = [];
    for (const resume of this.heldBack) resume();
    this.heldBack = [];
    // The live state holds commands the journal never received: drop it and rebuild what was committed.
    this.rebuilt = this.rebuildCommitted();
    const readers = this.readers;
    this.readers = [];
    for (const reader of readers) {
      void this.rebuilt.then((rebuildError) => (rebuildError === null ? reader.run() : reader.fail(rebuildError)));
    }
  }

  /** Recovers the committed state from the journal (read only) after a failed commit; resolves to the error if that fails. */
  private async rebuildCommitted(): Promise<Error | null> {
    // Wait for the commit chain to settle: a batch queued behind the failed one does nothing.
    await this.committing;
    this.uncommitted.clear();
    this.batch = emptyBatch();
    try {
      const recovered = await recover(this.journal, this.engineOptions);
      this.state = recovered.state;
      // The journal is the truth: a commit reported failed may still have landed.
      this.committedSeq = recovered.lastSeq;
      this.nextSeq = recovered.lastSeq + 1;
      return null;
    } catch (error) {
      const failure = journalError(error, this.journal);
      return new HostError('journal-failed', `${this.failure?.message ?? 'the journal failed'}; the committed state could not be read back either: ${failure.message}`, { cause: error });
    }
  }

  private async readAfterFailure<T>(fn: (view: CommittedView) => T): Promise<T> {
    const rebuildError = await (this.rebuilt ?? Promise.resolve(this.failure));
    if (rebuildError !== null) throw rebuildError;
    return fn(this.view());
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private throwIfStopped(): void {
    this.throwIfFailed();
    if (this.stopped !== null) throw this.stopped;
  }
}

function outcomeOf(applied: AppliedCommand): CommandOutcome {
  const first = applied.events[0];
  return {
    id: applied.command.id,
    type: applied.command.type,
    seq: first === undefined ? null : first.seq,
    status: applied.duplicate ? 'duplicate' : applied.events.some((event) => event.type === 'rejected') ? 'rejected' : 'accepted',
    events: applied.events,
    eventTexts: applied.eventTexts,
  };
}

function emptyBatch(): OpenBatch {
  return { commands: 0, entries: [], events: [], eventTexts: [], instruments: [], snapshot: null };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
