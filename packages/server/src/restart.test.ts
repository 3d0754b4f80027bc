/**
 * Nothing acknowledged is lost: `margin serve` in a child process over a real SQLite file takes
 * commands from concurrent requests, is killed with SIGKILL, and restarts from the journal with
 * every acknowledged command and every key; a graceful stop and start keeps them too.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SEED_COMMANDS } from './testing/harness.js';
import { startChildServe, type ChildServe } from './testing/child-serve.js';

async function post(url: string, key: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function get(url: string, key: string, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  assert.equal(response.status, 200, path);
  return (await response.json()) as Record<string, unknown>;
}

describe('restart of margin serve', { timeout: 180_000 }, () => {
  let dir: string;
  let db: string;
  let serve: ChildServe | null = null;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'margin-restart-'));
    db = join(dir, 'margin.sqlite');
  });
  after(async () => {
    await serve?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every acknowledged command survives SIGKILL and a graceful restart', async () => {
    serve = await startChildServe(['--db', db]);
    const admin = serve.printedKey;
    assert.ok(admin !== null, `first start prints an admin key:\n${serve.output()}`);
    assert.equal((await post(serve.url, admin, { commands: SEED_COMMANDS })).status, 200);
    const accountKey = await fetch(`${serve.url}/v1/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'account', account: 'acct-1' }),
    }).then(async (r) => ((await r.json()) as { key: string }).key);

    // 40 concurrent requests of 25 deposits each: group commits interleave.
    const acknowledged: Record<string, unknown>[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async (_, r) => {
        const commands = Array.from({ length: 25 }, (_, i) => ({ type: 'deposit', id: `dep-${r}-${i}`, account: `acct-${i % 7}`, asset: 'USDT', amount: `${r + 1}.${i}` }));
        const answer = await post(serve!.url, admin, { commands });
        assert.equal(answer.status, 200);
        for (const [i, result] of (answer.json['results'] as { id: string; status: string }[]).entries()) {
          assert.equal(result.status, 'accepted');
          assert.equal(result.id, commands[i]?.id);
          acknowledged.push(commands[i] as Record<string, unknown>);
        }
      }),
    );
    const before = await Promise.all(['alice', 'bob', 'acct-1', 'acct-6'].map((a) => get(serve!.url, admin, `/v1/accounts/${a}`)));
    const lastSeq = ((await get(serve.url, admin, '/v1/overview'))['lastSeq'] as number);

    await serve.kill();
    serve = await startChildServe(['--db', db]);
    assert.equal(serve.printedKey, null, 'keys persisted: no new admin key on restart');
    assert.match(serve.output(), new RegExp(`recovered seq ${lastSeq} `));
    const afterKill = await Promise.all(['alice', 'bob', 'acct-1', 'acct-6'].map((a) => get(serve!.url, admin, `/v1/accounts/${a}`)));
    assert.deepEqual(afterKill, before);
    assert.equal((await get(serve.url, accountKey, '/v1/accounts/acct-1'))['profile'], 'generic');
    // Re-sending every acknowledged command applies none of them twice (the same commands: a
    // different command under a used id is `id_reused`, tested in hardening.test.ts).
    for (let i = 0; i < acknowledged.length; i += 500) {
      const answer = await post(serve.url, admin, { commands: acknowledged.slice(i, i + 500) });
      for (const result of answer.json['results'] as { status: string }[]) assert.equal(result.status, 'duplicate');
    }

    await serve.stop();
    assert.match(serve.output(), /stopped at seq \d+/);
    serve = await startChildServe(['--db', db]);
    assert.match(serve.output(), /\(snapshot (\d+) \+ 0 replayed\)/, 'a graceful stop leaves a snapshot of the final state');
    const afterStop = await Promise.all(['alice', 'bob', 'acct-1', 'acct-6'].map((a) => get(serve!.url, admin, `/v1/accounts/${a}`)));
    assert.deepEqual(afterStop, before);
  });
});
