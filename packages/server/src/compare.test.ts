/**
 * Goal: GET /v1/accounts/{account}/compare is `margin compare` over the account's committed
 * positions, and changes nothing.
 * Method: a real server on loopback (testing/harness.ts: alice long 1 BTC on 5,000 USDT at 10x).
 * The answer equals core's `compareVenues` over the engine's `margin risk` input of alice (the
 * input `margin compare FILE` would read), each venue that holds her reports what `margin risk
 * --profile VENUE` reports, funding at each venue's rule is there; an account no venue can hold
 * (a wallet without positions) answers 200 with each venue's refusal; roles, unknown accounts and
 * a bad premium get the documented problems; the state hash is unchanged.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVenues, computeRisk, parseFixed, parseRiskInput, riskReportToJson } from '@margin/core';
import { accountRiskInput, stateHash } from '@margin/engine';
import { compareResultSchema, type CompareResult } from '@margin/wire';
import { startHarness, type Harness } from './testing/harness.js';

describe('GET /v1/accounts/{account}/compare', () => {
  let h: Harness;
  let aliceKey: string;
  let bobKey: string;
  before(async () => {
    h = await startHarness();
    aliceKey = (await h.server.ctx.keys.create({ role: 'account', account: 'alice' })).key;
    bobKey = (await h.server.ctx.keys.create({ role: 'account', account: 'bob' })).key;
  });
  after(async () => h.close());

  test('equals margin compare over the account as a margin risk input, and changes nothing', async () => {
    const hashBefore = await h.server.ctx.host.read(({ state }) => stateHash(state));
    const answer = await h.call('GET', '/v1/accounts/alice/compare?premium=0.0003', { key: aliceKey });
    assert.equal(answer.status, 200, answer.text);
    const result = compareResultSchema.parse(answer.json) as CompareResult;
    assert.deepEqual(result, answer.json, 'strictly the contract shape');
    const input = await h.server.ctx.host.read(({ state }) => accountRiskInput(state, 'alice'));
    assert.ok(input !== null);
    const expected = JSON.parse(JSON.stringify(compareVenues(input, { premium: parseFixed('0.0003') }))) as Omit<CompareResult, 'account' | 'asOfSeq'>;
    const { account, asOfSeq, ...report } = result;
    assert.equal(account, 'alice');
    assert.equal(asOfSeq, h.server.ctx.host.lastSeq);
    assert.deepEqual(report, expected);
    const held = result.venues.filter((v) => v.holds);
    assert.ok(held.length >= 3, `several venues hold a linear USDT position (${held.map((v) => v.venue).join(', ')})`);
    for (const venue of held) {
      const risk = riskReportToJson(computeRisk(parseRiskInput(input, venue.venue).request));
      assert.deepEqual(venue.account, JSON.parse(JSON.stringify(risk.account)), venue.venue);
      assert.equal(venue.funding?.premium, '0.0003');
    }
    // The engine's own risk read of alice and the generic venue agree on the figures both compute.
    const own = await h.call('GET', '/v1/accounts/alice/risk', { key: aliceKey });
    const generic = result.venues.find((v) => v.venue === 'generic');
    assert.equal((generic?.account as { equity?: string } | null)?.equity, (own.json as { account: { equity: string } }).account.equity);
    assert.ok(result.differences.some((d) => d.rule === 'funding'), 'funding rules differ between the venues');
    const refused = result.venues.filter((v) => !v.holds);
    assert.deepEqual(result.refusals.map((r) => [r.venue, r.message]), refused.map((v) => [v.venue, v.reason]), 'each venue that does not hold alice refuses her, with its reason');
    for (const r of result.refusals) assert.equal(r.code, / lists inverse contracts; /.test(r.message) ? 'contract-kind' : 'rule', r.venue);
    assert.ok(result.refusals.some((r) => r.code === 'contract-kind'), 'the inverse venues refuse a linear account');
    assert.equal(await h.server.ctx.host.read(({ state }) => stateHash(state)), hashBefore, 'state unchanged');
  });

  test('an account no venue can hold (a wallet without positions) answers 200 with every venue\'s refusal', async () => {
    const deposit = await h.call('POST', '/v1/commands', { body: { commands: [{ type: 'deposit', id: 'cmp-carol', account: 'carol', asset: 'USDT', amount: '1000' }] } });
    assert.equal(deposit.status, 200, deposit.text);
    const answer = await h.call('GET', '/v1/accounts/carol/compare');
    assert.equal(answer.status, 200, answer.text);
    const result = compareResultSchema.parse(answer.json) as CompareResult;
    assert.deepEqual(result, answer.json, 'strictly the contract shape');
    assert.equal(result.venues.filter((v) => v.holds).length, 0);
    assert.ok(result.refusals.length >= 3);
    assert.deepEqual(result.refusals.map((r) => r.venue), result.venues.map((v) => v.venue), 'every venue refuses');
    for (const r of result.refusals) assert.equal(r.code, 'no-positions', r.venue);
    const input = await h.server.ctx.host.read(({ state }) => accountRiskInput(state, 'carol'));
    const { account, asOfSeq, ...report } = result;
    assert.equal(account, 'carol');
    assert.ok(asOfSeq >= 0);
    assert.deepEqual(report, JSON.parse(JSON.stringify(compareVenues(input))));
  });

  test('another account\'s key sees not found; unknown accounts are not found; a bad premium names the field', async () => {
    assert.equal((await h.call('GET', '/v1/accounts/alice/compare', { key: bobKey })).status, 404);
    assert.equal((await h.call('GET', '/v1/accounts/nobody/compare')).status, 404);
    const bad = await h.call('GET', '/v1/accounts/alice/compare?premium=1e-3');
    assert.equal(bad.status, 400);
    assert.match((bad.json as { detail: string }).detail, /^query\.premium: /);
  });
});
