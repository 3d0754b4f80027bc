/**
 * `margin serve --db postgres://...` on a real PostgreSQL server (MARGIN_TEST_PG_URL, set by
 * .ci/run): commands are acknowledged, survive SIGKILL, and keys persist. Skipped with a reason
 * when no server is configured on a developer machine; a failure in CI (CI=true).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { SEED_COMMANDS } from './testing/harness.js';
import { startChildServe, type ChildServe } from './testing/child-serve.js';

const BASE_URL = process.env['MARGIN_TEST_PG_URL'] ?? '';

if (BASE_URL === '' && process.env['CI'] === 'true') {
  test('PostgreSQL server for the server tests', () => assert.fail('MARGIN_TEST_PG_URL is not set in CI: .ci/run must start PostgreSQL'));
}

describe('margin serve on PostgreSQL', { timeout: 120_000, skip: BASE_URL === '' ? 'MARGIN_TEST_PG_URL is not set: no PostgreSQL server (.ci/run starts one)' : false }, () => {
  const schema = `serve_${randomBytes(6).toString('hex')}`;
  let serve: ChildServe | null = null;

  after(async () => {
    await serve?.kill();
    const client = new pg.Client({ connectionString: BASE_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  });

  test('acknowledged commands and keys survive SIGKILL', async () => {
    const url = new URL(BASE_URL);
    url.searchParams.set('schema', schema);
    serve = await startChildServe(['--db', url.toString()]);
    assert.match(serve.output(), /journal postgres /);
    const admin = serve.printedKey;
    assert.ok(admin !== null);
    const post = await fetch(`${serve.url}/v1/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ commands: SEED_COMMANDS }),
    });
    assert.equal(post.status, 200);
    const read = async (s: ChildServe) => (await fetch(`${s.url}/v1/accounts/alice`, { headers: { authorization: `Bearer ${admin}` } })).json();
    const before = await read(serve);
    await serve.kill();
    serve = await startChildServe(['--db', url.toString()]);
    assert.equal(serve.printedKey, null);
    assert.deepEqual(await read(serve), before);
  });
});
