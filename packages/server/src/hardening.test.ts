/**
 * Hardening regressions (issue 14) on a real loopback server over a real SQLite journal: reads
 * never change the state, and the other boundary defects each get a test here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stateHash } from '@margin/engine';
import { startHarness, type Harness } from './testing/harness.js';

const PROBLEM = /^application\/problem\+json/;

describe('hardening', () => {
  let h: Harness;
  let aliceKey: string;

  before(async () => {
    h = await startHarness();
    aliceKey = (await h.server.ctx.keys.create({ role: 'account', account: 'alice' })).key;
  });
  after(async () => h.close());

  const hash = (): Promise<string> => h.server.ctx.host.read(({ state }) => stateHash(state));
  const assetCount = (): Promise<number> => h.server.ctx.host.read(({ state }) => state.assets.size);

  test('reads with an unknown asset leave the state unchanged and answer 404 naming the asset', async () => {
    const before = await hash();
    const assets = await assetCount();
    for (const path of ['/v1/accounts/alice?asset=NOPE1', '/v1/accounts/alice/risk?asset=NOPE2', '/v1/accounts/alice/positions?asset=NOPE3']) {
      const answer = await h.call('GET', path, { key: aliceKey });
      assert.equal(answer.status, 404, path);
      assert.match(answer.contentType, PROBLEM);
      assert.match(String(answer.json['detail']), /NOPE\d/, path);
    }
    const whatIf = await h.call('POST', '/v1/accounts/alice/what-if', { key: aliceKey, body: { asset: 'NOPE4', prices: { BTCUSDT: '29000' } } });
    assert.equal(whatIf.status, 404, whatIf.text);
    assert.match(String(whatIf.json['detail']), /NOPE4/);
    assert.equal(await assetCount(), assets);
    assert.equal(await hash(), before);
  });

  test('POST /v1/commands: a different command under a used id is id_reused naming the original seq; the same one re-sent is a duplicate', async () => {
    const deposit = { type: 'deposit', id: 'reuse-1', account: 'carol', asset: 'USDT', amount: '100' };
    const first = await h.call('POST', '/v1/commands', { body: { commands: [deposit] } });
    assert.equal(first.status, 200, first.text);
    const seq = (first.json['results'] as { seq: number }[])[0]?.seq;
    const before = await hash();
    const withdraw = { type: 'withdraw', id: 'reuse-1', account: 'carol', asset: 'USDT', amount: '100' };
    const answer = await h.call('POST', '/v1/commands', { body: { commands: [withdraw, { ...deposit, amount: '100.00' }] } });
    assert.equal(answer.status, 200, answer.text);
    const [reused, repeat] = answer.json['results'] as { status: string; seq: number; events: Record<string, unknown>[] }[];
    assert.equal(reused?.status, 'rejected');
    assert.equal(reused?.seq, seq);
    assert.equal(reused?.events[0]?.['code'], 'id_reused');
    assert.match(String(reused?.events[0]?.['reason']), new RegExp(`seq ${seq}`));
    assert.equal(repeat?.status, 'duplicate');
    assert.equal(await hash(), before);
  });

  test('lossy JSON is refused: a key twice (named with its path), invalid UTF-8, a charset other than UTF-8', async () => {
    const before = await hash();
    const twice = await h.call('POST', '/v1/commands', { rawBody: '{"commands":[{"type":"deposit","id":"dup-1","account":"dave","asset":"USDT","amount":"1","amount":"2"}]}' });
    assert.equal(twice.status, 400, twice.text);
    assert.match(twice.contentType, PROBLEM);
    assert.match(String(twice.json['detail']), /body\.commands\[0\]: has the key "amount" twice/);
    const bytes = Buffer.concat([Buffer.from('{"type":"deposit","id":"utf-1","account":"d'), Buffer.from([0xff, 0xfe]), Buffer.from('","asset":"USDT","amount":"1"}')]);
    const invalid = await fetch(`${h.url}/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${h.admin}`, 'content-type': 'application/json' }, body: bytes });
    assert.equal(invalid.status, 400);
    assert.match(((await invalid.json()) as { detail: string }).detail, /body: is not valid UTF-8/);
    const latin1 = await h.call('POST', '/v1/commands', { rawBody: '{"type":"deposit","id":"l1-1","account":"dave","asset":"USDT","amount":"1"}', headers: { 'content-type': 'application/json; charset=latin1' } });
    assert.equal(latin1.status, 415, latin1.text);
    assert.match(latin1.contentType, PROBLEM);
    assert.match(String(latin1.json['detail']), /latin1/);
    const utf8 = await h.call('POST', '/v1/commands', { rawBody: '{"type":"deposit","id":"u8-1","account":"dave","asset":"USDT","amount":"1"}', headers: { 'content-type': 'application/json; charset=UTF-8' } });
    assert.equal(utf8.status, 200, utf8.text);
    assert.notEqual(await hash(), before);
    assert.equal(await h.server.ctx.host.read(({ state }) => [...state.accounts.keys()].some((id) => id.includes('\uFFFD'))), false);
  });

  test('an account id at the documented limit (200 characters, any script) is written and read back; one above is refused', async () => {
    for (const account of ['a'.repeat(200), 'ü'.repeat(200), '🚀'.repeat(100)]) {
      const deposit = await h.call('POST', '/v1/commands', { body: { type: 'deposit', id: `long-${account.slice(0, 4)}`, account, asset: 'USDT', amount: '7' } });
      assert.equal(deposit.status, 200, deposit.text);
      const risk = await h.call('GET', `/v1/accounts/${encodeURIComponent(account)}`);
      assert.equal(risk.status, 200, risk.text.slice(0, 300));
      assert.equal((risk.json['account'] as { walletBalance: string }).walletBalance, '7');
      for (const path of ['/risk', '/positions', '/events']) assert.equal((await h.call('GET', `/v1/accounts/${encodeURIComponent(account)}${path}`)).status, 200, path);
      const key = await h.call('POST', '/v1/keys', { body: { role: 'account', account } });
      assert.equal(key.status, 201, key.text);
      assert.equal((await h.call('GET', `/v1/accounts/${encodeURIComponent(account)}`, { key: key.json['key'] as string })).status, 200);
    }
    const above = 'b'.repeat(201);
    const deposit = await h.call('POST', '/v1/commands', { body: { type: 'deposit', id: 'long-above', account: above, asset: 'USDT', amount: '7' } });
    assert.equal(deposit.status, 400);
    assert.match(String(deposit.json['detail']), /account: must be at most 200 characters/);
    const read = await h.call('GET', `/v1/accounts/${above}`);
    assert.equal(read.status, 400, read.text);
    assert.match(read.contentType, PROBLEM);
    assert.match(String(read.json['detail']), /params\.account: must be at most 200 characters/);
    const key = await h.call('POST', '/v1/keys', { body: { role: 'account', account: above } });
    assert.equal(key.status, 400, key.text);
  });

  test('a known asset the account holds nothing in still answers', async () => {
    const answer = await h.call('GET', '/v1/accounts/alice?asset=USDT', { key: aliceKey });
    assert.equal(answer.status, 200, answer.text);
  });
});
