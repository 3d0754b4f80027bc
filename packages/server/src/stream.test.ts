/** WebSocket streams on a real loopback server: auth, subscriptions, updates after commits, isolation. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { startHarness, type Harness } from './testing/harness.js';

type Message = Record<string, unknown>;

/** A client that queues messages and lets a test wait for the next one matching a predicate. */
class Client {
  readonly socket: WebSocket;
  private readonly queue: Message[] = [];
  private readonly waiting: { match: (m: Message) => boolean; resolve: (m: Message) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];

  constructor(url: string, headers: Record<string, string> = {}) {
    this.socket = new WebSocket(`${url.replace('http', 'ws')}/v1/stream`, { headers });
    this.socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Message;
      const index = this.waiting.findIndex((w) => w.match(message));
      if (index >= 0) {
        const [w] = this.waiting.splice(index, 1);
        clearTimeout(w?.timer);
        w?.resolve(message);
      } else {
        this.queue.push(message);
      }
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  send(message: Message): void {
    this.socket.send(JSON.stringify(message));
  }

  next(match: (m: Message) => boolean, timeoutMs = 5_000): Promise<Message> {
    const index = this.queue.findIndex(match);
    if (index >= 0) return Promise.resolve(this.queue.splice(index, 1)[0] as Message);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; queued: ${JSON.stringify(this.queue).slice(0, 500)}`)), timeoutMs);
      this.waiting.push({ match, resolve, reject, timer });
    });
  }

  close(): void {
    this.socket.close();
  }
}

describe('WebSocket streams', () => {
  let h: Harness;
  let aliceKey: string;
  const clients: Client[] = [];

  async function connect(headers: Record<string, string> = {}): Promise<Client> {
    const client = new Client(h.url, headers);
    clients.push(client);
    await client.opened();
    await client.next((m) => m['type'] === 'hello');
    return client;
  }

  before(async () => {
    h = await startHarness();
    aliceKey = (await h.server.ctx.keys.create({ role: 'account', account: 'alice' })).key;
  });
  after(async () => {
    for (const client of clients) client.close();
    await h.close();
  });

  test('subscribing needs a key: first message or the upgrade header', async () => {
    const anonymous = await connect();
    anonymous.send({ op: 'subscribe', channel: 'marks' });
    assert.equal((await anonymous.next((m) => m['type'] === 'error'))['status'], 401);
    anonymous.send({ op: 'auth', key: 'mk_000000000000_' + 'A'.repeat(43) });
    assert.equal((await anonymous.next((m) => m['type'] === 'error'))['status'], 401);
    anonymous.send({ op: 'auth', key: h.admin });
    assert.equal((await anonymous.next((m) => m['type'] === 'authenticated'))['role'], 'admin');
    const withHeader = await connect({ authorization: `Bearer ${h.admin}` });
    withHeader.send({ op: 'subscribe', channel: 'marks' });
    assert.equal((await withHeader.next((m) => m['type'] === 'subscribed'))['channel'], 'marks');
  });

  test('marks, account margin and margin-call events arrive after a price commit', async () => {
    const admin = await connect({ authorization: `Bearer ${h.admin}` });
    for (const channel of ['marks', 'events']) {
      admin.send({ op: 'subscribe', channel });
      await admin.next((m) => m['type'] === 'subscribed' && m['channel'] === channel);
    }
    const alice = await connect();
    alice.send({ op: 'auth', key: aliceKey });
    await alice.next((m) => m['type'] === 'authenticated');
    alice.send({ op: 'subscribe', channel: 'account', account: 'alice' });
    await alice.next((m) => m['type'] === 'subscribed');
    const initial = await alice.next((m) => m['channel'] === 'account');
    const initialRisk = initial['risk'] as { account: { marginRatio: string } };

    // Alice is long 1 BTC at 30,000 with 4,985 USDT after fees: at 25,130 her equity is 115 USDT
    // against 100.52 USDT maintenance (ratio 0.874): a margin call, not yet a liquidation (the
    // engine liquidates at ratio > 1).
    const answer = await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'ws-p1', symbol: 'BTCUSDT', markPrice: '25130', time: '2026-01-01T00:01:00Z' } });
    assert.equal(answer.status, 200);
    const marks = await admin.next((m) => m['channel'] === 'marks');
    assert.deepEqual((marks['events'] as Message[]).map((e) => [e['type'], e['symbol'], e['markPrice']]), [['priceUpdated', 'BTCUSDT', '25130']]);
    const events = await admin.next((m) => m['channel'] === 'events');
    const call = (events['events'] as Message[]).find((e) => e['account'] === 'alice');
    assert.equal(call?.['type'], 'marginCall');
    const update = await alice.next((m) => m['channel'] === 'account');
    const risk = update['risk'] as { account: { marginRatio: string; equity: string } };
    assert.ok(Number(risk.account.marginRatio) > Number(initialRisk.account.marginRatio));
    assert.equal(risk.account.equity, '115');
  });

  test('an account key cannot subscribe to another account, and learns nothing', async () => {
    const alice = await connect({ authorization: `Bearer ${aliceKey}` });
    alice.send({ op: 'subscribe', channel: 'account', account: 'bob' });
    const refused = await alice.next((m) => m['type'] === 'error');
    alice.send({ op: 'subscribe', channel: 'account', account: 'nobody' });
    const missing = await alice.next((m) => m['type'] === 'error');
    assert.equal(refused['status'], 404);
    assert.equal(String(refused['detail']).replace('bob', '?'), String(missing['detail']).replace('nobody', '?'));
  });

  test('an account key on the events channel sees only its own account', async () => {
    const alice = await connect({ authorization: `Bearer ${aliceKey}` });
    alice.send({ op: 'subscribe', channel: 'liquidations' });
    await alice.next((m) => m['type'] === 'subscribed');
    // Bob is short 0.5 BTC: a rally to 69,900 calls him first (his event must not reach alice),
    // then a fall to 20,000 calls alice again.
    await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'ws-p2', symbol: 'BTCUSDT', markPrice: '69900', time: '2026-01-01T00:02:00Z' } });
    await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'ws-p3', symbol: 'BTCUSDT', markPrice: '20000', time: '2026-01-01T00:03:00Z' } });
    const seen = await alice.next((m) => m['channel'] === 'events');
    for (const event of seen['events'] as Message[]) assert.equal(event['account'], 'alice');
  });

  test('a malformed message gets an error naming the field, the socket stays open', async () => {
    const client = await connect({ authorization: `Bearer ${h.admin}` });
    client.send({ op: 'subscribe', channel: 'everything' });
    assert.match(String((await client.next((m) => m['type'] === 'error'))['detail']), /^channel: must be one of/);
    client.socket.send('not json');
    assert.equal((await client.next((m) => m['type'] === 'error'))['status'], 400);
    client.send({ op: 'subscribe', channel: 'funding' });
    assert.equal((await client.next((m) => m['type'] === 'subscribed'))['channel'], 'funding');
  });
});
