/**
 * PostgreSQL adapter of the journal port (`pg`): the production store.
 *
 * One connection, one writer. Texts are TEXT (byte for byte, so replay can compare event texts
 * exactly; JSONB would reorder keys) and seqs BIGINT: no float column anywhere. A batch is one
 * INSERT ... SELECT FROM unnest(...) statement, so group commit costs one round trip and one WAL
 * flush (synchronous_commit as the server sets it, `on` by default) per batch. The statement
 * itself checks that the batch continues the journal, so a second writer can never interleave.
 *
 * `?schema=NAME` in the URL keeps the journal's tables in that schema (created if missing);
 * tests use it to give every case its own tables. Default: the `public` schema.
 */
import pg from 'pg';
import { CHAIN_GENESIS, entryHash } from './chain.js';
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

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const UNIQUE_VIOLATION = '23505';
/** Rows per INSERT: 6 parameters each, under PostgreSQL's 65,535 parameters per statement. */
const ROWS_PER_STATEMENT = 4_000;

/** Thrown inside a multi-statement append to roll it back when the journal moved on. */
class StaleBatch extends Error {}

export interface PostgresTarget {
  /** The connection string without our own parameters. */
  readonly connectionString: string;
  readonly schema: string;
  /** The URL with its password masked, for messages. */
  readonly display: string;
}

/** Splits our `schema` parameter off a postgres:// URL and checks it. */
export function parsePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`not a valid URL: ${url}`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`expected a postgres:// URL, got ${parsed.protocol}`);
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema must match ${SCHEMA_NAME.source}, got "${schema}"`);
  const display = new URL(parsed.toString());
  if (display.password !== '') display.password = '***';
  parsed.searchParams.delete('schema');
  return { connectionString: parsed.toString(), schema, display: display.toString() };
}

function schemaSql(schema: string): string {
  return `
CREATE SCHEMA IF NOT EXISTS ${schema};
CREATE TABLE IF NOT EXISTS ${schema}.journal (
  seq BIGINT PRIMARY KEY,
  command_id TEXT NOT NULL UNIQUE,
  command TEXT NOT NULL,
  events TEXT NOT NULL
);
-- Journals created before entries carried an event format get the column; their rows read as 1.
ALTER TABLE ${schema}.journal ADD COLUMN IF NOT EXISTS event_format BIGINT;
-- The hash chain (chain.ts); entries from before it have none.
ALTER TABLE ${schema}.journal ADD COLUMN IF NOT EXISTS hash TEXT;
CREATE TABLE IF NOT EXISTS ${schema}.snapshots (
  seq BIGINT PRIMARY KEY,
  hash TEXT NOT NULL,
  state TEXT NOT NULL
);
ALTER TABLE ${schema}.snapshots ADD COLUMN IF NOT EXISTS chain_hash TEXT;
CREATE TABLE IF NOT EXISTS ${schema}.meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);`;
}

interface EntryRow {
  seq: string;
  command_id: string;
  command: string;
  events: string;
  event_format: string | null;
  hash: string | null;
}

export class PostgresJournal implements Journal {
  readonly kind = 'postgres';
  readonly location: string;
  private readonly client: pg.Client;
  private readonly table: (name: string) => string;
  private closed = false;
  /** The last entry this writer appended (its seq and chain hash), so the next batch chains without a read. */
  private tail: { seq: number; hash: string } | null = null;
  /** Column expressions: a read-only open of an older schema reads the missing ones as NULL. */
  private readonly columns: { hash: string; chainHash: string };
  private readOnly = false;

  private constructor(target: PostgresTarget, client: pg.Client, columns: { hash: string; chainHash: string }) {
    this.location = target.display;
    this.client = client;
    this.table = (name) => `${target.schema}.${name}`;
    this.columns = columns;
  }

  /**
   * Connects; creates the schema and tables unless `create` is false (then they must exist).
   * `readOnly` (implies `create: false`) writes nothing, not even a column upgrade: the session
   * is read-only.
   */
  static async open(url: string, options: { readonly create?: boolean; readonly readOnly?: boolean } = {}): Promise<PostgresJournal> {
    const target = parsePostgresUrl(url);
    const client = new pg.Client({ connectionString: target.connectionString });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`cannot connect to ${target.display}: ${(error as Error).message}`, { cause: error });
    }
    try {
      const readOnly = options.readOnly === true;
      if (options.create === false || readOnly) {
        const found = await client.query<{ table: string | null }>('SELECT to_regclass($1)::text AS table', [`${target.schema}.journal`]);
        if (found.rows[0]?.table == null) throw new JournalNotFoundError(`no journal at ${target.display}`);
      }
      if (readOnly) {
        await client.query('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
      } else {
        // Quiet the NOTICEs of IF NOT EXISTS.
        await client.query('SET client_min_messages = warning');
        await client.query(schemaSql(target.schema));
      }
      const present = await client.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 AND column_name IN ('hash', 'chain_hash')`,
        [target.schema],
      );
      const has = (table: string, column: string): boolean => present.rows.some((row) => row.table_name === table && row.column_name === column);
      const journal = new PostgresJournal(target, client, {
        hash: has('journal', 'hash') ? 'hash' : 'NULL::text',
        chainHash: has('snapshots', 'chain_hash') ? 'chain_hash' : 'NULL::text',
      });
      journal.readOnly = readOnly;
      return journal;
    } catch (error) {
      await client.end();
      throw error;
    }
  }

  /** Drops the schema named in `url` with everything in it (tests, benchmarks); never `public`. */
  static async dropSchema(url: string): Promise<void> {
    const target = parsePostgresUrl(url);
    if (target.schema === 'public') throw new Error('refusing to drop the public schema');
    const client = new pg.Client({ connectionString: target.connectionString });
    await client.connect();
    try {
      await client.query('SET client_min_messages = warning');
      await client.query(`DROP SCHEMA IF EXISTS ${target.schema} CASCADE`);
    } finally {
      await client.end();
    }
  }

  private refuseIfReadOnly(): void {
    if (this.readOnly) throw new Error(`journal ${this.location} is open read-only`);
  }

  async append(entries: readonly JournalEntry[], meta?: MetaWrites): Promise<void> {
    this.refuseIfReadOnly();
    if (entries.length === 0) return;
    checkBatchShape(entries);
    const first = entries[0] as JournalEntry;
    const metaRows = meta === undefined ? [] : Object.entries(meta);
    const hashes = await this.chainHashes(entries);
    let inserted = 0;
    try {
      if (entries.length <= ROWS_PER_STATEMENT && metaRows.length === 0) {
        // One statement = one transaction, one round trip.
        inserted = await this.insertRows(entries, hashes, first.seq - 1);
      } else {
        await this.transaction(async () => {
          for (let from = 0; from < entries.length; from += ROWS_PER_STATEMENT) {
            const rows = entries.slice(from, from + ROWS_PER_STATEMENT);
            const count = await this.insertRows(rows, hashes.slice(from, from + ROWS_PER_STATEMENT), (rows[0] as JournalEntry).seq - 1);
            inserted += count;
            if (count !== rows.length) throw new StaleBatch();
          }
          for (const [key, value] of metaRows) await this.putMeta(key, value);
        });
      }
    } catch (error) {
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) {
        throw new JournalMovedError(`batch repeats a journaled command id or seq (${(error as Error).message})`);
      }
      if (!(error instanceof StaleBatch)) throw error;
      inserted = 0;
    }
    if (inserted !== entries.length) {
      this.tail = null;
      const last = await this.lastSeq();
      throw new JournalMovedError(`batch starts at seq ${first.seq} but the journal ends at ${last}`);
    }
    this.tail = { seq: (entries[entries.length - 1] as JournalEntry).seq, hash: hashes[hashes.length - 1] as string };
  }

  /**
   * The chain hashes of a batch, from the hash of the entry before it (remembered from the last
   * append, else read). If another writer appended meanwhile, the insert's own seq check refuses
   * the batch, so a stale previous hash is never stored.
   */
  private async chainHashes(entries: readonly JournalEntry[]): Promise<string[]> {
    const before = (entries[0] as JournalEntry).seq - 1;
    let previous: string;
    if (this.tail !== null && this.tail.seq === before) {
      previous = this.tail.hash;
    } else {
      const result = await this.client.query<{ hash: string | null }>(`SELECT ${this.columns.hash} AS hash FROM ${this.table('journal')} WHERE seq = $1`, [before]);
      previous = result.rows[0]?.hash ?? CHAIN_GENESIS;
    }
    const hashes: string[] = [];
    for (const entry of entries) {
      previous = entryHash(previous, entry);
      hashes.push(previous);
    }
    return hashes;
  }

  /**
   * Inserts rows that must directly follow `afterSeq`; the WHERE makes the statement insert
   * nothing when the journal has moved on (another writer). Returns the rows inserted.
   * Multi-row VALUES with plain text parameters: faster than unnest over array literals, whose
   * JSON texts would need escaping on both sides.
   */
  private async insertRows(rows: readonly JournalEntry[], hashes: readonly string[], afterSeq: number): Promise<number> {
    const params: (string | number)[] = [afterSeq];
    const tuples: string[] = [];
    rows.forEach((row, i) => {
      const at = params.length;
      tuples.push(`($${at + 1}::bigint, $${at + 2}::text, $${at + 3}::text, $${at + 4}::text, $${at + 5}::bigint, $${at + 6}::text)`);
      params.push(row.seq, row.commandId, row.command, row.events, row.eventFormat ?? EVENT_FORMAT_V1, hashes[i] as string);
    });
    const result = await this.client.query(
      `INSERT INTO ${this.table('journal')} (seq, command_id, command, events, event_format, hash)
       SELECT v.seq, v.command_id, v.command, v.events, v.event_format, v.hash
       FROM (VALUES ${tuples.join(', ')}) AS v(seq, command_id, command, events, event_format, hash)
       WHERE (SELECT coalesce(max(seq), 0) FROM ${this.table('journal')}) = $1::bigint`,
      params,
    );
    return result.rowCount ?? 0;
  }

  async lastSeq(): Promise<number> {
    const result = await this.client.query<{ last: string }>(
      `SELECT coalesce(max(seq), 0)::text AS last FROM ${this.table('journal')}`,
    );
    return toSeq(result.rows[0]?.last ?? '0');
  }

  async findCommands(commandIds: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    if (commandIds.length === 0) return found;
    const result = await this.client.query<{ command_id: string; seq: string }>(
      `SELECT command_id, seq FROM ${this.table('journal')} WHERE command_id = ANY($1::text[])`,
      [commandIds],
    );
    for (const row of result.rows) found.set(row.command_id, toSeq(row.seq));
    return found;
  }

  async readAfter(afterSeq: number, limit: number): Promise<JournalEntry[]> {
    const result = await this.client.query<EntryRow>(
      `SELECT seq, command_id, command, events, event_format, ${this.columns.hash} AS hash FROM ${this.table('journal')} WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return result.rows.map((row) => ({
      seq: toSeq(row.seq),
      commandId: row.command_id,
      command: row.command,
      events: row.events,
      eventFormat: eventFormatOf(row.event_format),
      hash: row.hash,
    }));
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    this.refuseIfReadOnly();
    await this.transaction(async () => {
      await this.client.query(
        `INSERT INTO ${this.table('snapshots')} (seq, hash, state, chain_hash)
         VALUES ($1, $2, $3, (SELECT hash FROM ${this.table('journal')} WHERE seq = $1))
         ON CONFLICT (seq) DO UPDATE SET hash = excluded.hash, state = excluded.state, chain_hash = excluded.chain_hash`,
        [snapshot.seq, snapshot.hash, snapshot.state],
      );
      await this.client.query(
        `DELETE FROM ${this.table('snapshots')} WHERE seq NOT IN
         (SELECT seq FROM ${this.table('snapshots')} ORDER BY seq DESC LIMIT $1)`,
        [SNAPSHOTS_KEPT],
      );
    });
  }

  async loadLatestSnapshot(): Promise<Snapshot | null> {
    const result = await this.client.query<{ seq: string; hash: string; state: string; chain_hash: string | null }>(
      `SELECT seq, hash, state, ${this.columns.chainHash} AS chain_hash FROM ${this.table('snapshots')} ORDER BY seq DESC LIMIT 1`,
    );
    const row = result.rows[0];
    return row === undefined ? null : { seq: toSeq(row.seq), hash: row.hash, state: row.state, chainHash: row.chain_hash };
  }

  async readMeta(key: string): Promise<string | null> {
    const result = await this.client.query<{ value: string }>(
      `SELECT value FROM ${this.table('meta')} WHERE key = $1`,
      [key],
    );
    return result.rows[0]?.value ?? null;
  }

  async writeMeta(key: string, value: string): Promise<void> {
    this.refuseIfReadOnly();
    await this.putMeta(key, value);
  }

  private async putMeta(key: string, value: string): Promise<void> {
    await this.client.query(
      `INSERT INTO ${this.table('meta')} (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, value],
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end();
  }

  private async transaction(work: () => Promise<void>): Promise<void> {
    await this.client.query('BEGIN');
    try {
      await work();
      await this.client.query('COMMIT');
    } catch (error) {
      await this.client.query('ROLLBACK');
      throw error;
    }
  }
}
