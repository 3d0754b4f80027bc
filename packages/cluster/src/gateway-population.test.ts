/**
 * The gateway's population and market views against `margin serve` for the same seeded command
 * stream (fills, prices, funding, liquidations, insurance deposits): 3 partitions on a real
 * nats-server behind `margin gateway`, one process behind `margin serve`. The risk board's views
 * (overview, accounts at risk in every sort and filter, distribution, holders, exposure), the ADL
 * queues and the market views answer the same; only the fields that name a sequence or a time
 * differ (a cluster has one journal per partition: docs/scale-out.md, "Gateway").
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatUnits, parseUnits } from '@margin/core';
import { createServer, type MarginServer } from '@margin/server';
import { generateCommandLines } from '@margin/sim';
import { openJournal } from '@margin/store';
import { ClusterClient } from './cluster-client.js';
import { createGateway, type MarginGateway } from './gateway.js';
import { PartitionWorker } from './worker.js';
import { skipWithoutNats, startFixture, type Fixture } from './testing/cluster-fixture.js';
import { publishLines, submitLines } from './testing/publish-lines.js';

const PARTITIONS = 3;
const LINES = 2_000;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BTCUSD', 'BTCUSDT-Q'];
/** Fields naming a journal seq, a wall-clock time or a duration: per partition in a cluster, per process in `margin serve`. */
const SEQ_AND_TIME = new Set(['lastSeq', 'asOfSeq', 'seq', 'computedAt', 'passMs', 'uptimeMs', 'committedAt', 'since', 'partition']);

/**
 * Funding's clearing amount is the floor of each partition's net, so `clearing` and
 * `funding-rounding` are each split differently; only their sum is independent of the split
 * (combined-state.ts). The system balances compare with that sum; the exposure's
 * `clearingBalance` (the clearing line alone) is left out of the equality.
 */
const SPLIT = ['clearing', 'funding-rounding'];

function mergeSplit(book: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let sum = 0n;
  let any = false;
  for (const [name, value] of Object.entries(book)) {
    if (SPLIT.includes(name)) {
      sum += parseUnits(value as string, 18);
      any = true;
    } else out[name] = value;
  }
  if (any) out['clearing+funding-rounding'] = formatUnits(sum, 18);
  return out;
}

function strip(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((inner) => strip(inner));
  if (value === null || typeof value !== 'object') return value;
  if (key === 'system') return Object.fromEntries(Object.entries(value).map(([asset, book]) => [asset, mergeSplit(book as Record<string, unknown>)]));
  return Object.fromEntries(Object.entries(value).filter(([name]) => !SEQ_AND_TIME.has(name) && name !== 'clearingBalance').map(([name, inner]) => [name, strip(inner, name)]));
}

function seededLines(): string[] {
  const lines = generateCommandLines({ seed: 17, lines: LINES, badRate: 0 });
  for (let i = 1; i <= 3; i++) lines.splice(i * 400, 0, JSON.stringify({ type: 'insuranceDeposit', id: `ins-${i}`, asset: 'USDT', amount: `${i * 1000}` }));
  return lines;
}

describe('gateway population views equal margin serve', { skip: skipWithoutNats }, () => {
  let fixture: Fixture;
  let gateway: MarginGateway;
  let server: MarginServer;
  const workers: PartitionWorker[] = [];
  let gatewayKey: string;
  let serverKey: string;
  before(async () => {
    fixture = await startFixture();
    for (let p = 0; p < PARTITIONS; p++) workers.push(await PartitionWorker.start({ natsUrl: fixture.nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(join(fixture.dir, `p${p}.sqlite`)) }));
    gateway = await createGateway({ natsUrl: fixture.nats.url, partitions: PARTITIONS, keysJournal: await openJournal(join(fixture.dir, 'gateway.sqlite')), boardIntervalMs: 60_000, webRoot: null });
    gatewayKey = (await gateway.keys.create({ role: 'admin', label: 'test' })).key;
    server = await createServer({ journal: await openJournal(join(fixture.dir, 'serve.sqlite')), webRoot: null, boardIntervalMs: 100 });
    serverKey = (await server.ctx.keys.create({ role: 'admin', label: 'test' })).key;
    const lines = seededLines();
    const client = await ClusterClient.connect(fixture.nats.url, PARTITIONS);
    try {
      await client.caughtUp(await publishLines(client, lines));
    } finally {
      await client.close();
    }
    await submitLines(server.ctx.host, lines);
    // The server's board releases every waiter at the end of the pass running then: the second
    // wait is for a pass that started after the first ended, so after the last commit.
    await server.ctx.board.nextPass();
    await server.ctx.board.nextPass();
    await gateway.board.nextPass();
  });
  after(async () => {
    await gateway?.close();
    await server?.close();
    for (const worker of workers) await worker.stop();
    await fixture?.cleanup();
  });

  const get = async (target: 'gateway' | 'serve', url: string): Promise<{ status: number; body: unknown }> => {
    const answer = await (target === 'gateway' ? gateway.app : server.app).inject({ method: 'GET', url, headers: { authorization: `Bearer ${target === 'gateway' ? gatewayKey : serverKey}` } });
    return { status: answer.statusCode, body: answer.json() };
  };
  const same = async (url: string): Promise<unknown> => {
    const [cluster, single] = [await get('gateway', url), await get('serve', url)];
    assert.equal(cluster.status, single.status, `${url}: status (gateway ${JSON.stringify(cluster.body).slice(0, 300)})`);
    assert.deepEqual(strip(cluster.body), strip(single.body), url);
    return single.body;
  };

  it('serves the risk board: overview, accounts at risk, distribution', async () => {
    const overview = (await same('/v1/overview')) as { accountsWithPositions: number; liquidatable: number; openInterest: unknown[] };
    assert.ok(overview.accountsWithPositions > 20, 'the run leaves positions');
    assert.ok(overview.openInterest.length >= 2, 'open interest in several symbols');
    for (const query of ['', '?limit=1000', '?limit=7&offset=5', '?sort=equity', '?sort=account', '?sort=poolEquity&order=asc', '?symbol=BTCUSDT', '?mode=isolated', '?asset=USD', '?sort=teleport']) await same(`/v1/risk/accounts${query}`);
    const distribution = (await same('/v1/risk/distribution')) as { buckets: { accounts: number }[] };
    assert.ok(distribution.buckets.some((bucket) => bucket.accounts > 0));
  });

  it('serves holders, exposure and the ADL queues', async () => {
    let queued = 0;
    for (const symbol of SYMBOLS) {
      await same(`/v1/risk/holders/${symbol}?limit=1000`);
      await same(`/v1/risk/holders/${symbol}?side=short&limit=3`);
      const queue = (await same(`/v1/risk/adl/${symbol}?limit=1000`)) as { rows: unknown[] };
      queued += queue.rows.length;
      await same(`/v1/risk/adl/${symbol}?side=long&limit=2`);
    }
    assert.ok(queued > 10, 'the run leaves positions to rank');
    await same('/v1/risk/holders/NOPE');
    await same('/v1/risk/adl/NOPE');
    await same('/v1/risk/exposure');
  });


  it('serves the insurance fund history: the same changes, the cluster balance ending at the single process\'s', async () => {
    type Funds = { funds: { asset: string; fund: string; points: { balance: string; change: string; reason: string }[] }[] };
    const [cluster, single] = [(await get('gateway', '/v1/risk/insurance-fund?limit=2000')).body as Funds, (await get('serve', '/v1/risk/insurance-fund?limit=2000')).body as Funds];
    // The partitions' changes arrive interleaved in another order than one process made them: each
    // point's balance is the cluster's at that point, the changes are the same, the last balance too.
    const changes = (funds: Funds) => funds.funds.map((f) => ({ asset: f.asset, fund: f.fund, changes: f.points.map((p) => `${p.reason} ${p.change}`).sort(), last: f.points.at(-1)?.balance }));
    assert.ok(single.funds.some((f) => f.points.length > 3), 'the run changes the fund');
    assert.deepEqual(changes(cluster), changes(single));
  });

  it('serves the markets, marks, funding rates, instruments and the risk event feed', async () => {
    await same('/v1/markets');
    await same('/v1/instruments');
    for (const symbol of SYMBOLS) await same(`/v1/markets/${symbol}/marks?limit=3000`);
    const events = (await get('gateway', '/v1/events?limit=1000')).body as { events: { type: string; seq: number; partition: number }[] };
    const single = (await get('serve', '/v1/events?limit=1000')).body as { events: { type: string }[] };
    const count = (list: { type: string }[]) => list.reduce<Record<string, number>>((out, e) => ({ ...out, [e.type]: (out[e.type] ?? 0) + 1 }), {});
    // Funding settlements and fund changes are each partition's own; every account's risk event is the single process's.
    const accountTypes = (list: { type: string }[]) => list.filter((e) => e.type !== 'fundingSettled' && e.type !== 'insuranceFundChanged');
    assert.deepEqual(count(accountTypes(events.events)), count(accountTypes(single.events)));
    for (const event of events.events) assert.ok(Number.isInteger(event.partition), 'each feed event names its partition');
  });
});
