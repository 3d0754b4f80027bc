/**
 * Collateral state in the engine: `collateralAsset` (from the venue record's snapshot or in full),
 * `collateralPrices`, `creditLine`; the account's collateral breakdown read from it; refusals with
 * their codes; snapshot and restore keep it (same hash); preview leaves it unchanged.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { at } from '@margin/testkit';
import { applyCommand, type EngineEvent } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { preview } from '../preview/preview.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { Harness, fill } from '../testing/harness.js';
import { accountCollateralJson } from './account-collateral.js';
import { BTCUSDT_LINEAR_3TIER } from '@margin/testkit';

const rejection = (events: EngineEvent[]) => (events.length === 1 && events[0]?.type === 'rejected' ? events[0]['code'] : null);

/** A Bybit engine (its record has the UTA snapshot) with BTC and USDT collateral priced. */
function bybitPool(): Harness {
  const h = new Harness({ profile: 'bybit-linear' });
  h.run({ type: 'instrument', instrument: BTCUSDT_LINEAR_3TIER });
  h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '60000', indexPrice: '60000', time: at(0) });
  h.run({ type: 'asset', asset: 'BTC', decimals: 8 });
  h.run({ type: 'deposit', account: 'alice', asset: 'BTC', amount: '35' });
  h.run({ type: 'deposit', account: 'alice', asset: 'USDT', amount: '1000' });
  h.run({ type: 'collateralAsset', asset: 'BTC', snapshot: 'bybit-uta-2025-09-18' });
  h.run({ type: 'collateralAsset', asset: 'USDT', snapshot: 'bybit-uta-2025-09-18' });
  h.run({ type: 'collateralPrices', time: at(0), prices: [{ asset: 'BTC', indexPrice: '60000' }, { asset: 'USDT', indexPrice: '1' }] });
  return h;
}

describe('collateral state', () => {
  it('the breakdown of an account: 35 BTC by Bybit\'s tiers = 1,953,000 USD, USDT at 1, credit apart', () => {
    const h = bybitPool();
    h.run({ type: 'creditLine', account: 'alice', limit: '50000', used: '0', bands: { initial: '0.5', marginCall: '0.7', liquidation: '0.8' } });
    const json = accountCollateralJson(h.state, 'alice');
    assert.ok(json);
    assert.deepEqual(json.collateral.map((c) => [c.asset, c.quantity, c.indexPrice, c.haircut, c.value]), [
      ['BTC', '35', '60000', '0.15', '1953000'],
      ['USDT', '1000', '1', '0', '1000'],
    ]);
    assert.equal(json.account.collateralValue, '1954000');
    assert.equal(json.account.ownEquity, '1954000');
    assert.equal(json.account.equity, '2004000');
    assert.equal(json.credit?.available, '50000');
    assert.deepEqual(json.unpriced, []);
  });

  it('cross positions count through their settle asset\'s figures', () => {
    const h = bybitPool();
    h.run(fill('alice', 'buy', '0.1', '60000'));
    const json = accountCollateralJson(h.state, 'alice');
    assert.ok(json);
    assert.notEqual(json.account.initialMargin, '0');
    assert.notEqual(json.account.maintenanceMargin, '0');
  });

  it('no collateral rules: no breakdown', () => {
    const h = new Harness();
    h.run({ type: 'deposit', account: 'bob', asset: 'USDT', amount: '5' });
    assert.equal(accountCollateralJson(h.state, 'bob'), null);
  });

  it('refusals: unknown snapshot, asset not in it, tiers out of order, price without rules, stale price, bands out of order', () => {
    const h = bybitPool();
    assert.equal(rejection(h.run({ type: 'collateralAsset', asset: 'BTC', snapshot: 'nope' })), 'collateral_rule_invalid');
    assert.equal(rejection(h.run({ type: 'collateralAsset', asset: 'DOGE', snapshot: 'bybit-uta-2025-09-18' })), 'collateral_rule_invalid');
    const [tiers] = h.run({ type: 'collateralAsset', asset: 'ETH', haircut: { tiers: [{ upTo: '10', ratio: '0.9' }, { upTo: '5', ratio: '0.8' }] } });
    assert.equal(tiers?.['code'], 'collateral_rule_invalid');
    assert.match(String(tiers?.['reason']), /haircut\.tiers\[1\]\.upTo: tiers out of order/);
    assert.equal(rejection(h.run({ type: 'collateralAsset', asset: 'ETH' })), 'collateral_rule_invalid');
    assert.equal(rejection(h.run({ type: 'collateralPrices', time: at(1), prices: [{ asset: 'SOL', indexPrice: '100' }] })), 'collateral_asset_not_found');
    h.run({ type: 'collateralPrices', time: at(10), prices: [{ asset: 'BTC', indexPrice: '61000' }] });
    assert.equal(rejection(h.run({ type: 'collateralPrices', time: at(5), prices: [{ asset: 'BTC', indexPrice: '60000' }] })), 'price_stale');
    assert.equal(rejection(h.run({ type: 'creditLine', account: 'alice', limit: '10', bands: { initial: '0.8', marginCall: '0.7', liquidation: '0.9' } })), 'credit_line_invalid');
    assert.equal(rejection(h.run({ type: 'creditLine', account: 'nobody', limit: '10' })), 'account_not_found');
  });

  it('a negative credit limit is refused at the boundary, naming the field', () => {
    assert.throws(() => parseCommand({ type: 'creditLine', id: 'x', account: 'alice', limit: '-1' }), /limit/);
  });

  it('snapshot and restore keep the collateral state and the hash', () => {
    const h = bybitPool();
    h.run({ type: 'creditLine', account: 'alice', limit: '50000', used: '100' });
    const text = snapshotState(h.state);
    assert.match(text, /"collateral"/);
    assert.match(text, /"creditLine"/);
    const restored = restoreState(text);
    assert.equal(stateHash(restored), stateHash(h.state));
    assert.deepEqual(accountCollateralJson(restored, 'alice'), accountCollateralJson(h.state, 'alice'));
  });

  it('preview of collateral commands gives apply\'s events and leaves the state unchanged', () => {
    const h = bybitPool();
    const commands = [
      parseCommand({ id: 'q1', type: 'collateralAsset', asset: 'BTC', haircut: { tiers: [{ ratio: '0.5' }] } }),
      parseCommand({ id: 'q2', type: 'collateralPrices', time: at(100), prices: [{ asset: 'BTC', indexPrice: '50000', bidBuffer: '0.01' }] }),
      parseCommand({ id: 'q3', type: 'creditLine', account: 'alice', limit: '777' }),
    ];
    const hash = stateHash(h.state);
    const before = accountCollateralJson(h.state, 'alice');
    const seq = h.state.lastSeq + 1;
    const result = preview(h.state, commands, { seq });
    assert.equal(stateHash(h.state), hash);
    assert.deepEqual(accountCollateralJson(h.state, 'alice'), before);
    const applied = commands.flatMap((command, i) => applyCommand(h.state, command, { seq: seq + i }).events);
    assert.deepEqual(result.events, applied);
    assert.equal(accountCollateralJson(h.state, 'alice')?.collateral[0]?.value, '866250');
  });

  it('borrowing: converting beyond the wallet makes a loan where the rules allow it; interest accrues on it exactly', () => {
    const h = bybitPool();
    const [converted] = h.run({ type: 'convertCollateral', account: 'alice', fromAsset: 'USDT', toAsset: 'BTC', quantity: '5000', fromIndex: '1', toIndex: '60000', time: at(1) });
    assert.equal(converted?.type, 'collateralConverted');
    assert.equal(h.wallet('alice', 'USDT'), -4000n * 10n ** 8n);
    const pool = accountCollateralJson(h.state, 'alice');
    assert.equal(pool?.collateral.find((c) => c.asset === 'USDT')?.liability, '4000');
    // 4,000 x 10% / 365 for one day = 1.0958904109..., rounded up to USDT's 8 decimals.
    const [interest] = h.run({ type: 'chargeInterest', account: 'alice', asset: 'USDT', annualRate: '0.1', from: at(0), to: at(86400) });
    assert.equal(interest?.['principal'], '4000');
    assert.equal(interest?.['amount'], '1.09589042');
    assert.equal(interest?.['walletBalance'], '-4001.09589042');
    // Limits: the asset's borrow limit, and the pool's initial margin.
    h.run({ type: 'collateralAsset', asset: 'USDT', snapshot: 'bybit-uta-2025-09-18', borrowLimit: '4500' });
    assert.equal(rejection(h.run({ type: 'convertCollateral', account: 'alice', fromAsset: 'USDT', toAsset: 'BTC', quantity: '1000', fromIndex: '1', toIndex: '60000', time: at(2) })), 'borrow_limit_exceeded');
    h.run({ type: 'collateralAsset', asset: 'USDT', snapshot: 'bybit-uta-2025-09-18' });
    assert.equal(rejection(h.run({ type: 'convertCollateral', account: 'alice', fromAsset: 'USDT', toAsset: 'BTC', quantity: '3000000', fromIndex: '1', toIndex: '60000', time: at(2) })), 'initial_margin_insufficient');
    // An asset whose rules do not lend cannot go negative.
    h.run({ type: 'deposit', account: 'alice', asset: 'ETH', amount: '1' });
    h.run({ type: 'collateralAsset', asset: 'ETH', haircut: { tiers: [{ ratio: '0.9' }] } });
    h.run({ type: 'collateralPrices', time: at(3), prices: [{ asset: 'ETH', indexPrice: '2000' }] });
    assert.equal(rejection(h.run({ type: 'convertCollateral', account: 'alice', fromAsset: 'ETH', toAsset: 'USDT', quantity: '2', fromIndex: '2000', toIndex: '1', time: at(3) })), 'available_balance_insufficient');
  });

  it('coverLoans: after positions, a loan is repaid by selling the other collateral at the index less the discount', () => {
    const h = bybitPool();
    h.run({ type: 'convertCollateral', account: 'alice', fromAsset: 'USDT', toAsset: 'BTC', quantity: '5000', fromIndex: '1', toIndex: '60000', time: at(1) });
    const events = h.run({ type: 'coverLoans', account: 'alice', discount: '0.025', time: at(2) });
    assert.deepEqual(events.map((e) => e.type).slice(0, 1), ['collateralConverted']);
    const sale = events[0];
    assert.equal(sale?.['fromAsset'], 'BTC');
    assert.equal(sale?.['toAsset'], 'USDT');
    // 4,000 / (60,000 x 0.975) = 0.06837606... BTC, rounded up to 8 decimals; the loan is repaid.
    assert.equal(sale?.['fromAmount'], '0.06837607');
    assert.ok(h.wallet('alice', 'USDT') >= 0n);
    assert.equal(rejection(h.run({ type: 'coverLoans', account: 'alice', time: at(3) })), 'loan_not_found');
  });
});
