/**
 * A failed journal write on a running server (issue 14 defect 3): the waiting request gets a 503
 * problem, /v1/health reports the failure instead of "ok", and reads answer the committed state
 * only (the command the journal refused is not visible anywhere).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stateHash } from '@margin/engine';
import { REFUSE_INSERTS_SQL, runSqliteSql } from '@margin/store/testing';
import { startHarness, type Harness } from './testing/harness.js';

const PROBLEM = /^application\/problem\+json/;

describe('journal write failure on a running server', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());

  test('503 for the waiting request and for health; reads show the committed state only', async () => {
    assert.equal((await h.call('GET', '/v1/health', { key: null })).status, 200);
    const before = await h.call('GET', '/v1/accounts/alice');
    assert.equal(before.status, 200, before.text);
    const hashBefore = await h.server.ctx.host.read(({ state }) => stateHash(state));
    runSqliteSql(h.dbPath, REFUSE_INSERTS_SQL.sqlite);
    const deposits = await Promise.all([1, 2, 3].map((i) =>
      h.call('POST', '/v1/commands', { body: { commands: [{ type: 'deposit', id: `lost-${i}`, account: 'alice', asset: 'USDT', amount: '1000' }] } })));
    for (const answer of deposits) {
      assert.equal(answer.status, 503, answer.text);
      assert.match(answer.contentType, PROBLEM);
      assert.match(String(answer.json['detail']), /disk is full \(injected\)/);
    }
    const health = await h.call('GET', '/v1/health', { key: null });
    assert.equal(health.status, 503, health.text);
    assert.match(health.contentType, PROBLEM);
    assert.match(String(health.json['detail']), /the journal failed.*disk is full \(injected\)/);
    const afterRead = await h.call('GET', '/v1/accounts/alice');
    assert.equal(afterRead.status, 200, afterRead.text);
    assert.deepEqual(afterRead.json, before.json, 'the refused deposits are nowhere in what a reader sees');
    assert.equal(await h.server.ctx.host.read(({ state }) => stateHash(state)), hashBefore);
  });
});
