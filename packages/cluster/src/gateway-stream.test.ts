/**
 * The gateway's WebSocket channels over 2 partitions (the server's stream hub): `marks` and
 * `funding` carry each shared input once (not once per partition; a funding settlement is each
 * partition's own), `account` sends an account's
 * risk from its owning partition at once and again after a price moved it, `events` carries the
 * partitions' risk events, each naming its partition.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openJournal } from '@margin/store';
import { BTCUSDT_LINEAR_1TIER as INSTRUMENT } from '@margin/testkit';
import type { WebSocket } from 'ws';
import { createGateway, type MarginGateway } from './gateway.js';
import { partitionOf } from './partition-map.js';
import { PartitionWorker } from './worker.js';
import { skipWithoutNats, startFixture, type Fixture } from './testing/cluster-fixture.js';

const PARTITIONS = 2;
type Message = Record<string, unknown>;

/** Collects a socket's messages; `next` waits for the first one (from the start) matching and not yet taken. */
function collector(socket: WebSocket): { next: (match: (m: Message) => boolean, what: string) => Promise<Message>; all: Message[] } {
  const all: Message[] = [];
  const taken = new Set<number>();
  const waiting: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  const offer = (index: number): void => {
    const message = all[index] as Message;
    const w = waiting.findIndex((entry) => entry.match(message));
    if (w < 0) return;
    taken.add(index);
    waiting.splice(w, 1)[0]?.resolve(message);
  };
  socket.on('message', (data: Buffer) => {
    all.push(JSON.parse(data.toString()) as Message);
    offer(all.length - 1);
  });
  return {
    all,
    next: (match, what) => {
      const index = all.findIndex((message, i) => !taken.has(i) && match(message));
      if (index >= 0) {
        taken.add(index);
        return Promise.resolve(all[index] as Message);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${what} within 20 s; got ${JSON.stringify(all).slice(0, 500)}`)), 20_000);
        waiting.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
}

describe('gateway stream channels', { skip: skipWithoutNats }, () => {
  let fixture: Fixture;
  let gateway: MarginGateway;
  const workers: PartitionWorker[] = [];
  let key: string;
  before(async () => {
    fixture = await startFixture();
    for (let p = 0; p < PARTITIONS; p++) workers.push(await PartitionWorker.start({ natsUrl: fixture.nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(join(fixture.dir, `p${p}.sqlite`)) }));
    gateway = await createGateway({ natsUrl: fixture.nats.url, partitions: PARTITIONS, keysJournal: await openJournal(join(fixture.dir, 'gateway.sqlite')), webRoot: null });
    key = (await gateway.keys.create({ role: 'admin', label: 'test' })).key;
  });
  after(async () => {
    await gateway?.close();
    for (const worker of workers) await worker.stop();
    await fixture?.cleanup();
  });

  const post = async (body: unknown): Promise<void> => {
    const answer = await gateway.app.inject({ method: 'POST', url: '/v1/commands', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    assert.equal(answer.statusCode, 200, answer.body);
  };

  it('streams marks and funding once, an account from its partition, and the risk events', async () => {
    // Two accounts, one in each partition.
    const accounts = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
    const inP1 = accounts.find((id) => partitionOf(id, PARTITIONS) === 1) as string;
    const inP0 = accounts.find((id) => partitionOf(id, PARTITIONS) === 0) as string;
    await post({ commands: [
      { type: 'instrument', id: 'i1', instrument: INSTRUMENT },
      { type: 'price', id: 'p1', symbol: 'BTCUSDT', markPrice: '30000', time: '2026-01-01T00:00:00Z' },
      { type: 'deposit', id: 'd1', account: inP1, asset: 'USDT', amount: '1000' },
      { type: 'deposit', id: 'd2', account: inP0, asset: 'USDT', amount: '1000' },
      { type: 'fill', id: 'f1', account: inP1, symbol: 'BTCUSDT', side: 'buy', size: '0.1', price: '30000', time: '2026-01-01T00:00:01Z' },
      { type: 'fill', id: 'f2', account: inP0, symbol: 'BTCUSDT', side: 'sell', size: '0.1', price: '30000', time: '2026-01-01T00:00:01Z' },
    ] });
    const socket = await gateway.app.injectWS('/v1/stream', { headers: { authorization: `Bearer ${key}` } });
    const stream = collector(socket);
    try {
      // (The hello is sent on attach, before injectWS hands over the socket.)
      for (const channel of ['marks', 'funding', 'events']) {
        socket.send(JSON.stringify({ op: 'subscribe', channel }));
        await stream.next((m) => m['type'] === 'subscribed' && m['channel'] === channel, `subscribed ${channel}`);
      }
      socket.send(JSON.stringify({ op: 'subscribe', channel: 'account', account: inP1 }));
      const first = await stream.next((m) => m['channel'] === 'account' && m['type'] === undefined, 'the first account message');
      assert.equal((first['risk'] as { positions: { size: string }[] }).positions[0]?.size, '0.1');
      assert.equal((first['risk'] as { positions: { markPrice: string }[] }).positions[0]?.markPrice, '30000');

      await post({ type: 'price', id: 'p2', symbol: 'BTCUSDT', markPrice: '25000', time: '2026-01-01T00:01:00Z' });
      await post({ type: 'fundingRate', id: 'r1', symbol: 'BTCUSDT', rate: '0.0001', time: '2026-01-01T00:01:00Z' });
      const marks = await stream.next((m) => m['channel'] === 'marks', 'a marks message');
      assert.deepEqual((marks['events'] as { markPrice: string }[]).map((e) => e.markPrice), ['25000']);
      await stream.next((m) => m['channel'] === 'funding', 'a funding message');
      const moved = await stream.next((m) => m['channel'] === 'account' && m['type'] === undefined && (m['risk'] as { positions: { markPrice: string }[] }).positions[0]?.markPrice === '25000', 'the account at the new mark');
      assert.equal(moved['account'], inP1);
      // Every partition committed the price: still one marks message, one funding message.
      await gateway.board.nextPass();
      assert.equal(stream.all.filter((m) => m['channel'] === 'marks' && m['type'] === undefined).length, 1, JSON.stringify(stream.all.filter((m) => m['channel'] === 'marks' && m['type'] === undefined)));
      // The rate once; a settlement is each partition's own (its holders' payments), tagged with it.
      const funding = stream.all.filter((m) => m['channel'] === 'funding' && m['type'] === undefined).flatMap((m) => m['events'] as { type: string; partition: number }[]);
      assert.equal(funding.filter((e) => e.type === 'fundingRateSet').length, 1, JSON.stringify(stream.all.filter((m) => m['channel'] === 'funding' && m['type'] === undefined)));
      for (const e of funding.filter((e) => e.type === 'fundingSettled')) assert.ok(Number.isInteger(e.partition));
      await post({ type: 'price', id: 'p3', symbol: 'BTCUSDT', markPrice: '20000', time: '2026-01-01T00:02:00Z' });
      const call = await stream.next((m) => m['channel'] === 'events' && (m['events'] as { type: string }[]).some((e) => e.type === 'marginCall' || e.type === 'liquidationStarted'), 'a risk event of the long');
      const event = (call['events'] as { account: string; partition: number }[])[0];
      assert.equal(event?.partition, partitionOf(event?.account ?? '', PARTITIONS));
    } finally {
      socket.terminate();
    }
  });
});
