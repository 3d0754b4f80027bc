/**
 * The `alerts` WebSocket channel and the alert webhook on a real loopback server: margin-call
 * levels crossed, liquidations, insurance fund drawdown beyond the threshold and ADL, each payload
 * parsed with @margin/wire's `alertMessageSchema`; an account key gets only its own.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { alertMessageSchema, type Alert } from '@margin/wire';
import { startHarness, type Harness } from './testing/harness.js';
import { StreamClient, type Message } from './testing/ws-client.js';

describe('alerts channel and webhook', () => {
  let h: Harness;
  let receiver: Server;
  const posted: unknown[] = [];
  let aliceKey: string;
  let bobKey: string;
  const clients: StreamClient[] = [];

  before(async () => {
    receiver = createHttpServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        posted.push(JSON.parse(body));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    h = await startHarness({ alerts: { fundDrawdown: '0.05', webhookUrl: `http://127.0.0.1:${port}/hook` } });
    aliceKey = (await h.server.ctx.keys.create({ role: 'account', account: 'alice' })).key;
    bobKey = (await h.server.ctx.keys.create({ role: 'account', account: 'bob' })).key;
  });
  after(async () => {
    for (const client of clients) client.close();
    await h.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const open = async (key: string): Promise<StreamClient> => {
    const client = await StreamClient.open(h.url, { authorization: `Bearer ${key}` });
    clients.push(client);
    await client.subscribe('alerts');
    return client;
  };
  const alertsOf = (messages: readonly Message[]): Alert[] =>
    messages.filter((m) => m['channel'] === 'alerts' && m['type'] === undefined).flatMap((m) => {
      const parsed = alertMessageSchema.safeParse(m);
      assert.ok(parsed.success, `${JSON.stringify(m)}: ${JSON.stringify(parsed.error?.issues)}`);
      return parsed.data.alerts;
    });

  test('a margin call, a liquidation and the fund drawdown reach the channel and the webhook', async () => {
    const admin = await open(h.admin);
    const alice = await open(aliceKey);
    const bob = await open(bobKey);
    // Fund of 100 USDT. Alice is long 1 BTC at 30,000 with 4,985 USDT after fees.
    assert.equal((await h.call('POST', '/v1/commands', { body: { type: 'insuranceDeposit', id: 'al-ins', asset: 'USDT', amount: '100' } })).status, 200);
    // At 25,130 her equity is 115 against 100.52 maintenance: a margin call (ratio 0.874).
    assert.equal((await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'al-p1', symbol: 'BTCUSDT', markPrice: '25130', time: '2026-01-01T00:01:00Z' } })).status, 200);
    const call = alertMessageSchema.parse(await admin.next((m) => m['channel'] === 'alerts' && m['type'] === undefined));
    assert.deepEqual(call.alerts.map((a) => [a.kind, 'account' in a ? a.account : null]), [['marginCall', 'alice']]);
    const own = alertMessageSchema.parse(await alice.next((m) => m['channel'] === 'alerts' && m['type'] === undefined));
    assert.deepEqual(own.alerts.map((a) => a.kind), ['marginCall']);
    // At 24,900 her equity is -115: liquidated with a deficit the fund covers (more than 5 % of its 100 peak).
    assert.equal((await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'al-p2', symbol: 'BTCUSDT', markPrice: '24900', time: '2026-01-01T00:02:00Z' } })).status, 200);
    const liquidation = alertMessageSchema.parse(await admin.next((m) => m['channel'] === 'alerts' && (m['alerts'] as Message[]).some((a) => a['kind'] === 'liquidation')));
    const kinds = new Set(liquidation.alerts.map((a) => a.kind));
    assert.ok(kinds.has('liquidation'));
    const drawdown = liquidation.alerts.find((a) => a.kind === 'fundDrawdown');
    assert.ok(drawdown && drawdown.kind === 'fundDrawdown', JSON.stringify(liquidation.alerts.map((a) => a.kind)));
    assert.equal(drawdown.peak, '100');
    assert.equal(drawdown.threshold, '0.05');
    await h.server.ctx.board.nextPass(); // the overview's system balances are the board's
    const overview = await h.call('GET', '/v1/overview');
    const fund = (overview.json['insuranceFund'] as Record<string, string>)['USDT'];
    assert.equal(drawdown.balance, fund);
    // drawdown = (peak - balance) / peak, 6 decimals, rounded down.
    assert.ok(Number(drawdown.drawdown) > 0.05);
    assert.ok(Math.abs(Number(drawdown.drawdown) - (100 - Number(fund)) / 100) < 1e-6, `${drawdown.drawdown} vs fund ${fund}`);
    // Alice sees her own liquidation but no fund alert; bob sees nothing of hers.
    const aliceSeen = alertMessageSchema.parse(await alice.next((m) => m['channel'] === 'alerts' && m['type'] === undefined));
    assert.ok(aliceSeen.alerts.every((a) => a.kind !== 'fundDrawdown' && a.account === 'alice'));
    await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'al-p3', symbol: 'BTCUSDT', markPrice: '24901', time: '2026-01-01T00:03:00Z' } });
    await admin.next((m) => m['channel'] === 'marks' || m['channel'] === 'alerts', 300).catch(() => undefined);
    assert.deepEqual(alertsOf(bob.received).filter((a) => a.kind !== 'adl' && a.kind !== 'liquidation'), []);
    for (const alert of alertsOf(bob.received)) assert.equal('account' in alert ? alert.account : null, 'bob');
    // The webhook got the same messages as the admin socket, in order.
    await h.server.alertWebhook?.idle();
    const hooked = posted.map((body) => alertMessageSchema.parse(body));
    const adminMessages = admin.received.filter((m) => m['channel'] === 'alerts' && m['type'] === undefined).map((m) => alertMessageSchema.parse(m));
    assert.deepEqual(hooked.slice(0, adminMessages.length), adminMessages);
    assert.equal(h.server.alertWebhook?.failed, 0);
  });
});
