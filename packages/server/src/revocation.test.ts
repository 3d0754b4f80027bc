/**
 * Issue 14 defect 2: revocation holds. Deleting a key closes that key's open sockets (they stop
 * streaming and cannot subscribe again), and key changes are durable before they are answered: a
 * key write that fails (a real SQLite error, raised by a trigger installed on the journal file
 * through a second connection) answers 503 and changes nothing, in memory or after a restart.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { openJournal } from '@margin/store';
import { createServer } from './app.js';
import { KEYS_META_KEY } from './auth/api-keys.js';
import { startHarness, type Harness } from './testing/harness.js';
import { StreamClient } from './testing/ws-client.js';

/** Makes every write of the key records fail inside SQLite, like a full disk would, until healed. */
function breakKeyWrites(dbPath: string): () => void {
  const db = new Database(dbPath);
  const raise = `WHEN NEW.key = '${KEYS_META_KEY}' BEGIN SELECT RAISE(ABORT, 'injected: disk full'); END`;
  db.exec(`CREATE TRIGGER fail_key_insert BEFORE INSERT ON meta ${raise}; CREATE TRIGGER fail_key_update BEFORE UPDATE ON meta ${raise};`);
  return () => {
    db.exec('DROP TRIGGER fail_key_insert; DROP TRIGGER fail_key_update;');
    db.close();
  };
}

describe('revocation', { timeout: 30_000 }, () => {
  let h: Harness;
  const clients: StreamClient[] = [];
  const open = async (key: string): Promise<StreamClient> => {
    const client = await StreamClient.open(h.url, { authorization: `Bearer ${key}` });
    clients.push(client);
    return client;
  };

  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    for (const client of clients) client.close();
    await h.close();
  });

  test('revoking a key closes its sockets (code 4401); other keys keep streaming', async () => {
    const venue = (await h.call('POST', '/v1/keys', { body: { role: 'venue' } })).json as { key: string; id: string };
    const revoked = await open(venue.key);
    await revoked.subscribe('marks');
    const viaAuth = await StreamClient.open(h.url);
    clients.push(viaAuth);
    viaAuth.send({ op: 'auth', key: venue.key });
    await viaAuth.next((m) => m['type'] === 'authenticated');
    const other = await open(h.admin);
    await other.subscribe('marks');

    assert.equal((await h.call('DELETE', `/v1/keys/${venue.id}`)).status, 204);
    assert.deepEqual(await revoked.closed, { code: 4401, reason: 'the API key was revoked' });
    assert.deepEqual(await viaAuth.closed, { code: 4401, reason: 'the API key was revoked' });
    const before = revoked.received.length;
    await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'rv-p1', symbol: 'BTCUSDT', markPrice: '30100', time: '2026-01-01T00:05:00Z' } });
    await other.next((m) => m['channel'] === 'marks');
    assert.equal(revoked.received.length, before);
    // A new socket cannot authenticate with it either.
    const again = await StreamClient.open(h.url);
    clients.push(again);
    again.send({ op: 'auth', key: venue.key });
    assert.equal((await again.next((m) => m['type'] === 'error'))['status'], 401);
  });

  test('a key change whose journal write fails answers 503 and changes nothing, also after a restart', async () => {
    const victim = (await h.call('POST', '/v1/keys', { body: { role: 'account', account: 'alice' } })).json as { key: string; id: string };
    const socket = await open(victim.key);
    const keysBefore = (await h.call('GET', '/v1/keys')).json['keys'] as { id: string }[];

    const heal = breakKeyWrites(h.dbPath);
    let healed = false;
    try {
      const revoke = await h.call('DELETE', `/v1/keys/${victim.id}`);
      assert.equal(revoke.status, 503, revoke.text);
      assert.match(revoke.contentType, /^application\/problem\+json/);
      assert.match(String(revoke.json['detail']), /not written to the journal.*injected: disk full.*nothing changed/);
      // Not revoked: the key still works and its socket stays open; a retry is not "no key".
      assert.equal((await h.call('GET', '/v1/me', { key: victim.key })).status, 200);
      const retry = await h.call('DELETE', `/v1/keys/${victim.id}`);
      assert.equal(retry.status, 503, retry.text);

      const create = await h.call('POST', '/v1/keys', { body: { role: 'admin', label: 'during-fault' } });
      assert.equal(create.status, 503, create.text);
      assert.deepEqual((await h.call('GET', '/v1/keys')).json['keys'], keysBefore);
      heal();
      healed = true;
    } finally {
      if (!healed) heal();
    }
    socket.send({ op: 'subscribe', channel: 'account', account: 'alice' });
    await socket.next((m) => m['type'] === 'subscribed');

    // Restart over the same file: what was answered is what holds.
    await h.server.close();
    const journal = await openJournal(h.dbPath);
    const restarted = await createServer({ journal, webRoot: null });
    try {
      const listed = restarted.ctx.keys.list().map((record) => record.id);
      assert.deepEqual(listed, keysBefore.map((record) => record.id));
      assert.notEqual(restarted.ctx.keys.verify(victim.key), null);
      assert.equal(restarted.ctx.keys.list().some((record) => record.label === 'during-fault'), false);
      // Healed: the revocation now goes through and holds across a restart.
      await restarted.ctx.keys.revoke(victim.id);
    } finally {
      await restarted.close();
    }
    const again = await createServer({ journal: await openJournal(h.dbPath), webRoot: null });
    try {
      assert.equal(again.ctx.keys.verify(victim.key), null);
    } finally {
      await again.close();
      rmSync(h.dir, { recursive: true, force: true });
    }
  });
});
