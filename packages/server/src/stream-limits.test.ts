/**
 * Issue 14 defect 11: one socket made 50,000 auth attempts in 0.9 s, and nothing capped the
 * sockets of a key or the bytes held for slow readers. On a real loopback server: messages are
 * rate-limited like HTTP requests (per key, per IP before auth, auth attempts included; 4429),
 * sockets per key are capped (4409), and over the total buffer cap the slowest socket is closed
 * (1013) while the others keep streaming.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EventEmitter } from 'node:events';
import type { WebSocket } from 'ws';
import type { CommittedBatch } from '@margin/host';
import { StreamHub } from './ws/stream-hub.js';
import { startHarness, type Harness } from './testing/harness.js';
import { StreamClient } from './testing/ws-client.js';

describe('WebSocket limits', { timeout: 120_000 }, () => {
  let h: Harness;
  const clients: StreamClient[] = [];
  const track = (client: StreamClient): StreamClient => (clients.push(client), client);

  before(async () => {
    h = await startHarness({ rateLimits: { anonymous: 5 }, streamLimits: { socketsPerKey: 2 } });
  });
  after(async () => {
    for (const client of clients) client.close();
    await h.close();
  });

  test('a key with its own per-minute limit is cut off after it', async () => {
    const limited = (await h.call('POST', '/v1/keys', { body: { role: 'venue', rateLimitPerMinute: 3 } })).json['key'] as string;
    const client = track(await StreamClient.open(h.url, { authorization: `Bearer ${limited}` }));
    for (const channel of ['marks', 'funding', 'events', 'marks']) client.send({ op: 'subscribe', channel });
    assert.equal((await client.closed).code, 4429);
    assert.equal(client.received.filter((m) => m['type'] === 'subscribed').length, 3);
  });

  test('a key may hold at most socketsPerKey sockets; closing one frees a place', async () => {
    const venue = (await h.call('POST', '/v1/keys', { body: { role: 'venue' } })).json['key'] as string;
    const first = track(await StreamClient.open(h.url, { authorization: `Bearer ${venue}` }));
    track(await StreamClient.open(h.url, { authorization: `Bearer ${venue}` }));
    const third = track(new StreamClient(h.url, { authorization: `Bearer ${venue}` }));
    assert.deepEqual(await third.closed, { code: 4409, reason: 'the key already has 2 open sockets (at most 2)' });
    // Authenticating by message counts the same.
    const viaAuth = track(await StreamClient.open(h.url));
    viaAuth.send({ op: 'auth', key: venue });
    assert.equal((await viaAuth.next((m) => m['type'] === 'error'))['status'], 429);
    assert.equal((await viaAuth.closed).code, 4409);
    first.close();
    await first.closed;
    const replacement = track(await StreamClient.open(h.url, { authorization: `Bearer ${venue}` }));
    await replacement.subscribe('marks');
  });

  // On its own server: it spends this address's anonymous allowance for the minute.
  test('auth attempts count against the per-IP limit, across sockets', async () => {
    const own = await startHarness({ rateLimits: { anonymous: 5 } }, false);
    try {
      await guessing(own);
    } finally {
      await own.close();
    }
  });

  async function guessing(h: Harness): Promise<void> {
    const guesser = track(await StreamClient.open(h.url));
    for (let i = 0; i < 50; i++) guesser.send({ op: 'auth', key: `mk_${'0'.repeat(12)}_${'A'.repeat(42)}${i % 10}` });
    const refused = await guesser.next((m) => m['status'] === 429);
    assert.match(String(refused['detail']), /rate limit of 5 messages per minute/);
    assert.equal((await guesser.closed).code, 4429);
    assert.equal(guesser.received.filter((m) => m['status'] === 401).length, 5, 'five attempts answered, then cut off');
    // A new socket from the same address starts where the last one stopped.
    const again = track(await StreamClient.open(h.url));
    again.send({ op: 'auth', key: h.admin });
    assert.equal((await again.closed).code, 4429);
  }

  test('over the total buffer cap the slowest socket is closed (1013); the others keep streaming', async () => {
    // A real slow reader needs tens of MB before the server holds any bytes (loopback TCP buffers
    // autotune up to 32 MB), too slow for a CI test; these sockets report what they hold instead.
    const hub = new StreamHub(h.server.ctx.host, () => ({ keyId: 'k', role: 'admin', account: null, rateLimitPerMinute: null }), { maxTotalBufferedBytes: 1_000, maxBufferedBytes: 10_000 });
    const sockets = [300, 900, 200].map((held) => new HeldSocket(held));
    for (const socket of sockets) {
      hub.attach(socket as unknown as WebSocket, null);
      socket.emit('message', Buffer.from(JSON.stringify({ op: 'auth', key: 'any' })));
      socket.emit('message', Buffer.from(JSON.stringify({ op: 'subscribe', channel: 'marks' })));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const event = { type: 'priceUpdated', symbol: 'BTCUSDT', markPrice: '30000' };
    hub.onBatch({ firstSeq: 1, lastSeq: 1, committedAtMs: 0, events: [event], eventTexts: [JSON.stringify(event)] } as unknown as CommittedBatch);
    // 1,400 bytes held > 1,000: the 900-byte socket goes, 500 remain.
    assert.deepEqual(sockets.map((s) => s.closedWith), [null, { code: 1013, reason: 'too slow: the server holds too many unsent bytes; this socket held the most' }, null]);
    assert.equal(hub.clientCount, 2);
    assert.ok(sockets[0]?.sent.some((text) => text.includes('"channel":"marks"')));
    hub.close();
  });
});

/** A socket that holds a fixed number of unsent bytes (see the test above). */
class HeldSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  readonly sent: string[] = [];
  closedWith: { code: number; reason: string } | null = null;
  constructor(readonly bufferedAmount: number) {
    super();
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(code: number, reason: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
}
