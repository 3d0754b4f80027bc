/**
 * Per-account history rebuilt from the journal (ADR 0027): a replica of the engine state that
 * replays the journal entry by entry from seq 1 (the archive included), each entry checked against
 * its journaled events as recovery does, then follows new commits by reading them back from the
 * journal. After an entry it measures the accounts that entry concerns:
 * - every account its events name (fills, funding, deposits, margin calls, liquidations, ADL...);
 * - every account, when the engine time (the newest `time` of the events so far) crosses a
 *   multiple of `gridMs`: the price moves between an account's own events.
 * A point is kept only when the measured figures changed (`same`). Which points exist and what
 * they hold is a function of the journal alone: the history reads the same after a restart.
 *
 * The figures are measured by the caller's function on the replica's state (the server's
 * `accountRiskJson` summary), so the history computes no rule of its own.
 */
import { createEngineState, type EngineEvent, type EngineState } from '@margin/engine';
import type { Journal, JournalEntry } from '@margin/store';
import { resolveEngineOptions } from './engine-options.js';
import { replayEntry } from './recover.js';

/** Engine time between two measures of every account (default one minute). */
export const HISTORY_GRID_MS_DEFAULT = 60_000;
/** Points kept per account (the newest). */
export const HISTORY_POINTS_PER_ACCOUNT = 500;
/** Journal entries read per query. */
export const HISTORY_SLICE_ENTRIES = 500;
/** Longest stretch of replay or measuring between two yields to the event loop, ms. */
export const HISTORY_YIELD_MS = 20;
/** Accounts measured between two checks of the time (a grid step measures every account). */
const MEASURE_CHUNK = 200;

export interface JournalHistoryOptions<P> {
  /** The figures of one account on a state; null: nothing to record (unknown account, no asset). */
  readonly measure: (state: EngineState, account: string) => P | null;
  /** Whether two measures are the same figures (a point is kept only on a change). */
  readonly same: (a: P, b: P) => boolean;
  readonly gridMs?: number;
  readonly pointsPerAccount?: number;
  readonly sliceEntries?: number;
}

export interface JournalHistoryPoint<P> {
  /** The journal seq the figures are exact at. */
  readonly seq: number;
  /** Engine time at that seq (the newest event `time` up to it), epoch ms; null before any. */
  readonly timeMs: number | null;
  readonly figures: P;
}

export interface JournalHistoryStatus {
  /** The journal seq the replica has replayed to. */
  readonly replayedSeq: number;
  /** The journal's last seq when the replica last looked. */
  readonly journalSeq: number;
  /** Set when a replay failed (the history then stays at `replayedSeq`). */
  readonly error: string | null;
}

/** A small ring of one account's points, oldest dropped first. */
class Points<P> {
  private readonly items: JournalHistoryPoint<P>[] = [];
  constructor(private readonly capacity: number) {}
  push(point: JournalHistoryPoint<P>): void {
    this.items.push(point);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }
  last(): JournalHistoryPoint<P> | undefined {
    return this.items[this.items.length - 1];
  }
  latest(limit: number): JournalHistoryPoint<P>[] {
    return this.items.slice(Math.max(0, this.items.length - limit));
  }
}

export class JournalHistory<P> {
  private state: EngineState;
  private seq = 0;
  private journalSeq = 0;
  private timeMs: number | null = null;
  private nextGridMs: number | null = null;
  private error: string | null = null;
  private stopped = false;
  private begun = false;
  /** When the current stretch of work without a yield began (performance.now()). */
  private sliceStartedMs = 0;
  private running: Promise<void> = Promise.resolve();
  private readonly byAccount = new Map<string, Points<P>>();
  readonly gridMs: number;
  private readonly pointsPerAccount: number;
  private readonly sliceEntries: number;

  private constructor(
    private readonly journal: Journal,
    state: EngineState,
    private readonly options: JournalHistoryOptions<P>,
  ) {
    this.state = state;
    this.gridMs = options.gridMs ?? HISTORY_GRID_MS_DEFAULT;
    this.pointsPerAccount = options.pointsPerAccount ?? HISTORY_POINTS_PER_ACCOUNT;
    this.sliceEntries = options.sliceEntries ?? HISTORY_SLICE_ENTRIES;
    if (!(this.gridMs > 0)) throw new RangeError(`gridMs must be a positive number of milliseconds, got ${this.gridMs}`);
  }

  /** A history at seq 0 with the journal's engine options (profile, id window); replays nothing yet. */
  static async open<P>(journal: Journal, options: JournalHistoryOptions<P>): Promise<JournalHistory<P>> {
    const engine = await resolveEngineOptions(journal, {}, false);
    return new JournalHistory(journal, createEngineState(engine), options);
  }

  /** Whether `catchUp` was ever called: a server starts the replica on the first request for it. */
  get started(): boolean {
    return this.begun;
  }

  /**
   * Replays every journal entry not replayed yet (in slices that yield to the event loop);
   * calls are serialised, so a commit's call may come while the first catch-up still runs.
   */
  catchUp(): Promise<void> {
    this.begun = true;
    this.running = this.running.then(() => this.replay());
    return this.running;
  }

  /** Stops after the current slice (call before the journal closes) and waits for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  status(): JournalHistoryStatus {
    return { replayedSeq: this.seq, journalSeq: Math.max(this.journalSeq, this.seq), error: this.error };
  }

  /** The newest `limit` points of an account, oldest first (empty when none was recorded). */
  points(account: string, limit: number): JournalHistoryPoint<P>[] {
    return this.byAccount.get(account)?.latest(limit) ?? [];
  }

  private async replay(): Promise<void> {
    this.sliceStartedMs = performance.now();
    while (!this.stopped && this.error === null) {
      try {
        this.journalSeq = await this.journal.lastSeq();
        if (this.seq >= this.journalSeq) return;
        const page = await this.journal.readAfter(this.seq, this.sliceEntries);
        if (page.length === 0) return;
        for (const entry of page) {
          if (this.stopped) return;
          await this.apply(entry);
        }
      } catch (error) {
        if (this.stopped) return;
        this.error = (error as Error).message;
        return;
      }
    }
  }

  /** Yields to the event loop when the current stretch of work is long enough (requests keep flowing). */
  private async breathe(): Promise<void> {
    if (performance.now() - this.sliceStartedMs < HISTORY_YIELD_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStartedMs = performance.now();
  }

  /** Replays one entry and measures the accounts it concerns; the replica moves only here, so it holds still across the yields. */
  private async apply(entry: JournalEntry): Promise<void> {
    this.state = replayEntry(this.state, entry);
    this.seq = entry.seq;
    const named = new Set<string>();
    for (const event of JSON.parse(entry.events) as EngineEvent[]) {
      const account = event['account'];
      if (typeof account === 'string') named.add(account);
      const time = event['time'];
      if (typeof time === 'string') {
        const ms = Date.parse(time);
        if (Number.isFinite(ms) && (this.timeMs === null || ms > this.timeMs)) this.timeMs = ms;
      }
    }
    let accounts: Iterable<string> = named;
    if (this.timeMs !== null && (this.nextGridMs === null || this.timeMs >= this.nextGridMs)) {
      // A grid step: every account (its price moves since its last own event).
      this.nextGridMs = (Math.floor(this.timeMs / this.gridMs) + 1) * this.gridMs;
      accounts = [...this.state.accounts.keys()];
    }
    let measured = 0;
    for (const account of accounts) {
      this.record(account);
      if (++measured % MEASURE_CHUNK === 0) await this.breathe();
    }
    await this.breathe();
  }

  private record(account: string): void {
    if (!this.state.accounts.has(account)) return;
    const figures = this.options.measure(this.state, account);
    if (figures === null) return;
    let points = this.byAccount.get(account);
    const last = points?.last();
    if (last !== undefined && this.options.same(last.figures, figures)) return;
    if (points === undefined) this.byAccount.set(account, (points = new Points<P>(this.pointsPerAccount)));
    points.push({ seq: this.seq, timeMs: this.timeMs, figures });
  }
}
