/**
 * The risk desk's population views on a real loopback server (issue 15): the ADL queue per symbol
 * and side equals the ranks published to each account (`accountRiskJson(..., { adl: true })`, as
 * `margin state --adl`), the largest holders, the clearing counterparty's net exposure and the
 * insurance fund over time. Auth and roles as every risk read route (admin and venue).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accountRiskJson, type AdlRankJson, type RiskJson } from '@margin/engine';
import { openJournal } from '@margin/store';
import { adlQueueSchema, exposureSchema, holdersSchema, insuranceHistorySchema } from '@margin/wire';
import { History } from './views/history.js';
import type { Harness } from './testing/harness.js';
import { applyAccepted, startRoleHarness } from './testing/harness-roles.js';

interface AdlRow { account: string; side: string; rank: number; count: number; quantile: string; indicator: number; score: string; size: string; notional: string; margin: string }

describe('risk desk views: ADL queue, holders, exposure, insurance fund', () => {
  let h: Harness;
  let aliceKey: string;
  let venueKey: string;

  before(async () => {
    ({ h, aliceKey, venueKey } = await startRoleHarness());
    // Seed: alice long 1 BTCUSDT, bob short 0.5 (both at 30,000). Add carol short 0.2 and dan long 0.3.
    await applyAccepted(h, [
      { type: 'deposit', id: 'd-carol', account: 'carol', asset: 'USDT', amount: '10000' },
      { type: 'fill', id: 'f-carol', account: 'carol', symbol: 'BTCUSDT', side: 'sell', size: '0.2', price: '30000', fee: '0', time: '2026-01-01T00:00:02Z' },
      { type: 'deposit', id: 'd-dan', account: 'dan', asset: 'USDT', amount: '3000' },
      { type: 'fill', id: 'f-dan', account: 'dan', symbol: 'BTCUSDT', side: 'buy', size: '0.3', price: '29000', fee: '0', time: '2026-01-01T00:00:02Z' },
      { type: 'insuranceDeposit', id: 'ins-1', asset: 'USDT', amount: '1000' },
      { type: 'insuranceDeposit', id: 'ins-2', asset: 'USDT', amount: '250.5' },
    ]);
    await h.server.ctx.board.nextPass();
  });
  after(async () => h.close());

  test('every answer parses with its @margin/wire schema (the OpenAPI is generated from them)', async () => {
    adlQueueSchema.parse((await h.call('GET', '/v1/risk/adl/BTCUSDT')).json);
    holdersSchema.parse((await h.call('GET', '/v1/risk/holders/BTCUSDT')).json);
    exposureSchema.parse((await h.call('GET', '/v1/risk/exposure')).json);
    insuranceHistorySchema.parse((await h.call('GET', '/v1/risk/insurance-fund')).json);
    const paths = (await h.call('GET', '/openapi.json', { key: null })).json['paths'] as Record<string, unknown>;
    for (const path of ['/v1/risk/adl/{symbol}', '/v1/risk/holders/{symbol}', '/v1/risk/exposure', '/v1/risk/insurance-fund']) assert.ok(path in paths, path);
  });

  test('auth and roles: no key 401, an account key 403, venue and admin 200', async () => {
    for (const path of ['/v1/risk/adl/BTCUSDT', '/v1/risk/holders/BTCUSDT', '/v1/risk/exposure', '/v1/risk/insurance-fund']) {
      assert.equal((await h.call('GET', path, { key: null })).status, 401, path);
      assert.equal((await h.call('GET', path, { key: aliceKey })).status, 403, path);
      assert.equal((await h.call('GET', path, { key: venueKey })).status, 200, path);
      assert.equal((await h.call('GET', path)).status, 200, path);
    }
  });

  test('the ADL queue per side equals the ranks published to each account', async () => {
    const answer = await h.call('GET', '/v1/risk/adl/BTCUSDT');
    assert.equal(answer.status, 200);
    const rows = answer.json['rows'] as AdlRow[];
    assert.deepEqual(answer.json['counts'], { long: 2, short: 2 });
    const published = await h.server.ctx.host.read(({ state }) =>
      ['alice', 'bob', 'carol', 'dan'].map((account) => ({ account, position: accountRiskJson(state, account, undefined, { adl: true })?.positions[0] as (RiskJson['positions'][number] & { adl?: AdlRankJson }) | undefined })),
    );
    for (const { account, position } of published) {
      const row = rows.find((r) => r.account === account);
      assert.ok(row && position?.adl, account);
      assert.deepEqual(
        { rank: row.rank, count: row.count, quantile: row.quantile, indicator: row.indicator, score: row.score, side: row.side, size: row.size, notional: row.notional },
        { rank: position.adl.rank, count: position.adl.count, quantile: position.adl.quantile, indicator: position.adl.indicator, score: position.adl.score, side: position.side, size: position.size, notional: position.notional },
        account,
      );
    }
    // Each side in rank order 1..n.
    for (const side of ['long', 'short']) assert.deepEqual(rows.filter((r) => r.side === side).map((r) => r.rank), [1, 2]);
    const shorts = await h.call('GET', '/v1/risk/adl/BTCUSDT?side=short&limit=1');
    assert.deepEqual((shorts.json['rows'] as AdlRow[]).map((r) => [r.side, r.rank]), [['short', 1]]);
    assert.equal((await h.call('GET', '/v1/risk/adl/NOPE')).status, 404);
    const bad = await h.call('GET', '/v1/risk/adl/BTCUSDT?side=up');
    assert.equal(bad.status, 400);
  });

  test('largest holders by notional, with exact side sizes and shares', async () => {
    const answer = await h.call('GET', '/v1/risk/holders/BTCUSDT');
    assert.equal(answer.status, 200);
    // Longs: alice 1 + dan 0.3 = 1.3; shorts: bob 0.5 + carol 0.2 = 0.7 (exact sums).
    assert.equal(answer.json['longSize'], '1.3');
    assert.equal(answer.json['shortSize'], '0.7');
    const holders = answer.json['holders'] as { account: string; size: string; notional: string; sharePercent: string }[];
    assert.deepEqual(holders.map((x) => x.account), ['alice', 'bob', 'dan', 'carol']);
    // alice 1 / 1.3 = 76.92 %; bob 0.5 / 0.7 = 71.43 %; dan 0.3 / 1.3 = 23.08 %; carol 0.2 / 0.7 = 28.57 %.
    assert.deepEqual(holders.map((x) => x.sharePercent), ['76.92', '71.43', '23.08', '28.57']);
    const alice = await h.call('GET', '/v1/accounts/alice');
    assert.equal(holders[0]?.notional, (alice.json['positions'] as { notional: string }[])[0]?.notional);
    const longs = await h.call('GET', '/v1/risk/holders/BTCUSDT?side=long&limit=1');
    assert.deepEqual((longs.json['holders'] as { account: string }[]).map((x) => x.account), ['alice']);
    assert.equal(longs.json['total'], 2);
    assert.equal((await h.call('GET', '/v1/risk/holders/BTCUSD')).status, 404);
  });

  test("net exposure: clearing holds the opposite of the holders' net position", async () => {
    const answer = await h.call('GET', '/v1/risk/exposure');
    assert.equal(answer.status, 200);
    const usdt = (answer.json['assets'] as { asset: string; clearingBalance: string; clearingNotional: string; symbols: Record<string, unknown>[] }[]).find((a) => a.asset === 'USDT');
    assert.ok(usdt);
    const btc = usdt.symbols.find((s) => s['symbol'] === 'BTCUSDT');
    // Longs 1.3 against shorts 0.7: clearing is short 0.6; at the 30,000 mark that is -18,000 USDT.
    assert.equal(btc?.['clearingSize'], '-0.6');
    assert.equal(btc?.['clearingNotional'], '-18000');
    assert.equal(usdt.clearingNotional, '-18000');
    const overview = await h.call('GET', '/v1/overview');
    assert.equal(usdt.clearingBalance, (overview.json['system'] as Record<string, Record<string, string>>)['USDT']?.['clearing'] ?? '0');
  });

  test('the insurance fund over time: one point per change, the last equal to the overview', async () => {
    const answer = await h.call('GET', '/v1/risk/insurance-fund');
    assert.equal(answer.status, 200);
    const usdt = (answer.json['funds'] as { asset: string; fund: string; points: { balance: string; change: string; reason: string; time: string | null }[] }[]).find((f) => f.asset === 'USDT' && f.fund === 'insurance');
    assert.ok(usdt);
    assert.deepEqual(usdt.points.map((p) => [p.change, p.balance, p.reason]), [['1000', '1000', 'deposit'], ['250.5', '1250.5', 'deposit']]);
    assert.ok(usdt.points.every((p) => p.time !== null));
    const overview = await h.call('GET', '/v1/overview');
    assert.equal((overview.json['insuranceFund'] as Record<string, string>)['USDT'], '1250.5');
  });

  test('after a restart the fund series is read back from the journal (times unknown, balances exact)', async () => {
    const journal = await openJournal(h.dbPath);
    try {
      const history = new History();
      await history.warm(journal, h.server.ctx.host.lastSeq);
      const points = history.funds.get('USDT')?.get('insurance')?.toArray() ?? [];
      assert.deepEqual(points.map((p) => [p.balance, p.committedAtMs]), [['1000', null], ['1250.5', null]]);
    } finally {
      await journal.close();
    }
  });
});
