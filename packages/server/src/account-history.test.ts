/**
 * GET /v1/accounts/{account}/history: equity, maintenance margin and margin ratio over time from
 * the risk board's passes; auth as every account route (own account or admin/venue; a foreign or
 * missing account is the same 404).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accountHistorySchema } from '@margin/wire';
import type { Harness } from './testing/harness.js';
import { startRoleHarness } from './testing/harness-roles.js';

describe('per-account history', () => {
  let h: Harness;
  let aliceKey: string;
  let venueKey: string;

  before(async () => {
    ({ h, aliceKey, venueKey } = await startRoleHarness());
    await h.server.ctx.board.nextPass();
  });
  after(async () => h.close());

  test('auth: no key 401; an account key its own only (foreign and missing alike 404); venue and admin any', async () => {
    assert.equal((await h.call('GET', '/v1/accounts/alice/history', { key: null })).status, 401);
    assert.equal((await h.call('GET', '/v1/accounts/alice/history', { key: aliceKey })).status, 200);
    const foreign = await h.call('GET', '/v1/accounts/bob/history', { key: aliceKey });
    const missing = await h.call('GET', '/v1/accounts/nobody/history', { key: aliceKey });
    assert.equal(foreign.status, 404);
    assert.equal(String(foreign.json['detail']).replace('bob', '?'), String(missing.json['detail']).replace('nobody', '?'));
    assert.equal((await h.call('GET', '/v1/accounts/bob/history', { key: venueKey })).status, 200);
    assert.equal((await h.call('GET', '/v1/accounts/nobody/history')).status, 404);
  });

  test('a point per pass that changed something; figures equal the risk API at each step', async () => {
    // Alice is among the riskiest (top 200): tracked from the first pass.
    const first = accountHistorySchema.parse((await h.call('GET', '/v1/accounts/alice/history')).json);
    assert.equal(first.tracked, true);
    const risk1 = await h.call('GET', '/v1/accounts/alice');
    const last1 = first.points.at(-1);
    assert.equal(last1?.pool?.equity, (risk1.json['account'] as { equity: string }).equity);
    assert.equal(last1?.marginRatio, (risk1.json['account'] as { marginRatio: string }).marginRatio);
    // At 25,130 her equity is 115 against 100.52 maintenance (hand-worked in stream.test.ts).
    assert.equal((await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'hist-p1', symbol: 'BTCUSDT', markPrice: '25130', time: '2026-01-01T00:01:00Z' } })).status, 200);
    await h.server.ctx.board.nextPass();
    const second = accountHistorySchema.parse((await h.call('GET', '/v1/accounts/alice/history')).json);
    assert.equal(second.points.length, first.points.length + 1);
    const last2 = second.points.at(-1);
    assert.deepEqual([last2?.equity, last2?.maintenanceMargin, last2?.pool?.kind], ['115', '100.52', 'cross']);
    assert.equal(last2?.marginRatio, '0.8740869566');
    // A pass with nothing changed adds no point.
    await h.server.ctx.board.nextPass();
    const third = accountHistorySchema.parse((await h.call('GET', '/v1/accounts/alice/history')).json);
    assert.equal(third.points.length, second.points.length);
    const limited = accountHistorySchema.parse((await h.call('GET', '/v1/accounts/alice/history?limit=1')).json);
    assert.deepEqual(limited.points, [last2]);
    assert.equal((await h.call('GET', '/v1/accounts/alice/history?limit=0')).status, 400);
  });
});
