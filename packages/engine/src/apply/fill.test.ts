import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X_INVERSE_1USD, at } from '@margin/testkit';
import { fill, market } from '../testing/harness.js';

const E8 = 10n ** 8n;

describe('fill', () => {
  it('opens a position, charging the fee to the fees account', () => {
    const h = market();
    const filled = h.one(fill('alice', 'buy', '0.1', '30000', { fee: '1.2' }));
    assert.equal(filled.type, 'filled');
    assert.deepEqual(filled['position'], { key: 'BTCUSDT', size: '0.1', entryPrice: '30000', margin: 'cross', isolatedBalance: null });
    assert.deepEqual(filled['entries'], [{ asset: 'USDT', from: 'user:alice:wallet', to: 'fees', amount: '1.2' }]);
    assert.equal(h.state.assets.get('USDT')?.system.get('fees'), 12n * 10n ** 7n);
  });

  it('settles realised PnL against the clearing account on close and flip', () => {
    const h = market();
    h.run(fill('alice', 'buy', '1', '30000'));
    const flipped = h.one(fill('alice', 'sell', '3', '31000'));
    assert.equal(flipped['realizedPnl'], '1000');
    assert.deepEqual(flipped['entries'], [{ asset: 'USDT', from: 'clearing', to: 'user:alice:wallet', amount: '1000' }]);
    assert.deepEqual(flipped['position'], { key: 'BTCUSDT', size: '-2', entryPrice: '31000', margin: 'cross', isolatedBalance: null });
    const closed = h.one(fill('alice', 'buy', '2', '31500'));
    assert.equal(closed['realizedPnl'], '-1000');
    assert.equal(h.state.accounts.get('alice')?.positions.size, 0);
    assert.equal(h.wallet('alice'), 10000n * E8);
    assert.equal(h.state.assets.get('USDT')?.system.get('clearing'), 0n);
  });

  it('rejects a risk-increasing fill that would leave equity below initial margin, changing nothing', () => {
    const h = market();
    // 50 BTC at 30,000 = 1,500,000 notional: tier 3 (max 50x), IM 30,000 > 10,000.
    const rejected = h.one(fill('alice', 'buy', '50', '30000', { fee: '5' }));
    assert.equal(rejected['code'], 'initial_margin_insufficient');
    assert.equal(h.wallet('alice'), 10000n * E8);
    assert.equal(h.state.accounts.get('alice')?.positions.size, 0);
    // 10 BTC = 300,000 notional, IM 6,000: accepted.
    assert.equal(h.one(fill('alice', 'buy', '10', '30000'))['type'], 'filled');
    // Lowering leverage to 2 would need IM 150,000: refused, the setting stays.
    assert.equal(h.one({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '2' })['code'], 'initial_margin_insufficient');
    assert.equal(h.state.accounts.get('alice')?.settings.get('BTCUSDT'), undefined);
  });

  it('lets reducing fills through even when the account is below initial margin', () => {
    const h = market({}, ['alice'], '100');
    h.run(fill('alice', 'buy', '0.1', '30000'));
    h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '29130', time: at(2) });
    // equity = 100 - 87 = 13 < IM 23.30: adding is refused, reducing is not.
    assert.equal(h.one(fill('alice', 'buy', '0.01', '29130'))['code'], 'initial_margin_insufficient');
    // The account was at the warning level (MM 11.652 / equity 13 = 0.896); halving clears it.
    const events = h.run(fill('alice', 'sell', '0.05', '29130'));
    assert.deepEqual(events.map((event) => event.type), ['filled', 'marginCallCleared']);
  });

  it('checks reduce-only, tick, lot, fee precision, account and symbol in order', () => {
    const h = market();
    assert.equal(h.one(fill('alice', 'sell', '1', '30000', { reduceOnly: true }))['code'], 'reduce_only_would_increase_position');
    assert.equal(h.one(fill('alice', 'buy', '1', '30000.05'))['code'], 'price_not_multiple_of_tick');
    assert.equal(h.one(fill('alice', 'buy', '0.0005', '30000'))['code'], 'size_not_multiple_of_lot');
    assert.equal(h.one(fill('alice', 'buy', '1', '30000', { fee: '0.000000001' }))['code'], 'amount_precision_exceeded');
    assert.equal(h.one(fill('bob', 'buy', '1', '30000'))['code'], 'account_not_found');
    assert.equal(h.one(fill('alice', 'buy', '1', '30000', { symbol: 'DOGEUSDT' }))['code'], 'instrument_not_found');
    assert.equal(h.one(fill('alice', 'buy', '1', '30000', { positionSide: 'long' }))['code'], 'position_side_not_allowed');
  });

  it('keeps long and short apart in hedge mode and refuses to reduce past a side', () => {
    const h = market();
    h.run({ type: 'setPositionMode', account: 'alice', mode: 'hedge' });
    assert.equal(h.one(fill('alice', 'buy', '1', '30000'))['code'], 'position_side_required');
    h.run(fill('alice', 'buy', '1', '30000', { positionSide: 'long' }));
    h.run(fill('alice', 'sell', '2', '30000', { positionSide: 'short' }));
    const positions = h.state.accounts.get('alice')?.positions;
    assert.deepEqual([...(positions?.keys() ?? [])].sort(), ['BTCUSDT/long', 'BTCUSDT/short']);
    assert.equal(h.one(fill('alice', 'sell', '1.5', '30000', { positionSide: 'long' }))['code'], 'reduce_exceeds_position');
    assert.equal(h.one(fill('alice', 'sell', '1', '30500', { positionSide: 'long' }))['realizedPnl'], '500');
    assert.equal(h.one({ type: 'setPositionMode', account: 'alice', mode: 'one-way' })['code'], 'positions_or_orders_open');
  });

  it('rounds realised PnL down to the asset units (against the account)', () => {
    const h = market();
    h.run(fill('alice', 'buy', '0.001', '30000'));
    // PnL = 0.001 x 0.1 = 0.0001: exact at 8 decimals. A short closes with -0.0001.
    assert.equal(h.one(fill('alice', 'sell', '0.001', '30000.1'))['realizedPnl'], '0.0001');
    h.run({ type: 'instrument', instrument: X_INVERSE_1USD });
    h.run({ type: 'price', symbol: 'X', markPrice: '30000', time: at(2) });
    h.run({ type: 'deposit', account: 'alice', asset: 'BTC', amount: '1' });
    h.run(fill('alice', 'buy', '1', '30000', { symbol: 'X' }));
    // Inverse PnL 1 x (1/30000 - 1/30001) = 1.1110740...e-9 BTC: floored to 0.
    const closed = h.one(fill('alice', 'sell', '1', '30001', { symbol: 'X' }));
    assert.equal(closed['realizedPnl'], '0');
    h.run(fill('alice', 'sell', '1', '30001', { symbol: 'X' }));
    // A short losing 1.11e-9 pays a full unit.
    assert.equal(h.one(fill('alice', 'buy', '1', '30002', { symbol: 'X' }))['realizedPnl'], '-0.00000001');
  });
});
