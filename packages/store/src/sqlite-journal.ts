/**
 * SQLite adapter of the journal port (better-sqlite3): the embedded default, one file.
 *
 * WAL mode with `synchronous=FULL` by default: in WAL mode NORMAL skips the fsync at commit, so a
 * power cut could lose the last committed batches, which the CLI has already printed
 * (acknowledged). FULL syncs the WAL at every commit; group commit (one transaction per batch of
 * commands) makes that one fsync per batch, not per command. NORMAL is offered for benchmarks
 * and for callers that only need to survive a process crash (kill -9 cannot lose a commit under
 * NORMAL either: the WAL is in the OS page cache).
 *
 * STRICT tables refuse values of the wrong type, so no number can slip in as REAL.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import {
  JournalMovedError,
  JournalNotFoundError,
  SNAPSHOTS_KEPT,
  checkBatchShape,
  eventFormatOf,
  toSeq,
  EVENT_FORMAT_V1,
  type MetaWrites,
  type Journal,
  type JournalEntry,
  type Snapshot,
} from './journal.js';

/** Where `margin run` keeps its journal when no `--db` is given. */
export const DEFAULT_SQLITE_PATH = 'data/margin.sqlite';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqliteJournalOptions {
  /** Create the file (and its folder) when it does not exist; default true. */
  readonly create?: boolean;
  /** Default FULL (see the module comment). */
  readonly synchronous?: SqliteSynchronous;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS journal (
  seq INTEGER PRIMARY KEY,
  command_id TEXT NOT NULL UNIQUE,
  command TEXT NOT NULL,
  events TEXT NOT NULL,
  event_format INTEGER
) STRICT;
CREATE TABLE IF NOT EXISTS snapshots (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  state TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;

interface EntryRow {
  seq: number | bigint;
  command_id: string;
  command: string;
  events: string;
  event_format: number | bigint | null;
}

interface SnapshotRow {
  seq: number | bigint;
  hash: string;
  state: string;
}

export class SqliteJournal implements Journal {
  readonly kind = 'sqlite';
  readonly location: string;
  private readonly db: Database.Database;
  private readonly statements;
  private readonly appendTx: (entries: readonly JournalEntry[], meta: MetaWrites | undefined) => void;
  private readonly snapshotTx: (snapshot: Snapshot) => void;

  private constructor(path: string, db: Database.Database) {
    this.location = path;
    this.db = db;
    this.statements = {
      lastSeq: db.prepare<[], { last: number | bigint }>('SELECT coalesce(max(seq), 0) AS last FROM journal'),
      insert: db.prepare<[number, string, string, string, number]>(
        'INSERT INTO journal (seq, command_id, command, events, event_format) VALUES (?, ?, ?, ?, ?)',
      ),
      // One statement per lookup batch: the ids arrive as one JSON array text (4x faster than a
      // query per id at 1,000 ids).
      findMany: db.prepare<[string], { command_id: string; seq: number | bigint }>(
        'SELECT command_id, seq FROM journal WHERE command_id IN (SELECT value FROM json_each(?))',
      ),
      readAfter: db.prepare<[number, number], EntryRow>(
        'SELECT seq, command_id, command, events, event_format FROM journal WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      putSnapshot: db.prepare<[number, string, string]>(
        'INSERT INTO snapshots (seq, hash, state) VALUES (?, ?, ?) ON CONFLICT (seq) DO UPDATE SET hash = excluded.hash, state = excluded.state',
      ),
      pruneSnapshots: db.prepare<[number]>(
        'DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)',
      ),
      latestSnapshot: db.prepare<[], SnapshotRow>('SELECT seq, hash, state FROM snapshots ORDER BY seq DESC LIMIT 1'),
      readMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      writeMeta: db.prepare<[string, string]>(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
    const s = this.statements;
    // IMMEDIATE: take the write lock before reading lastSeq, so a second writer waits or fails
    // instead of appending after a stale read.
    this.appendTx = db
      .transaction((entries: readonly JournalEntry[], meta: MetaWrites | undefined) => {
        const first = entries[0] as JournalEntry;
        const last = toSeq(s.lastSeq.get()?.last ?? 0);
        if (first.seq !== last + 1) {
          throw new JournalMovedError(`batch starts at seq ${first.seq} but the journal ends at ${last}`);
        }
        for (const e of entries) s.insert.run(e.seq, e.commandId, e.command, e.events, e.eventFormat ?? EVENT_FORMAT_V1);
        if (meta !== undefined) for (const [key, value] of Object.entries(meta)) s.writeMeta.run(key, value);
      })
      .immediate.bind(null);
    this.snapshotTx = db
      .transaction((snapshot: Snapshot) => {
        s.putSnapshot.run(snapshot.seq, snapshot.hash, snapshot.state);
        s.pruneSnapshots.run(SNAPSHOTS_KEPT);
      })
      .immediate.bind(null);
  }

  /** Opens (and by default creates) the journal file at `path`. */
  static open(path: string, options: SqliteJournalOptions = {}): SqliteJournal {
    const absolute = resolve(path);
    if (!existsSync(absolute)) {
      if (options.create === false) throw new JournalNotFoundError(`no journal at ${path}`);
      mkdirSync(dirname(absolute), { recursive: true });
    }
    const db = new Database(absolute);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      db.pragma('busy_timeout = 5000');
      db.exec(SCHEMA);
      addEventFormatColumn(db);
      return new SqliteJournal(path, db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  append(entries: readonly JournalEntry[], meta?: MetaWrites): Promise<void> {
    return settle(() => {
      if (entries.length === 0) return;
      checkBatchShape(entries);
      try {
        this.appendTx(entries, meta);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new JournalMovedError(`batch repeats a journaled command id or seq (${(error as Error).message})`);
        }
        throw error;
      }
    });
  }

  lastSeq(): Promise<number> {
    return settle(() => toSeq(this.statements.lastSeq.get()?.last ?? 0));
  }

  findCommands(commandIds: readonly string[]): Promise<Map<string, number>> {
    return settle(() => {
      const found = new Map<string, number>();
      if (commandIds.length === 0) return found;
      for (const row of this.statements.findMany.all(JSON.stringify(commandIds))) found.set(row.command_id, toSeq(row.seq));
      return found;
    });
  }

  readAfter(afterSeq: number, limit: number): Promise<JournalEntry[]> {
    return settle(() =>
      this.statements.readAfter.all(afterSeq, limit).map((row) => ({
        seq: toSeq(row.seq),
        commandId: row.command_id,
        command: row.command,
        events: row.events,
        eventFormat: eventFormatOf(row.event_format),
      })),
    );
  }

  saveSnapshot(snapshot: Snapshot): Promise<void> {
    return settle(() => this.snapshotTx(snapshot));
  }

  loadLatestSnapshot(): Promise<Snapshot | null> {
    return settle(() => {
      const row = this.statements.latestSnapshot.get();
      return row === undefined ? null : { seq: toSeq(row.seq), hash: row.hash, state: row.state };
    });
  }

  readMeta(key: string): Promise<string | null> {
    return settle(() => this.statements.readMeta.get(key)?.value ?? null);
  }

  writeMeta(key: string, value: string): Promise<void> {
    return settle(() => {
      this.statements.writeMeta.run(key, value);
    });
  }

  /** The durability settings in force, read back from SQLite. */
  pragmas(): { journalMode: string; synchronous: SqliteSynchronous | 'OFF' | 'EXTRA' } {
    const journalMode = String(this.db.pragma('journal_mode', { simple: true }));
    const level = Number(this.db.pragma('synchronous', { simple: true }));
    const names = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
    return { journalMode, synchronous: names[level] ?? 'OFF' };
  }

  close(): Promise<void> {
    return settle(() => {
      if (this.db.open) this.db.close();
    });
  }
}

/** Journals created before entries carried an event format get the column; their rows read as 1. */
function addEventFormatColumn(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>('SELECT name FROM pragma_table_info(\'journal\')').all();
  if (!columns.some((column) => column.name === 'event_format')) db.exec('ALTER TABLE journal ADD COLUMN event_format INTEGER');
}

/** Runs synchronous work and hands its result or error back as a promise. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
