/**
 * PUT /v1/demo/market: `margin serve --demo` in a child process pauses its market (no command is
 * journaled while paused, and the risk board has reached the final seq when the pause is answered)
 * and resumes it; admin only; 404 without --demo; a bad body names the field.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { demoMarketSchema } from '@margin/wire';
import { startHarness, type Harness } from './testing/harness.js';
import { startChildServe, type ChildServe } from './testing/child-serve.js';

describe('demo market switch', { timeout: 180_000 }, () => {
  let dir: string;
  let serve: ChildServe;
  let h: Harness;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'margin-demo-market-'));
    serve = await startChildServe(['--demo', '--demo-accounts', '200', '--db', join(dir, 'demo.sqlite')]);
    h = await startHarness();
  });
  after(async () => {
    await serve?.kill();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, key: string | null, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const response = await fetch(`${serve.url}${path}`, {
      method,
      headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  test('a pause holds the journal still until resumed; the board has reached it when answered', async () => {
    const admin = serve.printedKey ?? assert.fail(serve.output());
    assert.deepEqual((await call('GET', '/v1/demo/market', admin)).json['paused'], false);
    const paused = demoMarketSchema.parse((await call('PUT', '/v1/demo/market', admin, { paused: true })).json);
    assert.equal(paused.paused, true);
    const board = await call('GET', '/v1/risk/distribution', admin);
    assert.equal(board.json['asOfSeq'], paused.seq, 'the risk board reached the last tick before the answer');
    // Three ticks' time (500 ms each): nothing journaled.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    assert.equal(demoMarketSchema.parse((await call('GET', '/v1/demo/market', admin)).json).seq, paused.seq);
    assert.equal(demoMarketSchema.parse((await call('PUT', '/v1/demo/market', admin, { paused: true })).json).seq, paused.seq, 'a repeat changes nothing');
    assert.equal(demoMarketSchema.parse((await call('PUT', '/v1/demo/market', admin, { paused: false })).json).paused, false);
    for (let tries = 0; ; tries++) {
      const now = demoMarketSchema.parse((await call('GET', '/v1/demo/market', admin)).json);
      if (now.seq > paused.seq) break;
      if (tries > 200) assert.fail('the market did not resume');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  test('auth and input: admin only; a bad body names the field; 404 without --demo', async () => {
    const admin = serve.printedKey ?? '';
    assert.equal((await call('PUT', '/v1/demo/market', null, { paused: true })).status, 401);
    const venue = (await call('POST', '/v1/keys', admin, { role: 'venue' })).json['key'] as string;
    assert.equal((await call('PUT', '/v1/demo/market', venue, { paused: true })).status, 403);
    assert.equal((await call('GET', '/v1/demo/market', venue)).status, 200);
    const bad = await call('PUT', '/v1/demo/market', admin, { paused: 'yes' });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.json['errors']), /paused/);
    assert.equal((await h.call('PUT', '/v1/demo/market', { body: { paused: true } })).status, 404);
    assert.equal((await h.call('GET', '/v1/demo/market')).status, 404);
  });
});
