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
  JournalConflictError,
  SNAPSHOTS_KEPT,
  checkBatchShape,
  toSeq,
  type Journal,
  type JournalEntry,
  type Snapshot,
} from './journal.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const UNIQUE_VIOLATION = '23505';

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
  parsed.searchParams.delete('schema');
  const connectionString = parsed.toString();
  if (parsed.password !== '') parsed.password = '***';
  return { connectionString, schema, display: parsed.toString() };
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

  static async open(url: string): Promise<PostgresJournal> {
    const target = parsePostgresUrl(url);
    const client = new pg.Client({ connectionString: target.connectionString });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`cannot connect to ${target.display}: ${(error as Error).message}`, { cause: error });
    }
    try {
      // Quiet the NOTICEs of IF NOT EXISTS.
      await client.query('SET client_min_messages = warning');
      await client.query(schemaSql(target.schema));
      return new PostgresJournal(target, client);
    } catch (error) {
      await client.end();
      throw error;
    }
  }

  async append(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    checkBatchShape(entries);
    const first = entries[0] as JournalEntry;
    const columns = { seq: [] as number[], id: [] as string[], command: [] as string[], events: [] as string[] };
    for (const e of entries) {
      columns.seq.push(e.seq);
      columns.id.push(e.commandId);
      columns.command.push(e.command);
      columns.events.push(e.events);
    }
    // One statement = one transaction; the WHERE makes it all-or-nothing on a stale last seq.
    const sql = `
      INSERT INTO ${this.table('journal')} (seq, command_id, command, events)
      SELECT b.seq, b.command_id, b.command, b.events
      FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) AS b(seq, command_id, command, events)
      WHERE (SELECT coalesce(max(seq), 0) FROM ${this.table('journal')}) = $5::bigint`;
    let inserted: number | null;
    try {
      const result = await this.client.query(sql, [columns.seq, columns.id, columns.command, columns.events, first.seq - 1]);
      inserted = result.rowCount;
    } catch (error) {
      if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) {
        throw new JournalConflictError(`batch repeats a journaled command id or seq (${(error as Error).message})`);
      }
      throw error;
    }
    if (inserted !== entries.length) {
      const last = await this.lastSeq();
      throw new JournalConflictError(`batch starts at seq ${first.seq} but the journal ends at ${last}`);
    }
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
      `SELECT seq, command_id, command, events FROM ${this.table('journal')} WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [afterSeq, limit],
    );
    return result.rows.map((row) => ({
      seq: toSeq(row.seq),
      commandId: row.command_id,
      command: row.command,
      events: row.events,
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
