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
/** Rows per INSERT: 5 parameters each, under PostgreSQL's 65,535 parameters per statement. */
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
CREATE TABLE IF NOT EXISTS ${schema}.snapshots (
  seq BIGINT PRIMARY KEY,
  hash TEXT NOT NULL,
  state TEXT NOT NULL
);
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
}

export class PostgresJournal implements Journal {
  readonly kind = 'postgres';
  readonly location: string;
  private readonly client: pg.Client;
  private readonly table: (name: string) => string;
  private closed = false;

  private constructor(target: PostgresTarget, client: pg.Client) {
    this.location = target.display;
    this.client = client;
    this.table = (name) => `${target.schema}.${name}`;
  }

  /** Connects; creates the schema and tables unless `create` is false (then they must exist). */
  static async open(url: string, options: { readonly create?: boolean } = {}): Promise<PostgresJournal> {
    const target = parsePostgresUrl(url);
    const client = new pg.Client({ connectionString: target.connectionString });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`cannot connect to ${target.display}: ${(error as Error).message}`, { cause: error });
    }
    try {
      if (options.create === false) {
        const found = await client.query<{ table: string | null }>('SELECT to_regclass($1)::text AS table', [`${target.schema}.journal`]);
        if (found.rows[0]?.table == null) throw new JournalNotFoundError(`no journal at ${target.display}`);
      }
      // Quiet the NOTICEs of IF NOT EXISTS.
      await client.query('SET client_min_messages = warning');
      await client.query(schemaSql(target.schema));
      return new PostgresJournal(target, client);
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

  async append(entries: readonly JournalEntry[], meta?: MetaWrites): Promise<void> {
    if (entries.length === 0) return;
    checkBatchShape(entries);
    const first = entries[0] as JournalEntry;
    const metaRows = meta === undefined ? [] : Object.entries(meta);
    let inserted = 0;
    try {
      if (entries.length <= ROWS_PER_STATEMENT && metaRows.length === 0) {
        // One statement = one transaction, one round trip.
        inserted = await this.insertRows(entries, first.seq - 1);
      } else {
        await this.transaction(async () => {
          for (let from = 0; from < entries.length; from += ROWS_PER_STATEMENT) {
            const rows = entries.slice(from, from + ROWS_PER_STATEMENT);
            const count = await this.insertRows(rows, (rows[0] as JournalEntry).seq - 1);
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
      const last = await this.lastSeq();
      throw new JournalMovedError(`batch starts at seq ${first.seq} but the journal ends at ${last}`);
    }
  }

  /**
   * Inserts rows that must directly follow `afterSeq`; the WHERE makes the statement insert
   * nothing when the journal has moved on (another writer). Returns the rows inserted.
   * Multi-row VALUES with plain text parameters: faster than unnest over array literals, whose
   * JSON texts would need escaping on both sides.
   */
  private async insertRows(rows: readonly JournalEntry[], afterSeq: number): Promise<number> {
    const params: (string | number)[] = [afterSeq];
    const tuples: string[] = [];
    for (const row of rows) {
      const at = params.length;
      tuples.push(`($${at + 1}::bigint, $${at + 2}::text, $${at + 3}::text, $${at + 4}::text, $${at + 5}::bigint)`);
      params.push(row.seq, row.commandId, row.command, row.events, row.eventFormat ?? EVENT_FORMAT_V1);
    }
    const result = await this.client.query(
      `INSERT INTO ${this.table('journal')} (seq, command_id, command, events, event_format)
       SELECT v.seq, v.command_id, v.command, v.events, v.event_format
       FROM (VALUES ${tuples.join(', ')}) AS v(seq, command_id, command, events, event_format)
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
      `SELECT seq, command_id, command, events, event_format FROM ${this.table('journal')} WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return result.rows.map((row) => ({
      seq: toSeq(row.seq),
      commandId: row.command_id,
      command: row.command,
      events: row.events,
      eventFormat: eventFormatOf(row.event_format),
    }));
  }

  async saveSnapshot(snapshot: Snapshot): Promise<void> {
    await this.transaction(async () => {
      await this.client.query(
        `INSERT INTO ${this.table('snapshots')} (seq, hash, state) VALUES ($1, $2, $3)
         ON CONFLICT (seq) DO UPDATE SET hash = excluded.hash, state = excluded.state`,
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
    const result = await this.client.query<{ seq: string; hash: string; state: string }>(
      `SELECT seq, hash, state FROM ${this.table('snapshots')} ORDER BY seq DESC LIMIT 1`,
    );
    const row = result.rows[0];
    return row === undefined ? null : { seq: toSeq(row.seq), hash: row.hash, state: row.state };
  }

  async readMeta(key: string): Promise<string | null> {
    const result = await this.client.query<{ value: string }>(
      `SELECT value FROM ${this.table('meta')} WHERE key = $1`,
      [key],
    );
    return result.rows[0]?.value ?? null;
  }

  async writeMeta(key: string, value: string): Promise<void> {
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
