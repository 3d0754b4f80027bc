/**
 * The risk desk's read API (issue 15) on a real loopback server: accounts at risk name the pool a
 * ratio belongs to with that pool's own figures, filter and sort; the overview values every
 * settle asset's insurance fund in one currency. Auth and roles as every read route.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Harness } from './testing/harness.js';
import { applyAccepted, startRoleHarness } from './testing/harness-roles.js';

interface Pool {
  kind: string;
  symbol: string | null;
  side: string | null;
  asset: string | null;
  equity: string;
  maintenanceMargin: string;
  initialMargin: string;
  marginRatio: string | null;
  liquidatable: boolean;
}
interface Summary {
  account: string;
  equity: string;
  maintenanceMargin: string;
  marginRatio: string | null;
  pool: Pool | null;
}

describe('risk desk API', () => {
  let h: Harness;
  let aliceKey: string;
  let venueKey: string;

  before(async () => {
    ({ h, aliceKey, venueKey } = await startRoleHarness());
    // carol: a cross BTCUSDT short and nothing else; erin: an isolated BTCUSDT long beside cash.
    await applyAccepted(h, [
      { type: 'deposit', id: 'd-carol', account: 'carol', asset: 'USDT', amount: '10000' },
      { type: 'fill', id: 'f-carol', account: 'carol', symbol: 'BTCUSDT', side: 'sell', size: '0.1', price: '30000', fee: '0', time: '2026-01-01T00:00:02Z' },
      { type: 'deposit', id: 'd-erin', account: 'erin', asset: 'USDT', amount: '100000' },
      { type: 'setMarginMode', id: 'm-erin', account: 'erin', symbol: 'BTCUSDT', mode: 'isolated' },
      { type: 'setLeverage', id: 'l-erin', account: 'erin', symbol: 'BTCUSDT', leverage: '20' },
      { type: 'fill', id: 'f-erin', account: 'erin', symbol: 'BTCUSDT', side: 'buy', size: '0.4', price: '30000', fee: '0', time: '2026-01-01T00:00:02Z' },
      { type: 'insuranceDeposit', id: 'ins-usdt', asset: 'USDT', amount: '1000' },
      { type: 'insuranceDeposit', id: 'ins-btc', asset: 'BTC', amount: '0.5' },
    ]);
    await h.server.ctx.board.nextPass();
  });
  after(async () => h.close());

  test("an isolated pool's ratio comes with that pool's equity and maintenance, not the account's totals", async () => {
    const list = await h.call('GET', '/v1/risk/accounts?limit=10');
    assert.equal(list.status, 200);
    const erin = (list.json['accounts'] as Summary[]).find((a) => a.account === 'erin');
    assert.ok(erin?.pool);
    const risk = await h.call('GET', '/v1/accounts/erin');
    const position = (risk.json['positions'] as Record<string, string>[])[0] ?? {};
    // The pool is the isolated BTCUSDT long, with the position's own figures.
    assert.deepEqual(erin.pool, {
      kind: 'isolated',
      symbol: 'BTCUSDT',
      side: 'long',
      asset: 'USDT',
      equity: position['isolatedEquity'],
      maintenanceMargin: position['maintenanceMargin'],
      initialMargin: position['initialMargin'],
      marginRatio: position['marginRatio'],
      liquidatable: false,
    });
    assert.equal(erin.marginRatio, erin.pool.marginRatio);
    // Hand-worked: 0.4 BTC at 30,000 = 12,000 notional; IM at 20x = 600 moved into the pool;
    // MM = 12,000 x 0.4% (tier 1) = 48; ratio = 48 / 600 = 8 %. The account's equity is 100,000.
    assert.equal(erin.pool.equity, '600');
    assert.equal(erin.pool.maintenanceMargin, '48');
    assert.equal(erin.pool.marginRatio, '0.08');
    assert.equal(erin.equity, '100000');
  });

  test('a cross pool is the account cross figures', async () => {
    const list = await h.call('GET', '/v1/risk/accounts?limit=10');
    const carol = (list.json['accounts'] as Summary[]).find((a) => a.account === 'carol');
    const account = (await h.call('GET', '/v1/accounts/carol')).json['account'] as Record<string, string>;
    assert.deepEqual(carol?.pool, { kind: 'cross', symbol: null, side: null, asset: 'USDT', equity: account['equity'], maintenanceMargin: account['maintenanceMargin'], initialMargin: account['initialMargin'], marginRatio: account['marginRatio'], liquidatable: false });
  });

  test('filters by symbol, asset and margin mode; sorts by account, pool equity or ratio', async () => {
    const ids = async (query: string): Promise<string[]> => ((await h.call('GET', `/v1/risk/accounts?${query}`)).json['accounts'] as Summary[]).map((a) => a.account);
    assert.deepEqual(await ids('mode=isolated'), ['erin']);
    assert.deepEqual(await ids('mode=cross&sort=account'), ['alice', 'bob', 'carol']);
    assert.deepEqual(await ids('symbol=BTCUSD'), []);
    assert.deepEqual(await ids('asset=USDT&sort=account&order=desc'), ['erin', 'carol', 'bob', 'alice']);
    const byPoolEquity = (await h.call('GET', '/v1/risk/accounts?sort=poolEquity&order=asc')).json['accounts'] as Summary[];
    const equities = byPoolEquity.map((a) => Number(a.pool?.equity));
    assert.deepEqual(equities, [...equities].sort((a, b) => a - b));
    const total = await h.call('GET', '/v1/risk/accounts?mode=isolated&limit=1');
    assert.equal(total.json['total'], 1);
  });

  test('a bad filter is one clear 400 naming the query field', async () => {
    const bad = await h.call('GET', '/v1/risk/accounts?mode=portfolio');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json['errors'], [{ path: 'query.mode', rule: 'must be one of cross, isolated, got "portfolio"' }]);
    const sort = await h.call('GET', '/v1/risk/accounts?sort=size');
    assert.equal(sort.status, 400);
    assert.match(String(sort.json['detail']), /^query\.sort: must be one of ratio, poolEquity, poolMaintenanceMargin, equity, account/);
  });

  test('the insurance fund of every settle asset, valued in one reference currency', async () => {
    const overview = await h.call('GET', '/v1/overview');
    assert.equal(overview.status, 200);
    // 1,000 USDT + 0.5 BTC x 30,000 (the BTCUSDT mark) = 16,000 USDT.
    assert.deepEqual(overview.json['insuranceFundValued'], {
      reference: 'USDT',
      total: '16000.00',
      complete: true,
      assets: [
        { asset: 'BTC', amount: '0.5', priceSymbol: 'BTCUSDT', price: '30000', value: '15000.00' },
        { asset: 'USDT', amount: '1000', priceSymbol: null, price: '1', value: '1000.00' },
      ],
    });
    assert.deepEqual(overview.json['insuranceFund'], { BTC: '0.5', USDT: '1000' }, 'the per-asset field is unchanged');
  });

  test('roles as every read route: admin and venue read, an account key is refused', async () => {
    assert.equal((await h.call('GET', '/v1/risk/accounts?mode=isolated', { key: venueKey })).status, 200);
    assert.equal((await h.call('GET', '/v1/risk/accounts?mode=isolated', { key: aliceKey })).status, 403);
    assert.equal((await h.call('GET', '/v1/risk/accounts', { key: null })).status, 401);
  });
});
