import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fill, market } from '../testing/harness.js';

const E8 = 10n ** 8n;

describe('isolated margin', () => {
  it('tops the isolated account up to IM on open and releases it pro rata on reduce', () => {
    const h = market();
    h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
    h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '10' });
    const opened = h.one(fill('alice', 'buy', '1', '30000'));
    assert.deepEqual(opened['entries'], [{ asset: 'USDT', from: 'user:alice:wallet', to: 'user:alice:isolated:BTCUSDT', amount: '3000' }]);
    assert.equal(h.wallet('alice'), 7000n * E8);
    const half = h.one(fill('alice', 'sell', '0.5', '31000'));
    // PnL 500 into the isolated account, then half of 3,500 back to the wallet.
    assert.deepEqual(half['entries'], [
      { asset: 'USDT', from: 'clearing', to: 'user:alice:isolated:BTCUSDT', amount: '500' },
      { asset: 'USDT', from: 'user:alice:isolated:BTCUSDT', to: 'user:alice:wallet', amount: '1750' },
    ]);
    h.run(fill('alice', 'sell', '0.5', '31000'));
    assert.equal(h.wallet('alice'), 11000n * E8);
    assert.equal(h.state.accounts.get('alice')?.positions.size, 0);
  });

  it('covers a fill away from the mark: top-up = IM - (balance + uPnL at the mark)', () => {
    const h = market();
    h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
    h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '10' });
    const opened = h.one(fill('alice', 'buy', '1', '30100'));
    assert.equal(opened['position'] && (opened['position'] as { isolatedBalance: string }).isolatedBalance, '3100');
  });

  it('adds and removes isolated margin within the free amounts', () => {
    const h = market({}, ['alice'], '4000');
    h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
    h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '10' });
    h.run(fill('alice', 'buy', '1', '30000'));
    assert.equal(h.one({ type: 'addIsolatedMargin', account: 'alice', symbol: 'BTCUSDT', amount: '1000.00000001' })['code'], 'available_balance_insufficient');
    assert.equal(h.one({ type: 'addIsolatedMargin', account: 'alice', symbol: 'BTCUSDT', amount: '1000' })['isolatedBalance'], '4000');
    assert.equal(h.one({ type: 'removeIsolatedMargin', account: 'alice', symbol: 'BTCUSDT', amount: '1000.00000001' })['code'], 'available_balance_insufficient');
    assert.equal(h.one({ type: 'removeIsolatedMargin', account: 'alice', symbol: 'BTCUSDT', amount: '1000' })['isolatedBalance'], '3000');
    assert.equal(h.one({ type: 'addIsolatedMargin', account: 'alice', symbol: 'ETHUSDT', amount: '1' })['code'], 'isolated_position_not_found');
    assert.equal(h.one({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'cross' })['code'], 'position_or_orders_open');
  });
});

describe('open orders', () => {
  it('reserve IM: the larger side per symbol counts, and a withdrawal cannot take it', () => {
    const h = market({}, ['alice'], '300');
    const placed = h.one({ type: 'placeOrder', account: 'alice', orderId: 'b1', symbol: 'BTCUSDT', side: 'buy', size: '1', price: '29000' });
    assert.equal(placed['orderInitialMargin'], '232');
    const second = h.one({ type: 'placeOrder', account: 'alice', orderId: 'b2', symbol: 'BTCUSDT', side: 'buy', size: '1', price: '29000' });
    assert.equal(second['code'], 'initial_margin_insufficient');
    assert.equal(h.one({ type: 'placeOrder', account: 'alice', orderId: 's1', symbol: 'BTCUSDT', side: 'sell', size: '1', price: '31000' })['openOrderMargin'], '248');
    assert.equal(h.one({ type: 'withdraw', account: 'alice', asset: 'USDT', amount: '52.00000001' })['code'], 'available_balance_insufficient');
    assert.equal(h.one({ type: 'withdraw', account: 'alice', asset: 'USDT', amount: '52' })['type'], 'withdrawn');
    assert.equal(h.one({ type: 'placeOrder', account: 'alice', orderId: 's1', symbol: 'BTCUSDT', side: 'sell', size: '1', price: '31000' })['code'], 'order_id_in_use');
  });

  it('a fill against an order uses up its reservation; cancel frees the rest', () => {
    const h = market({}, ['alice'], '300');
    h.run({ type: 'placeOrder', account: 'alice', orderId: 'b1', symbol: 'BTCUSDT', side: 'buy', size: '1', price: '29000' });
    assert.equal(h.one(fill('alice', 'buy', '2', '29000', { orderId: 'b1' }))['code'], 'order_size_exceeded');
    assert.equal(h.one(fill('alice', 'sell', '1', '29000', { orderId: 'b1' }))['code'], 'order_not_found');
    // Filling at a mark of 30,000 the position needs IM 240 and the rest of the order 116.
    const filled = h.one(fill('alice', 'buy', '0.5', '29000', { orderId: 'b1' }));
    assert.equal(filled['orderRemaining'], '0.5');
    const canceled = h.one({ type: 'cancelOrder', account: 'alice', orderId: 'b1' });
    assert.equal(canceled['remaining'], '0.5');
    assert.equal(h.one({ type: 'cancelOrder', account: 'alice', orderId: 'b1' })['code'], 'order_not_found');
  });

  it('reduce-only orders reserve nothing and must reduce', () => {
    const h = market({}, ['alice'], '300');
    assert.equal(h.one({ type: 'placeOrder', account: 'alice', orderId: 'r1', symbol: 'BTCUSDT', side: 'sell', size: '1', price: '31000', reduceOnly: true })['code'], 'reduce_only_would_increase_position');
    h.run(fill('alice', 'buy', '0.5', '30000'));
    const placed = h.one({ type: 'placeOrder', account: 'alice', orderId: 'r1', symbol: 'BTCUSDT', side: 'sell', size: '0.5', price: '31000', reduceOnly: true });
    assert.equal(placed['orderInitialMargin'], '0');
    assert.equal(h.one(fill('alice', 'sell', '0.5', '31000', { orderId: 'r1' }))['realizedPnl'], '500');
  });

  it('fill, order, leverage and mode commands name unknown symbols and accounts', () => {
    const h = market();
    assert.equal(h.one({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '126' })['code'], 'leverage_above_tier_max');
    assert.equal(h.one({ type: 'setLeverage', account: 'zed', symbol: 'BTCUSDT', leverage: '10' })['code'], 'account_not_found');
    assert.equal(h.one({ type: 'setMarginMode', account: 'alice', symbol: 'NOPE', mode: 'isolated' })['code'], 'instrument_not_found');
    assert.equal(h.one({ type: 'placeOrder', account: 'alice', orderId: 'x', symbol: 'BTCUSDT', side: 'buy', size: '1', price: '1' }).type, 'orderPlaced');
  });
});
