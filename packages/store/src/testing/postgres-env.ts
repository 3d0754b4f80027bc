/**
 * Fault hands for tests (SQL run behind a journal's back) and the PostgreSQL server for tests: MARGIN_TEST_PG_URL, set by .ci/run. Absent on a developer
 * machine, the PostgreSQL suites are skipped with a visible reason; absent in CI (CI=true), a
 * failing test says so, because a skipped suite must never pass for a tested one there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parsePostgresUrl } from '../postgres-journal.js';

export const PG_URL_VARIABLE = 'MARGIN_TEST_PG_URL';

/** The server's URL, or null after registering the skip (or, in CI, the failure). */
export function postgresTestUrl(): string | null {
  const url = process.env[PG_URL_VARIABLE];
  if (url !== undefined && url !== '') return url;
  if (process.env['CI'] === 'true') {
    test('PostgreSQL server for the tests', () => {
      assert.fail(`${PG_URL_VARIABLE} is not set in CI: .ci/run must install and start PostgreSQL`);
    });
  } else {
    test('PostgreSQL tests', { skip: `${PG_URL_VARIABLE} is not set: no PostgreSQL server (.ci/run starts one)` }, () => {});
  }
  return null;
}

/** The same server URL with our `schema` parameter set. */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

/**
 * Runs SQL on the schema a journal URL names, from a connection of its own: the hand of a fault
 * a test injects (a trigger that refuses inserts, rows deleted behind the journal's back).
 */
export async function runPostgresSql(url: string, sql: string): Promise<void> {
  const target = parsePostgresUrl(url);
  const client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  try {
    await client.query(`SET search_path = ${target.schema}`);
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs SQL on a SQLite journal file from a connection of its own (see `runPostgresSql`). */
export function runSqliteSql(path: string, sql: string): void {
  const db = new Database(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

/** SQL making every journal insert fail, as a full disk or a read-only file would, per adapter. */
export const REFUSE_INSERTS_SQL = {
  sqlite: "CREATE TRIGGER refuse BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'database or disk is full (injected)'); END;",
  postgres: `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device (injected)'; END $$;
    CREATE TRIGGER refuse BEFORE INSERT ON journal FOR EACH ROW EXECUTE FUNCTION refuse();`,
} as const;
