/**
 * The gateway over 2 partition workers on a real nats-server: good commands are answered after the
 * owning partition's commit and read back from it; bad input gets the same problem+json as
 * `margin serve` (same status, detail and field errors) and nothing of the request is applied.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer, type MarginServer } from '@margin/server';
import { openJournal } from '@margin/store';
import { BTCUSDT_LINEAR_1TIER as INSTRUMENT } from '@margin/testkit';
import { createGateway, type MarginGateway } from './gateway.js';
import { partitionOf } from './partition-map.js';
import { PartitionWorker } from './worker.js';
import { skipWithoutNats, startFixture, type Fixture } from './testing/cluster-fixture.js';

const PARTITIONS = 2;

const BAD_BODIES: unknown[] = [
  { type: 'deposit', id: 'd-bad-1', account: 'alice', asset: 'USDT', amount: 5 },
  { type: 'deposit', id: 'd-bad-2', account: 'alice', asset: 'USDT', amount: '-5' },
  { type: 'teleport', id: 'x' },
  { commands: [{ type: 'deposit', id: 'd-ok-in-bad-batch', account: 'bob', asset: 'USDT', amount: '10' }, { type: 'fill', id: 'f-bad', account: 'bob' }] },
  { commands: [] },
  { type: 'deposit', id: 'd-bad-3', account: 'alice', asset: 'USDT', amount: '1', extra: true },
];

describe('margin gateway', { skip: skipWithoutNats }, () => {
  let fixture: Fixture;
  let gateway: MarginGateway;
  let server: MarginServer;
  const workers: PartitionWorker[] = [];
  let gatewayKey: string;
  let serverKey: string;
  before(async () => {
    fixture = await startFixture();
    for (let p = 0; p < PARTITIONS; p++) workers.push(await PartitionWorker.start({ natsUrl: fixture.nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(join(fixture.dir, `p${p}.sqlite`)) }));
    gateway = await createGateway({ natsUrl: fixture.nats.url, partitions: PARTITIONS, keysJournal: await openJournal(join(fixture.dir, 'gateway.sqlite')) });
    gatewayKey = (await gateway.keys.create({ role: 'admin', label: 'test' })).key;
    server = await createServer({ journal: await openJournal(join(fixture.dir, 'serve.sqlite')), webRoot: null });
    serverKey = (await server.ctx.keys.create({ role: 'admin', label: 'test' })).key;
  });
  after(async () => {
    await gateway?.close();
    await server?.close();
    for (const worker of workers) await worker.stop();
    await fixture?.cleanup();
  });

  const post = (target: 'gateway' | 'serve', body: unknown) =>
    (target === 'gateway' ? gateway.app : server.app).inject({
      method: 'POST',
      url: '/v1/commands',
      headers: { authorization: `Bearer ${target === 'gateway' ? gatewayKey : serverKey}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });

  it('answers after the owning partition committed, and reads the account back from it', async () => {
    const setup = [{ type: 'instrument', id: 'i1', instrument: INSTRUMENT }, { type: 'price', id: 'p1', symbol: 'BTCUSDT', markPrice: '30000', time: '2026-01-01T00:00:00Z' }];
    const shared = await post('gateway', { commands: setup });
    assert.equal(shared.statusCode, 200, shared.body);
    const deposit = await post('gateway', { type: 'deposit', id: 'd1', account: 'alice', asset: 'USDT', amount: '1000' });
    assert.equal(deposit.statusCode, 200, deposit.body);
    const result = (deposit.json() as { results: { status: string; partition: number; seq: number }[] }).results[0];
    assert.equal(result?.status, 'accepted');
    assert.equal(result?.partition, partitionOf('alice', PARTITIONS));
    const owner = workers[partitionOf('alice', PARTITIONS)] as PartitionWorker;
    assert.equal(owner.host.lastSeq, result?.seq, 'committed in the owning partition before the answer');
    const again = await post('gateway', { type: 'deposit', id: 'd1', account: 'alice', asset: 'USDT', amount: '1000' });
    assert.equal((again.json() as { results: { status: string; seq: number }[] }).results[0]?.status, 'duplicate');
    const risk = await gateway.app.inject({ method: 'GET', url: '/v1/accounts/alice/risk', headers: { authorization: `Bearer ${gatewayKey}` } });
    assert.equal(risk.statusCode, 200, risk.body);
    assert.equal((risk.json() as { account: { walletBalance: string } }).account.walletBalance, '1000');
    const missing = await gateway.app.inject({ method: 'GET', url: '/v1/accounts/nobody/risk', headers: { authorization: `Bearer ${gatewayKey}` } });
    assert.equal(missing.statusCode, 404);
    const health = await gateway.app.inject({ method: 'GET', url: '/v1/health' });
    assert.equal((health.json() as { status: string; partitions: unknown[] }).partitions.length, PARTITIONS);
  });

  it('serves the account list, account reads, what-if and key management as margin serve does', async () => {
    const setup = [
      { type: 'instrument', id: 'v-i1', instrument: INSTRUMENT },
      { type: 'price', id: 'v-p1', symbol: 'BTCUSDT', markPrice: '30000', time: '2026-01-01T00:00:00Z' },
      { type: 'deposit', id: 'v-d1', account: 'carol', asset: 'USDT', amount: '5000' },
      { type: 'deposit', id: 'v-d2', account: 'dave', asset: 'USDT', amount: '5000' },
      { type: 'fill', id: 'v-f1', account: 'carol', symbol: 'BTCUSDT', side: 'buy', size: '0.5', price: '30000', fee: '0', time: '2026-01-01T00:00:01Z' },
      { type: 'fill', id: 'v-f2', account: 'dave', symbol: 'BTCUSDT', side: 'sell', size: '0.5', price: '30000', fee: '0', time: '2026-01-01T00:00:01Z' },
    ];
    for (const target of ['gateway', 'serve'] as const) assert.equal((await post(target, { commands: setup })).statusCode, 200);
    const get = (target: 'gateway' | 'serve', url: string, key?: string) =>
      (target === 'gateway' ? gateway.app : server.app).inject({ method: 'GET', url, headers: { authorization: `Bearer ${key ?? (target === 'gateway' ? gatewayKey : serverKey)}` } });
    const whatIf = (target: 'gateway' | 'serve', account: string, body: unknown) =>
      (target === 'gateway' ? gateway.app : server.app).inject({ method: 'POST', url: `/v1/accounts/${account}/what-if`, headers: { authorization: `Bearer ${target === 'gateway' ? gatewayKey : serverKey}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    // The same account, read from its partition, and the server's answer for it.
    for (const url of ['/v1/accounts/carol', '/v1/accounts/dave/positions', '/v1/accounts/nobody', '/v1/accounts/carol?asset=NOPE']) {
      const [g, s] = [await get('gateway', url), await get('serve', url)];
      assert.equal(g.statusCode, s.statusCode, url);
      assert.deepEqual(g.json(), s.statusCode === 200 ? s.json() : { ...(g.json() as object), detail: (s.json() as { detail: string }).detail }, url);
    }
    for (const body of [{ order: { symbol: 'BTCUSDT', side: 'buy', size: '0.5', price: '30000' } }, { prices: { BTCUSDT: '25000' } }, { order: { symbol: 'BTCUSDT', side: 'up' } }, { prices: 'no' }]) {
      const [g, s] = [await whatIf('gateway', 'carol', body), await whatIf('serve', 'carol', body)];
      assert.equal(g.statusCode, s.statusCode, JSON.stringify(body));
      // The hypothetical commands carry random ids (what-if:<type>:<uuid>): compared without them.
      const unrandom = (text: string): unknown => JSON.parse(text.replace(/what-if:([A-Za-z]+):[0-9a-f-]{36}/g, 'what-if:$1:*'));
      if (s.statusCode === 200) assert.deepEqual(unrandom(g.body), unrandom(s.body));
      else assert.deepEqual((g.json() as { errors: unknown }).errors, (s.json() as { errors: unknown }).errors);
    }
    // Every partition's accounts, merged in id order and paged like margin serve.
    const list = (await get('gateway', '/v1/accounts')).json() as { accounts: string[]; total: number };
    assert.deepEqual(list.accounts, ['alice', 'carol', 'dave']);
    assert.ok(new Set(list.accounts.map((id) => partitionOf(id, PARTITIONS))).size === PARTITIONS, 'the accounts live in every partition');
    assert.deepEqual((await get('gateway', '/v1/accounts?limit=1&after=alice')).json(), { accounts: ['carol'], total: 3, next: 'carol' });
    // Keys: created by an admin, an account key reads only its account and may not list.
    const created = await gateway.app.inject({ method: 'POST', url: '/v1/keys', headers: { authorization: `Bearer ${gatewayKey}`, 'content-type': 'application/json' }, payload: JSON.stringify({ role: 'account', account: 'carol' }) });
    assert.equal(created.statusCode, 201, created.body);
    const accountKey = (created.json() as { key: string }).key;
    assert.deepEqual({ ...((await get('gateway', '/v1/me', accountKey)).json() as object), keyId: undefined }, { keyId: undefined, role: 'account', account: 'carol' });
    assert.equal((await get('gateway', '/v1/accounts/carol', accountKey)).statusCode, 200);
    assert.equal((await get('gateway', '/v1/accounts/dave', accountKey)).statusCode, 404);
    assert.equal((await get('gateway', '/v1/accounts', accountKey)).statusCode, 403);
    const badKey = await gateway.app.inject({ method: 'POST', url: '/v1/keys', headers: { authorization: `Bearer ${gatewayKey}`, 'content-type': 'application/json' }, payload: JSON.stringify({ role: 'root' }) });
    assert.equal(badKey.statusCode, 400);
    // The cluster views: the merged ADL queue and the insurance funds per partition.
    const adl = (await get('gateway', '/v1/cluster/adl/BTCUSDT')).json() as { queue: { account: string }[] };
    assert.deepEqual(adl.queue.map((row) => row.account).sort(), ['carol', 'dave']);
    assert.equal(((await get('gateway', '/v1/cluster/insurance')).json() as { partitions: unknown[] }).partitions.length, PARTITIONS);
  });

  it('refuses bad input with the problem+json of margin serve and applies nothing', async () => {
    const before = workers.map((worker) => worker.host.lastSeq);
    for (const body of BAD_BODIES) {
      const [viaGateway, viaServe] = [await post('gateway', body), await post('serve', body)];
      assert.equal(viaGateway.statusCode, viaServe.statusCode, JSON.stringify(body));
      assert.equal(viaGateway.headers['content-type'], viaServe.headers['content-type']);
      const [g, s] = [viaGateway.json() as Record<string, unknown>, viaServe.json() as Record<string, unknown>];
      assert.equal(viaGateway.statusCode, 400);
      assert.deepEqual({ detail: g['detail'], errors: g['errors'], type: g['type'], title: g['title'] }, { detail: s['detail'], errors: s['errors'], type: s['type'], title: s['title'] });
    }
    const unauthenticated = await gateway.app.inject({ method: 'POST', url: '/v1/commands', headers: { 'content-type': 'application/json' }, payload: '{}' });
    assert.equal(unauthenticated.statusCode, 401);
    // Nothing was published: a later good command lands right after the earlier ones.
    const probe = await post('gateway', { type: 'deposit', id: 'probe', account: 'bob', asset: 'USDT', amount: '1' });
    const owner = partitionOf('bob', PARTITIONS);
    assert.equal((probe.json() as { results: { seq: number }[] }).results[0]?.seq, (before[owner] as number) + 1);
    workers.forEach((worker, p) => assert.equal(worker.host.lastSeq, (before[p] as number) + (p === owner ? 1 : 0)));
  });

  it('limits requests per key as margin serve does (429 problem+json)', async () => {
    const limited = { gateway: (await gateway.keys.create({ role: 'venue', label: 'limited', rateLimitPerMinute: 2 })).key, serve: (await server.ctx.keys.create({ role: 'venue', label: 'limited', rateLimitPerMinute: 2 })).key };
    for (const target of ['gateway', 'serve'] as const) {
      const app = target === 'gateway' ? gateway.app : server.app;
      const statuses: number[] = [];
      let last: { statusCode: number; headers: Record<string, unknown>; json: () => unknown } | null = null;
      for (let i = 0; i < 3; i++) {
        last = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${limited[target]}` } });
        statuses.push(last.statusCode);
      }
      assert.deepEqual(statuses, [200, 200, 429], target);
      assert.equal(last?.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.match((last?.json() as { detail: string }).detail, /rate limit of 2 requests per 1 minute reached for this key/);
    }
  });
});
