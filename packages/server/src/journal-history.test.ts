/**
 * GET /v1/accounts/{account}/history?source=journal (ADR 0027): points replayed from the journal,
 * each equal to what the risk API answered at its seq, at the account's own events and at each
 * grid step of engine time; the same points after a crash (SIGKILL) and restart, on a real
 * SQLite file and on PostgreSQL (MARGIN_TEST_PG_URL).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { accountHistorySchema, type AccountHistory } from '@margin/wire';
import { SEED_COMMANDS, startHarness, type Harness } from './testing/harness.js';
import { startChildServe, type ChildServe } from './testing/child-serve.js';

const PG_URL = process.env['MARGIN_TEST_PG_URL'] ?? '';

type Get = (path: string) => Promise<{ status: number; json: unknown }>;

/** The journal history once it has replayed at least to `seq` (polls: the replay runs in the background). */
async function caughtUp(get: Get, account: string, seq: number): Promise<AccountHistory> {
  for (let tries = 0; ; tries++) {
    const answer = await get(`/v1/accounts/${account}/history?source=journal`);
    assert.equal(answer.status, 200);
    const history = accountHistorySchema.parse(answer.json);
    if ((history.replayedToSeq ?? 0) >= seq) return history;
    if (tries > 600) assert.fail(`history stuck at seq ${history.replayedToSeq} of ${seq}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('per-account history from the journal', () => {
  let h: Harness;
  let get: Get;

  before(async () => {
    h = await startHarness();
    get = async (path) => {
      const a = await h.call('GET', path);
      return { status: a.status, json: a.json };
    };
  });
  after(async () => h.close());

  test('a point at each own event and grid step, equal to the risk API at that seq', async () => {
    const seeded = h.server.ctx.host.lastSeq;
    const first = await caughtUp(get, 'alice', seeded);
    assert.equal(first.source, 'journal');
    assert.equal(first.gridMs, 60_000);
    assert.equal(first.tracked, true);
    const risk0 = (await h.call('GET', '/v1/accounts/alice')).json['account'] as { equity: string; maintenanceMargin: string; marginRatio: string };
    const last0 = first.points.at(-1);
    // Her fill (the seed's last command but one; bob's fill is last) is the last command naming
    // her: the point there is the state the risk API shows now.
    assert.equal(last0?.seq, seeded - 1);
    assert.deepEqual([last0?.pool?.equity, last0?.pool?.maintenanceMargin, last0?.marginRatio], [risk0.equity, risk0.maintenanceMargin, risk0.marginRatio]);
    assert.equal(last0?.time, '2026-01-01T00:00:01.000Z');

    // 00:01:00 crosses a one-minute grid step: every account gets a point. At 25,130 her equity
    // is 115 against 100.52 maintenance (hand-worked in stream.test.ts).
    assert.equal((await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'jh-p1', symbol: 'BTCUSDT', markPrice: '25130', time: '2026-01-01T00:01:00Z' } })).status, 200);
    const second = await caughtUp(get, 'alice', seeded + 1);
    assert.equal(second.points.length, first.points.length + 1);
    const step = second.points.at(-1);
    assert.deepEqual([step?.seq, step?.time, step?.equity, step?.maintenanceMargin, step?.pool?.kind, step?.marginRatio], [seeded + 1, '2026-01-01T00:01:00.000Z', '115', '100.52', 'cross', '0.8740869566']);
    const bob = await caughtUp(get, 'bob', seeded + 1);
    assert.equal(bob.points.at(-1)?.seq, seeded + 1);

    // A price inside the same minute that keeps her margin-call level names no account and crosses no step: no point.
    assert.equal((await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'jh-p2', symbol: 'BTCUSDT', markPrice: '25140', time: '2026-01-01T00:01:30Z' } })).status, 200);
    const third = await caughtUp(get, 'alice', seeded + 2);
    assert.equal(third.points.length, second.points.length);
    // Her own command (a deposit) makes a point, exact at that seq: the risk API's figures now.
    assert.equal((await h.call('POST', '/v1/commands', { body: { type: 'deposit', id: 'jh-d1', account: 'alice', asset: 'USDT', amount: '100' } })).status, 200);
    const fourth = await caughtUp(get, 'alice', seeded + 3);
    const risk3 = (await h.call('GET', '/v1/accounts/alice')).json['account'] as { equity: string; maintenanceMargin: string; marginRatio: string };
    const own = fourth.points.at(-1);
    assert.deepEqual([own?.seq, own?.time, own?.pool?.equity, own?.pool?.maintenanceMargin, own?.marginRatio], [seeded + 3, '2026-01-01T00:01:30.000Z', risk3.equity, risk3.maintenanceMargin, risk3.marginRatio]);
    assert.equal(Number(own?.equity), 115 + 10 + 100, 'equity: 115 at 25,130, +10 from the move to 25,140 (1 BTC long), +100 deposited');

    const limited = accountHistorySchema.parse((await h.call('GET', '/v1/accounts/alice/history?source=journal&limit=1')).json);
    assert.deepEqual(limited.points, [own]);
    assert.equal((await h.call('GET', '/v1/accounts/alice/history?source=ledger')).status, 400);
    // The default stays the board's sampled history.
    assert.equal(accountHistorySchema.parse((await h.call('GET', '/v1/accounts/alice/history')).json).source, 'board');
  });
});

async function restartKeepsHistory(db: string): Promise<void> {
  let serve: ChildServe | null = await startChildServe(['--db', db]);
  try {
    const admin = serve.printedKey;
    assert.ok(admin !== null, serve.output());
    const getFrom = (s: ChildServe): Get => async (path) => {
      const response = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${admin}` } });
      return { status: response.status, json: await response.json() };
    };
    const post = async (body: unknown): Promise<void> => {
      const response = await fetch(`${serve!.url}/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.equal(response.status, 200);
    };
    await post({ commands: SEED_COMMANDS });
    // Ten minutes of prices, one every 20 s, and a deposit in between: grid steps and own events.
    const prices = Array.from({ length: 30 }, (_, i) => ({ type: 'price', id: `rs-p${i}`, symbol: 'BTCUSDT', markPrice: String(30_000 - 150 * i), time: new Date(Date.parse('2026-01-01T00:00:20Z') + 20_000 * i).toISOString() }));
    await post({ commands: [...prices.slice(0, 15), { type: 'deposit', id: 'rs-d1', account: 'alice', asset: 'USDT', amount: '250' }, ...prices.slice(15)] });
    const lastSeq = SEED_COMMANDS.length + 31;
    const before = await caughtUp(getFrom(serve), 'alice', lastSeq);
    const beforeBob = await caughtUp(getFrom(serve), 'bob', lastSeq);
    assert.ok(before.points.length >= 12, `grid steps and own events give points: ${before.points.length}`);
    const risk = (await getFrom(serve)('/v1/accounts/alice')).json as { account: { equity: string } };
    assert.equal(before.points.at(-1)?.pool?.equity, risk.account.equity, 'the last point is a grid step at the last price: the state now');

    await serve.kill();
    serve = await startChildServe(['--db', db]);
    const after = await caughtUp(getFrom(serve), 'alice', lastSeq);
    assert.deepEqual(after.points, before.points);
    assert.deepEqual((await caughtUp(getFrom(serve), 'bob', lastSeq)).points, beforeBob.points);

    // A graceful stop (snapshot written on close) then start: the replay still starts at seq 1.
    await serve.stop();
    serve = await startChildServe(['--db', db]);
    assert.deepEqual((await caughtUp(getFrom(serve), 'alice', lastSeq)).points, before.points);
  } finally {
    await serve?.kill();
  }
}

describe('journal history survives a restart', { timeout: 240_000 }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'margin-jh-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('SQLite: the same points after SIGKILL and after a graceful restart', async () => {
    await restartKeepsHistory(join(dir, 'margin.sqlite'));
  });

  test('PostgreSQL: the same points after SIGKILL and after a graceful restart', { skip: PG_URL === '' ? 'MARGIN_TEST_PG_URL is not set: no PostgreSQL server' : false }, async () => {
    const schema = `jh_${randomBytes(6).toString('hex')}`;
    const url = new URL(PG_URL);
    url.searchParams.set('schema', schema);
    try {
      await restartKeepsHistory(url.toString());
    } finally {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    }
  });
});
