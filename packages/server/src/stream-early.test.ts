/** Subscribing to an account's stream before the account exists: allowed for a well-formed id, events flow once it appears. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ACCOUNT_ID_LENGTH_MAX } from '@margin/wire';
import { startHarness, type Harness } from './testing/harness.js';
import { StreamClient } from './testing/ws-client.js';
import { ACCOUNTS_PER_SOCKET_MAX } from './ws/stream-hub.js';

describe('account stream before the account exists', () => {
  let h: Harness;
  let carolKey: string;
  const clients: StreamClient[] = [];
  const open = async (key: string): Promise<StreamClient> => {
    const client = await StreamClient.open(h.url, { authorization: `Bearer ${key}` });
    clients.push(client);
    return client;
  };

  before(async () => {
    h = await startHarness();
    carolKey = (await h.server.ctx.keys.create({ role: 'account', account: 'carol' })).key;
  });
  after(async () => {
    for (const client of clients) client.close();
    await h.close();
  });

  test('an account key subscribes to its own id before the account exists; risk arrives after the first deposit', async () => {
    const carol = await open(carolKey);
    const admin = await open(h.admin);
    carol.send({ op: 'subscribe', channel: 'account', account: 'carol' });
    const subscribed = await carol.next((m) => m['type'] === 'subscribed');
    assert.equal(subscribed['exists'], false);
    const initial = await carol.next((m) => m['channel'] === 'account');
    assert.equal(initial['risk'], null);
    await admin.subscribe('account', { account: 'carol' });
    assert.equal((await admin.next((m) => m['channel'] === 'account'))['risk'], null);

    // A price commit moves every subscribed account: carol, still absent, gets nothing from it.
    assert.equal((await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'early-p1', symbol: 'BTCUSDT', markPrice: '30010', time: '2026-01-01T00:01:00Z' } })).status, 200);
    const deposit = await h.call('POST', '/v1/commands', { body: { type: 'deposit', id: 'early-d1', account: 'carol', asset: 'USDT', amount: '1234.5' } });
    assert.equal(deposit.status, 200);
    const update = await carol.next((m) => m['channel'] === 'account');
    const risk = update['risk'] as { account: { walletBalance: string; equity: string } };
    assert.equal(risk.account.equity, '1234.5');
    const viaApi = await h.call('GET', '/v1/accounts/carol', { key: carolKey });
    assert.equal(viaApi.status, 200);
    assert.equal((viaApi.json['account'] as { equity: string }).equity, risk.account.equity);
    const adminUpdate = await admin.next((m) => m['channel'] === 'account');
    assert.deepEqual(adminUpdate['risk'], update['risk']);
    // No null update was sent between the subscription and the deposit.
    assert.equal(carol.received.filter((m) => m['channel'] === 'account' && m['risk'] === null).length, 1);
  });

  test('an account key still cannot subscribe to another id, existing or not (same answer)', async () => {
    const carol = await open(carolKey);
    carol.send({ op: 'subscribe', channel: 'account', account: 'alice' });
    const foreign = await carol.next((m) => m['type'] === 'error');
    carol.send({ op: 'subscribe', channel: 'account', account: 'nobody-yet' });
    const missing = await carol.next((m) => m['type'] === 'error');
    assert.equal(foreign['status'], 404);
    assert.equal(missing['status'], 404);
    assert.equal(String(foreign['detail']).replace('alice', '?'), String(missing['detail']).replace('nobody-yet', '?'));
  });

  test('a malformed id is refused with the field and the rule', async () => {
    const admin = await open(h.admin);
    admin.send({ op: 'subscribe', channel: 'account', account: 'x'.repeat(ACCOUNT_ID_LENGTH_MAX + 1) });
    const refused = await admin.next((m) => m['type'] === 'error');
    assert.equal(refused['status'], 400);
    assert.match(String(refused['detail']), new RegExp(`^account: must be at most ${ACCOUNT_ID_LENGTH_MAX} characters`));
    admin.send({ op: 'subscribe', channel: 'account', account: 42 });
    assert.equal((await admin.next((m) => m['type'] === 'error'))['status'], 400);
  });

  test('a socket holds at most ACCOUNTS_PER_SOCKET_MAX account subscriptions (ids need not exist, so they are capped)', async () => {
    const admin = await open(h.admin);
    for (let i = 0; i < ACCOUNTS_PER_SOCKET_MAX; i++) admin.send({ op: 'subscribe', channel: 'account', account: `future-${i}` });
    admin.send({ op: 'subscribe', channel: 'account', account: 'one-too-many' });
    const refused = await admin.next((m) => m['type'] === 'error', 30_000);
    assert.equal(refused['status'], 429);
    assert.equal(refused['detail'], `account: at most ${ACCOUNTS_PER_SOCKET_MAX} account subscriptions per socket`);
    assert.equal(admin.received.filter((m) => m['type'] === 'subscribed').length, ACCOUNTS_PER_SOCKET_MAX);
    // Re-subscribing a held id is not a new subscription.
    admin.send({ op: 'subscribe', channel: 'account', account: 'future-0' });
    assert.equal((await admin.next((m) => m['type'] === 'subscribed' && m['account'] === 'future-0', 30_000))['exists'], false);
  });
});
