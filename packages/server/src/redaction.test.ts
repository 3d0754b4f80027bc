/**
 * An account key's event feeds never name another account (issue 14 defect 9): the ADL of bob's
 * short by alice's bankruptcy, on a real loopback server, read by bob's key over HTTP and
 * WebSocket (redacted) and by the admin key (in full).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { REDACTED_ACCOUNT } from '@margin/wire';
import { BTCUSDT_LINEAR_3TIER, at, instrumentCommand } from '@margin/testkit';
import { startHarness, type Harness } from './testing/harness.js';

const fill = (id: string, account: string, side: string, size: string) => ({ type: 'fill', id, account, symbol: 'BTCUSDT', side, size, price: '30000', fee: '0', time: at(1) });

describe('an account key never sees another account\'s name', () => {
  let h: Harness;
  let bobKey: string;

  before(async () => {
    h = await startHarness({ engine: { profile: 'binance-usdm' } }, false);
    bobKey = (await h.server.ctx.keys.create({ role: 'account', account: 'bob' })).key;
  });
  after(async () => h.close());

  test('autoDeleveraged: bankruptAccount and the bankrupt side of its entries are redacted for bob, kept for the admin', async () => {
    const setup = [
      instrumentCommand(BTCUSDT_LINEAR_3TIER, 'i1'),
      { type: 'price', id: 'p0', symbol: 'BTCUSDT', markPrice: '30000', indexPrice: '30000', time: at(0) },
      ...['alice', 'bob', 'carol'].map((account) => ({ type: 'deposit', id: `d-${account}`, account, asset: 'USDT', amount: '1000' })),
      { type: 'setMarginMode', id: 'm1', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' },
      { type: 'setLeverage', id: 'l1', account: 'alice', symbol: 'BTCUSDT', leverage: '50' },
      fill('f1', 'alice', 'buy', '1'),
      fill('f2', 'bob', 'sell', '0.5'),
      { type: 'deposit', id: 'd-carol-2', account: 'carol', asset: 'USDT', amount: '9000' },
      fill('f3', 'carol', 'sell', '2'),
      { type: 'price', id: 'p1', symbol: 'BTCUSDT', markPrice: '29800', time: at(2) },
    ];
    assert.equal((await h.call('POST', '/v1/commands', { body: { commands: setup } })).status, 200);

    const socket = new WebSocket(`${h.url.replace('http', 'ws')}/v1/stream`, { headers: { authorization: `Bearer ${bobKey}` } });
    const adl = new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no autoDeleveraged on the events channel')), 5_000);
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { type?: string; channel?: string; events?: Record<string, unknown>[] };
        if (message.type === 'hello') socket.send(JSON.stringify({ op: 'subscribe', channel: 'events' }));
        const found = message.events?.find((event) => event['type'] === 'autoDeleveraged');
        if (found !== undefined) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
    await new Promise<void>((resolve) => socket.on('message', (data) => JSON.parse(data.toString())['type'] === 'subscribed' && resolve()));
    assert.equal((await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'p2', symbol: 'BTCUSDT', markPrice: '29000', time: at(3) } })).status, 200);
    const pushed = await adl;
    socket.close();

    const http = ((await h.call('GET', '/v1/accounts/bob/events', { key: bobKey })).json['events'] as Record<string, unknown>[]).find((event) => event['type'] === 'autoDeleveraged');
    const full = ((await h.call('GET', '/v1/accounts/bob/events')).json['events'] as Record<string, unknown>[]).find((event) => event['type'] === 'autoDeleveraged');
    assert.equal(full?.['bankruptAccount'], 'alice');
    assert.ok(JSON.stringify(full).includes('user:alice:'), 'the admin sees the bankrupt account in the entries');
    for (const [where, event] of [['WebSocket', pushed], ['HTTP', http]] as const) {
      assert.equal(event?.['account'], 'bob', where);
      assert.equal(event?.['bankruptAccount'], REDACTED_ACCOUNT, where);
      assert.equal(JSON.stringify(event).includes('alice'), false, `${where}: ${JSON.stringify(event)}`);
      assert.equal(event?.['haircut'], full?.['haircut'], where);
    }
  });
});
