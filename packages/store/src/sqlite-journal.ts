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
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CHAIN_GENESIS, entryHash } from './chain.js';
import {
  JournalMovedError,
  JournalNotFoundError,
  NotAJournalError,
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
import { checkSideFiles, checkSqliteFile } from './sqlite-file-check.js';

/** Where `margin run` keeps its journal when no `--db` is given. */
export const DEFAULT_SQLITE_PATH = 'data/margin.sqlite';

/** The archive of a SQLite journal at `path` (see `archiveBefore`): a SQLite file beside it. */
export function sqliteArchivePath(path: string): string {
  return `${path}-archive`;
}

/** Meta key recording that entries were archived (the seq the journal keeps from). */
export const ARCHIVE_META_KEY = 'journal.archivedBefore';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqliteJournalOptions {
  /** Create the file (and its folder) when it does not exist; default true. */
  readonly create?: boolean;
  /** Default FULL (see the module comment). */
  readonly synchronous?: SqliteSynchronous;
  /**
   * Open for reading only (`margin state`): nothing is ever written, not even a schema or a
   * column upgrade; the file must exist and be a journal. Implies `create: false`.
   */
  readonly readOnly?: boolean;
}

/** The journal table; the archive file (see `archiveBefore`) holds one of the same shape. */
const journalTableSql = (name: string): string => `
CREATE TABLE IF NOT EXISTS ${name} (
  seq INTEGER PRIMARY KEY,
  command_id TEXT NOT NULL UNIQUE,
  command TEXT NOT NULL,
  events TEXT NOT NULL,
  event_format INTEGER,
  hash TEXT
) STRICT;`;

const SCHEMA = `${journalTableSql('journal')}
CREATE TABLE IF NOT EXISTS snapshots (
  seq INTEGER PRIMARY KEY,
  hash TEXT NOT NULL,
  state TEXT NOT NULL,
  chain_hash TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;

const ARCHIVE_SCHEMA = journalTableSql('archive.journal');

interface EntryRow {
  seq: number | bigint;
  command_id: string;
  command: string;
  events: string;
  event_format: number | bigint | null;
  hash: string | null;
}

interface SnapshotRow {
  seq: number | bigint;
  hash: string;
  state: string;
  chain_hash: string | null;
}

/** Columns later versions added; a read-only open of an older file reads them as NULL. */
interface Columns {
  readonly eventFormat: string;
  readonly hash: string;
  readonly chainHash: string;
}

export class SqliteJournal implements Journal {
  readonly kind = 'sqlite';
  readonly location: string;
  readonly readOnly: boolean;
  private readonly absolute: string;
  private readonly db: Database.Database;
  private archived: boolean;
  private readonly columns: Columns;
  private reads!: ReturnType<SqliteJournal['prepareReads']>;
  private writes: ReturnType<SqliteJournal['prepareWrites']> | null = null;

  private constructor(path: string, absolute: string, db: Database.Database, readOnly: boolean, archived: boolean, columns: Columns) {
    this.location = path;
    this.absolute = absolute;
    this.db = db;
    this.readOnly = readOnly;
    this.archived = archived;
    this.columns = columns;
    this.reads = this.prepareReads();
  }

  private prepareReads() {
    const db = this.db;
    const c = this.columns;
    const entryColumns = `seq, command_id, command, events, ${c.eventFormat} AS event_format, ${c.hash} AS hash`;
    // With an archive, reads see archive + journal as one journal; an entry in both (a crash
    // between the archive's copy and the journal's delete) is read from the journal.
    const readAfterSql = this.archived
      ? `SELECT * FROM (SELECT seq, command_id, command, events, event_format, hash FROM archive.journal
           WHERE seq > @after AND seq < coalesce((SELECT min(seq) FROM main.journal), 9007199254740991)
         UNION ALL SELECT ${entryColumns} FROM main.journal WHERE seq > @after) ORDER BY seq LIMIT @limit`
      : `SELECT ${entryColumns} FROM journal WHERE seq > @after ORDER BY seq LIMIT @limit`;
    const findSql = this.archived
      ? `SELECT command_id, seq FROM main.journal WHERE command_id IN (SELECT value FROM json_each(@ids))
         UNION ALL SELECT command_id, seq FROM archive.journal WHERE command_id IN (SELECT value FROM json_each(@ids))`
      : 'SELECT command_id, seq FROM journal WHERE command_id IN (SELECT value FROM json_each(@ids))';
    return {
      lastSeq: db.prepare<[], { last: number | bigint }>('SELECT coalesce(max(seq), 0) AS last FROM main.journal'),
      // One statement per lookup batch: the ids arrive as one JSON array text (4x faster than a
      // query per id at 1,000 ids).
      findMany: db.prepare<[{ ids: string }], { command_id: string; seq: number | bigint }>(findSql),
      readAfter: db.prepare<[{ after: number; limit: number }], EntryRow>(readAfterSql),
      latestSnapshot: db.prepare<[], SnapshotRow>(`SELECT seq, hash, state, ${c.chainHash} AS chain_hash FROM snapshots ORDER BY seq DESC LIMIT 1`),
      readMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    };
  }

  /** Write statements and transactions, prepared at the first write (a read-only file never gets them). */
  private prepareWrites() {
    if (this.readOnly) throw new Error(`journal ${this.location} is open read-only`);
    const db = this.db;
    const s = {
      tail: db.prepare<[], { seq: number | bigint; hash: string | null }>('SELECT seq, hash FROM main.journal ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare<[number, string, string, string, number, string]>(
        'INSERT INTO main.journal (seq, command_id, command, events, event_format, hash) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      putSnapshot: db.prepare<[number, string, string, number]>(
        `INSERT INTO snapshots (seq, hash, state, chain_hash) VALUES (?, ?, ?, (SELECT hash FROM main.journal WHERE seq = ?))
         ON CONFLICT (seq) DO UPDATE SET hash = excluded.hash, state = excluded.state, chain_hash = excluded.chain_hash`,
      ),
      pruneSnapshots: db.prepare<[number]>(
        'DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)',
      ),
      writeMeta: db.prepare<[string, string]>(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
    };
    // IMMEDIATE: take the write lock before reading the tail, so a second writer waits or fails
    // instead of appending after a stale read.
    const appendTx = db
      .transaction((entries: readonly JournalEntry[], meta: MetaWrites | undefined) => {
        const first = entries[0] as JournalEntry;
        const tail = s.tail.get();
        const last = tail === undefined ? 0 : toSeq(tail.seq);
        if (first.seq !== last + 1) {
          throw new JournalMovedError(`batch starts at seq ${first.seq} but the journal ends at ${last}`);
        }
        let previous = tail?.hash ?? CHAIN_GENESIS;
        for (const e of entries) {
          const hash = entryHash(previous, e);
          s.insert.run(e.seq, e.commandId, e.command, e.events, e.eventFormat ?? EVENT_FORMAT_V1, hash);
          previous = hash;
        }
        if (meta !== undefined) for (const [key, value] of Object.entries(meta)) s.writeMeta.run(key, value);
      })
      .immediate.bind(null);
    const snapshotTx = db
      .transaction((snapshot: Snapshot) => {
        s.putSnapshot.run(snapshot.seq, snapshot.hash, snapshot.state, snapshot.seq);
        s.pruneSnapshots.run(SNAPSHOTS_KEPT);
      })
      .immediate.bind(null);
    return { ...s, appendTx, snapshotTx };
  }

  private get w(): ReturnType<SqliteJournal['prepareWrites']> {
    this.writes ??= this.prepareWrites();
    return this.writes;
  }

  /** Opens (and by default creates) the journal file at `path`; refuses a file that is not a journal. */
  static open(path: string, options: SqliteJournalOptions = {}): SqliteJournal {
    const absolute = resolve(path);
    const readOnly = options.readOnly === true;
    const existed = existsSync(absolute);
    if (!existed) {
      if (options.create === false || readOnly) throw new JournalNotFoundError(`no journal at ${path}`);
      mkdirSync(dirname(absolute), { recursive: true });
    } else {
      checkSqliteFile(absolute, path);
    }
    checkSideFiles(absolute, path, !readOnly);
    if (readOnly) checkReadableWal(absolute, path);
    else checkWritable(absolute, path);
    const archivePath = sqliteArchivePath(absolute);
    const archived = existsSync(archivePath);
    if (archived) {
      checkSqliteFile(archivePath, sqliteArchivePath(path));
      checkSideFiles(archivePath, sqliteArchivePath(path), !readOnly);
    }
    let db: Database.Database;
    try {
      db = new Database(absolute, readOnly ? { readonly: true, fileMustExist: true } : {});
    } catch (error) {
      throw new NotAJournalError(`cannot open ${path}: ${(error as Error).message}`, { cause: error });
    }
    try {
      if (existed) {
        checkJournalTables(db, path);
        // A journal that archived entries cannot be read whole (nor answer old ids) without its archive.
        const archivedAt = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(ARCHIVE_META_KEY);
        if (archivedAt !== undefined && !archived) {
          throw new NotAJournalError(`${path} moved entries before seq ${archivedAt.value} to its archive ${sqliteArchivePath(path)}, which is missing: put it back beside the journal`);
        }
      }
      if (!readOnly) {
        db.pragma('journal_mode = WAL');
        db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      }
      db.pragma('busy_timeout = 5000');
      if (!readOnly) {
        db.exec(SCHEMA);
        addColumn(db, 'journal', 'event_format', 'INTEGER');
        addColumn(db, 'journal', 'hash', 'TEXT');
        addColumn(db, 'snapshots', 'chain_hash', 'TEXT');
      }
      if (archived) attachArchive(db, archivePath, readOnly);
      const has = (table: string, column: string): boolean => hasColumn(db, table, column);
      const columns: Columns = {
        eventFormat: has('journal', 'event_format') ? 'event_format' : 'NULL',
        hash: has('journal', 'hash') ? 'hash' : 'NULL',
        chainHash: has('snapshots', 'chain_hash') ? 'chain_hash' : 'NULL',
      };
      return new SqliteJournal(path, absolute, db, readOnly, archived, columns);
    } catch (error) {
      db.close();
      if (error instanceof NotAJournalError) throw error;
      const code = (error as { code?: unknown }).code;
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new NotAJournalError(`${path} is not a readable SQLite journal: ${(error as Error).message}`, { cause: error });
      if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR_SHORT_READ') {
        throw new NotAJournalError(`cannot open ${path} for writing: ${(error as Error).message}`, { cause: error });
      }
      throw error;
    }
  }

  append(entries: readonly JournalEntry[], meta?: MetaWrites): Promise<void> {
    return settle(() => {
      if (entries.length === 0) return;
      checkBatchShape(entries);
      try {
        this.w.appendTx(entries, meta);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new JournalMovedError(`batch repeats a journaled command id or seq (${(error as Error).message})`);
        }
        throw error;
      }
    });
  }

  lastSeq(): Promise<number> {
    return settle(() => toSeq(this.reads.lastSeq.get()?.last ?? 0));
  }

  findCommands(commandIds: readonly string[]): Promise<Map<string, number>> {
    return settle(() => {
      const found = new Map<string, number>();
      if (commandIds.length === 0) return found;
      for (const row of this.reads.findMany.all({ ids: JSON.stringify(commandIds) })) found.set(row.command_id, toSeq(row.seq));
      return found;
    });
  }

  readAfter(afterSeq: number, limit: number): Promise<JournalEntry[]> {
    return settle(() =>
      this.reads.readAfter.all({ after: afterSeq, limit }).map((row) => ({
        seq: toSeq(row.seq),
        commandId: row.command_id,
        command: row.command,
        events: row.events,
        eventFormat: eventFormatOf(row.event_format),
        hash: row.hash,
      })),
    );
  }

  saveSnapshot(snapshot: Snapshot): Promise<void> {
    return settle(() => this.w.snapshotTx(snapshot));
  }

  loadLatestSnapshot(): Promise<Snapshot | null> {
    return settle(() => {
      const row = this.reads.latestSnapshot.get();
      return row === undefined ? null : { seq: toSeq(row.seq), hash: row.hash, state: row.state, chainHash: row.chain_hash };
    });
  }

  /**
   * Moves entries with seq < `beforeSeq` into the archive file beside the journal (created at the
   * first call): one transaction copies them there, a second deletes them here. The journal's
   * freed pages are reused by later entries, so its file stops growing; the archive only grows.
   */
  archiveBefore(beforeSeq: number): Promise<number> {
    return settle(() => {
      if (this.readOnly) throw new Error(`journal ${this.location} is open read-only`);
      if (!this.archived) {
        attachArchive(this.db, sqliteArchivePath(this.absolute), false);
        this.archived = true;
        this.reads = this.prepareReads();
      }
      const copy = this.db.prepare<[number]>(
        'INSERT OR IGNORE INTO archive.journal (seq, command_id, command, events, event_format, hash) SELECT seq, command_id, command, events, event_format, hash FROM main.journal WHERE seq < ?',
      );
      const remove = this.db.prepare<[number]>('DELETE FROM main.journal WHERE seq < ? AND seq <= (SELECT coalesce(max(seq), 0) FROM archive.journal)');
      // Two transactions: in WAL mode a transaction over two files is atomic per file only, so
      // the copy commits before anything is deleted.
      this.db.transaction(() => copy.run(beforeSeq)).immediate();
      const setMeta = this.w.writeMeta;
      return this.db.transaction(() => {
        const moved = remove.run(beforeSeq).changes;
        setMeta.run(ARCHIVE_META_KEY, String(beforeSeq));
        return moved;
      }).immediate();
    });
  }

  readMeta(key: string): Promise<string | null> {
    return settle(() => this.reads.readMeta.get(key)?.value ?? null);
  }

  writeMeta(key: string, value: string): Promise<void> {
    return settle(() => {
      this.w.writeMeta.run(key, value);
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

/**
 * A reader of a WAL-mode file needs its `-shm` file, or a folder where SQLite can create it (the
 * build has no URI support for `immutable=1`): on read-only media without one, say so plainly.
 */
function checkReadableWal(absolute: string, shown: string): void {
  if (existsSync(`${absolute}-shm`)) return;
  try {
    accessSync(dirname(absolute), constants.W_OK);
  } catch {
    throw new NotAJournalError(
      `${shown} is on a read-only file system without its -shm file, which SQLite needs to read a WAL journal: copy the journal to writable storage to read it`,
    );
  }
}

/** A writer needs the file and its folder (SQLite creates `-wal` and `-shm` there) writable. */
function checkWritable(absolute: string, shown: string): void {
  for (const target of [absolute, dirname(absolute)]) {
    try {
      if (existsSync(target)) accessSync(target, constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new NotAJournalError(`${shown} cannot be written (${code}${code === 'EROFS' ? ': a read-only file system' : ''}); \`margin state\` can still read it`);
    }
  }
}

/** An existing file must hold the journal's tables (a SQLite file of something else is refused). */
function checkJournalTables(db: Database.Database, shown: string): void {
  let tables: Set<string>;
  try {
    tables = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((row) => row.name));
  } catch (error) {
    throw new NotAJournalError(`${shown} is not a readable SQLite journal: ${(error as Error).message}`, { cause: error });
  }
  const missing = ['journal', 'snapshots', 'meta'].filter((name) => !tables.has(name));
  if (missing.length > 0) {
    throw new NotAJournalError(`${shown} is a SQLite file but not a margin journal (no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''})`);
  }
}

function attachArchive(db: Database.Database, archivePath: string, readOnly: boolean): void {
  // An attached file is opened with the main connection's flags: read-only for a read-only journal.
  db.prepare('ATTACH DATABASE ? AS archive').run(archivePath);
  if (readOnly) return;
  db.pragma('archive.journal_mode = WAL');
  db.exec(ARCHIVE_SCHEMA);
}

function hasColumn(db: Database.Database, table: string, column: string): boolean {
  return db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table).some((row) => row.name === column);
}

/** Journals created before a column existed get it; their rows read as NULL (see the readers). */
function addColumn(db: Database.Database, table: string, column: string, type: string): void {
  if (!hasColumn(db, table, column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
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
