/**
 * The journal contract on a real PostgreSQL server, named by MARGIN_TEST_PG_URL (.ci/run installs
 * and starts one and sets it). Without it the suite is skipped with a reason on a developer
 * machine, and fails in CI (CI=true), so a missing server can never pass unnoticed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PostgresJournal, parsePostgresUrl } from './postgres-journal.js';
import { JournalNotFoundError } from './journal.js';
import { CHAIN_GENESIS, entryHash } from './chain.js';
import { describeJournalContract } from './testing/journal-contract.js';
import { postgresTestUrl, withSchema } from './testing/postgres-env.js';

const baseUrl = postgresTestUrl();

if (baseUrl !== null) {
  describeJournalContract('PostgreSQL journal', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const url = withSchema(baseUrl, schema);
    return {
      open: () => PostgresJournal.open(url),
      dispose: async () => {
        const client = new pg.Client({ connectionString: parsePostgresUrl(baseUrl).connectionString });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      },
    };
  });

  describe('PostgreSQL journal columns', () => {
    it('a journal created before entries carried an event format gets the column; its entries read as format 1', async () => {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: parsePostgresUrl(baseUrl).connectionString });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema};
          CREATE TABLE ${schema}.journal (seq BIGINT PRIMARY KEY, command_id TEXT NOT NULL UNIQUE, command TEXT NOT NULL, events TEXT NOT NULL);
          INSERT INTO ${schema}.journal VALUES (1, 'old', '{"id":"old"}', '[]')`);
        const journal = await PostgresJournal.open(withSchema(baseUrl, schema));
        await journal.append([{ seq: 2, commandId: 'new', command: '{"id":"new"}', events: '[]', eventFormat: 1 }]);
        const read = await journal.readAfter(0, 10);
        await journal.close();
        // The old entry has no chain hash; the first new one chains from the genesis.
        const fresh = { seq: 2, commandId: 'new', command: '{"id":"new"}', events: '[]', eventFormat: 1 };
        assert.deepEqual(read, [
          { seq: 1, commandId: 'old', command: '{"id":"old"}', events: '[]', eventFormat: 1, hash: null },
          { ...fresh, hash: entryHash(CHAIN_GENESIS, fresh) },
        ]);
      } finally {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    });

    it('stores no number as a float: seqs are bigint, texts are text', async () => {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const journal = await PostgresJournal.open(withSchema(baseUrl, schema));
      const client = new pg.Client({ connectionString: parsePostgresUrl(baseUrl).connectionString });
      await client.connect();
      try {
        const result = await client.query<{ table_name: string; column_name: string; data_type: string }>(
          `SELECT table_name, column_name, data_type FROM information_schema.columns
           WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
          [schema],
        );
        const types = new Set(result.rows.map((row) => row.data_type));
        assert.deepEqual([...types].sort(), ['bigint', 'text']);
        assert.equal(result.rows.length, 12);
      } finally {
        await journal.close();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    });
  });
}

if (baseUrl !== null) {
  describe('PostgreSQL journal opened read-only', () => {
    it('reads an old journal without adding columns, and refuses every write', async () => {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const client = new pg.Client({ connectionString: parsePostgresUrl(baseUrl).connectionString });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA ${schema};
          CREATE TABLE ${schema}.journal (seq BIGINT PRIMARY KEY, command_id TEXT NOT NULL UNIQUE, command TEXT NOT NULL, events TEXT NOT NULL, event_format BIGINT);
          CREATE TABLE ${schema}.snapshots (seq BIGINT PRIMARY KEY, hash TEXT NOT NULL, state TEXT NOT NULL);
          CREATE TABLE ${schema}.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
          INSERT INTO ${schema}.journal VALUES (1, 'old', '{"id":"old"}', '[]', NULL)`);
        const columns = async (): Promise<number> =>
          Number((await client.query<{ n: string }>('SELECT count(*)::text AS n FROM information_schema.columns WHERE table_schema = $1', [schema])).rows[0]?.n);
        const before = await columns();
        const journal = await PostgresJournal.open(withSchema(baseUrl, schema), { readOnly: true });
        try {
          assert.deepEqual(await journal.readAfter(0, 5), [{ seq: 1, commandId: 'old', command: '{"id":"old"}', events: '[]', eventFormat: 1, hash: null }]);
          assert.equal(await journal.loadLatestSnapshot(), null);
          await assert.rejects(journal.append([{ seq: 2, commandId: 'new', command: '{}', events: '[]' }]), /is open read-only/);
          await assert.rejects(journal.writeMeta('k', 'v'), /is open read-only/);
          await assert.rejects(journal.saveSnapshot({ seq: 1, hash: 'h', state: '{}' }), /is open read-only/);
        } finally {
          await journal.close();
        }
        assert.equal(await columns(), before, 'no column was added');
      } finally {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    });
  });

  describe('PostgreSQL journal that must exist', () => {
    it('is refused when its tables are missing, and nothing is created', async () => {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      const url = withSchema(baseUrl, schema);
      await assert.rejects(PostgresJournal.open(url, { create: false }), (error: unknown) => error instanceof JournalNotFoundError && /no journal at postgres:\/\/.*schema=test_/.test(error.message));
      const client = new pg.Client({ connectionString: parsePostgresUrl(baseUrl).connectionString });
      await client.connect();
      try {
        const found = await client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]);
        assert.equal(found.rowCount, 0);
      } finally {
        await client.end();
      }
      const created = await PostgresJournal.open(url);
      await created.close();
      const existing = await PostgresJournal.open(url, { create: false });
      assert.equal(await existing.lastSeq(), 0);
      await existing.close();
      await PostgresJournal.dropSchema(url);
    });
  });
}

describe('PostgreSQL URLs', () => {
  it('takes the schema out of the URL and masks the password for messages', () => {
    const target = parsePostgresUrl('postgres://margin:secret@127.0.0.1:5432/db?schema=run_1&sslmode=disable');
    assert.equal(target.schema, 'run_1');
    assert.equal(target.connectionString, 'postgres://margin:secret@127.0.0.1:5432/db?sslmode=disable');
    assert.equal(target.display, 'postgres://margin:***@127.0.0.1:5432/db?schema=run_1&sslmode=disable');
    assert.equal(parsePostgresUrl('postgresql://h/db').schema, 'public');
  });

  it('refuses a schema name that is not a plain identifier', () => {
    assert.throws(() => parsePostgresUrl('postgres://h/db?schema=x;drop'), /schema must match/);
  });
});
