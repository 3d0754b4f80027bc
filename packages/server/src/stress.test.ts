/**
 * Goal: POST /v1/stress is the engine's answer on the committed state and changes nothing.
 * Method: a real server on loopback (testing/harness.ts: alice long 1 BTC on 5,000 USDT at 10x,
 * bob short 0.5 BTC). A 17% drop takes alice past bankruptcy. The answer is compared with the
 * same prices command applied through the engine to a copy of the committed state (snapshot,
 * restore, applyCommand, the same tally); the journal's last seq and the state hash stay as they
 * were; roles and bad bodies get the documented problems.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyCommand, parseShocks, resolveShocks, restoreState, snapshotState, stateHash, stressCommand, tallyStress } from '@margin/engine';
import { stressResultSchema, type StressResult } from '@margin/wire';
import type { Harness } from './testing/harness.js';
import { startRoleHarness } from './testing/harness-roles.js';

describe('POST /v1/stress', () => {
  let h: Harness;
  let aliceKey: string;
  let venueKey: string;
  before(async () => {
    ({ h, aliceKey, venueKey } = await startRoleHarness());
  });
  after(async () => h.close());

  test('equals the same shocks applied through the engine to a copy, and changes nothing', async () => {
    const hashBefore = await h.server.ctx.host.read(({ state }) => stateHash(state));
    const seqBefore = h.server.ctx.host.lastSeq;
    const answer = await h.call('POST', '/v1/stress', { body: { shocks: 'BTCUSDT=-17%' }, key: venueKey });
    assert.equal(answer.status, 200, answer.text);
    const result = stressResultSchema.parse(answer.json) as StressResult;
    assert.deepEqual(result, answer.json, 'strictly the contract shape');
    assert.equal(result.totals[0]?.bankrupt, 1, 'alice goes bankrupt');
    assert.equal(result.totals[0]?.liquidated, 1);
    assert.notEqual(result.totals[0]?.deficit, '0');
    const copy = await h.server.ctx.host.read(({ state }) => restoreState(snapshotState(state)));
    const command = stressCommand(copy, resolveShocks(copy, parseShocks('BTCUSDT=-17%')));
    const { events } = applyCommand(copy, command, { seq: copy.lastSeq + 1 });
    const applied = tallyStress(copy, events);
    // The tally reads the state before the shock: use a fresh copy for the symbol lookups.
    const fresh = await h.server.ctx.host.read(({ state }) => restoreState(snapshotState(state)));
    assert.deepEqual({ symbols: result.symbols, totals: result.totals, events: result.events }, tallyStress(fresh, events));
    assert.equal(applied.totals[0]?.bankrupt, 1);
    assert.equal(h.server.ctx.host.lastSeq, seqBefore, 'nothing journaled');
    assert.equal(await h.server.ctx.host.read(({ state }) => stateHash(state)), hashBefore, 'state unchanged');
  });

  test('takes the shocks as an object too, with ALL', async () => {
    const answer = await h.call('POST', '/v1/stress', { body: { shocks: { ALL: '-1%', BTCUSDT: '+2%' } } });
    assert.equal(answer.status, 200, answer.text);
    const result = answer.json as unknown as StressResult;
    assert.deepEqual(result.shocks.map((s) => [s.symbol, s.percent, s.markAfter]), [['BTCUSD', '-1', '29700'], ['BTCUSDT', '2', '30600']]);
  });

  test('population read: admin and venue keys only', async () => {
    assert.equal((await h.call('POST', '/v1/stress', { body: { shocks: 'ALL=-5%' }, key: aliceKey })).status, 403);
    assert.equal((await h.call('POST', '/v1/stress', { body: { shocks: 'ALL=-5%' }, key: null })).status, 401);
  });

  test('bad shocks: one problem naming the field and the rule', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /body\.shocks/],
      [{ shocks: 'BTCUSDT=-100%' }, /must be above -100%/],
      [{ shocks: 'BTCUSDT' }, /each entry must be SYMBOL=PERCENT/],
      [{ shocks: { ETHUSDT: '-5%' } }, /unknown symbol/],
      [{ shocks: { BTCUSDT: 'x' } }, /must be a signed decimal percent/],
    ];
    for (const [body, pattern] of cases) {
      const answer = await h.call('POST', '/v1/stress', { body });
      assert.equal(answer.status, 400, answer.text);
      assert.match(answer.text, pattern);
    }
  });
});
