/**
 * `GET /v1/accounts/{account}/collateral` on a real loopback server: the collateral breakdown
 * (each asset: quantity, index, haircut, value), own equity and credit apart, after collateral
 * commands posted through the API; null without collateral rules; 404 for an unknown account; an
 * account key reads its own account only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accountCollateralSchema } from '@margin/wire';
import { startHarness, type Harness } from './testing/harness.js';
import { applyAccepted } from './testing/harness-roles.js';

describe('account collateral API', () => {
  let h: Harness;

  before(async () => {
    h = await startHarness();
    await applyAccepted(h, [
      { type: 'deposit', id: 'c-btc', account: 'alice', asset: 'BTC', amount: '35' },
      { type: 'collateralAsset', id: 'c-r1', asset: 'BTC', haircut: { unit: 'quantity', tiers: [{ upTo: '10', ratio: '0.98' }, { upTo: '20', ratio: '0.95' }, { upTo: '30', ratio: '0.9' }, { upTo: '40', ratio: '0.85' }, { upTo: '50', ratio: '0.8' }] } },
      { type: 'collateralAsset', id: 'c-r2', asset: 'USDT', haircut: { tiers: [{ ratio: '1' }] } },
      { type: 'collateralPrices', id: 'c-p1', time: '2026-01-01T00:00:05Z', prices: [{ asset: 'BTC', indexPrice: '60000' }, { asset: 'USDT', indexPrice: '1' }] },
      { type: 'creditLine', id: 'c-cl', account: 'alice', limit: '10000', used: '0', bands: { initial: '0.5', marginCall: '0.7', liquidation: '0.8' } },
    ]);
  });
  after(async () => h.close());

  test('the breakdown: BTC by its tiers, USDT at 1, credit reported apart and never withdrawable', async () => {
    const answer = await h.call('GET', '/v1/accounts/alice/collateral');
    assert.equal(answer.status, 200, answer.text);
    const body = accountCollateralSchema.parse(answer.json);
    assert.ok(body.pool);
    const rows = body.pool.collateral.map((c) => [c.asset, c.quantity, c.indexPrice, c.haircut, c.value]);
    assert.deepEqual(rows[0], ['BTC', '35', '60000', '0.15', '1953000']);
    assert.equal(rows[1]?.[0], 'USDT');
    assert.equal(body.pool.credit?.limit, '10000');
    assert.equal(body.pool.credit?.available, '10000');
    assert.equal(Number(body.pool.account.equity) - Number(body.pool.account.ownEquity), 10000);
    assert.ok(Number(body.pool.account.withdrawable) <= Number(body.pool.account.ownEquity));
  });

  test('no collateral rules: pool null; unknown account: 404; another account\'s key: not found', async () => {
    const bob = await h.call('POST', '/v1/commands', { body: { commands: [{ type: 'deposit', id: 'c-sol', account: 'bob', asset: 'SOL', amount: '1' }] } });
    assert.equal(bob.status, 200);
    const none = await h.call('GET', '/v1/accounts/carol/collateral');
    assert.equal(none.status, 404);
    const bobKey = (await h.server.ctx.keys.create({ role: 'account', account: 'bob' })).key;
    const own = await h.call('GET', '/v1/accounts/bob/collateral', { key: bobKey });
    assert.equal(own.status, 200, own.text);
    assert.equal(accountCollateralSchema.parse(own.json).pool?.unpriced.includes('SOL'), true);
    const foreign = await h.call('GET', '/v1/accounts/alice/collateral', { key: bobKey });
    // As every account route: a foreign key learns nothing, not even that the account exists.
    assert.equal(foreign.status, 404);
  });
});
