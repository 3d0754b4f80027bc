import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Harness, market } from '../testing/harness.js';

describe('deposit and withdraw', () => {
  it('books a deposit from world to the wallet and a withdrawal back', () => {
    const h = new Harness();
    const deposited = h.one({ type: 'deposit', account: 'alice', asset: 'USDT', amount: '1000.5' });
    assert.equal(deposited.type, 'deposited');
    assert.deepEqual(deposited['entries'], [{ asset: 'USDT', from: 'world', to: 'user:alice:wallet', amount: '1000.5' }]);
    const withdrawn = h.one({ type: 'withdraw', account: 'alice', asset: 'USDT', amount: '0.5' });
    assert.equal(withdrawn['walletBalance'], '1000');
    assert.deepEqual(withdrawn['entries'], [{ asset: 'USDT', from: 'user:alice:wallet', to: 'world', amount: '0.5' }]);
    assert.equal(h.state.assets.get('USDT')?.system.get('world'), -1000n * 10n ** 8n);
  });

  it('rejects more fraction digits than the asset has, and honours an asset command', () => {
    const h = new Harness();
    assert.equal(h.one({ type: 'deposit', account: 'a', asset: 'USDT', amount: '1.000000001' })['code'], 'amount_precision_exceeded');
    h.one({ type: 'asset', asset: 'USDC', decimals: 2 });
    assert.equal(h.one({ type: 'deposit', account: 'a', asset: 'USDC', amount: '1.001' })['code'], 'amount_precision_exceeded');
    assert.equal(h.one({ type: 'deposit', account: 'a', asset: 'USDC', amount: '1.01' })['amount'], '1.01');
    assert.equal(h.one({ type: 'asset', asset: 'USDC', decimals: 6 })['code'], 'asset_in_use');
  });

  it('rejects a withdrawal from an unknown account or above the available balance', () => {
    const h = new Harness();
    assert.equal(h.one({ type: 'withdraw', account: 'bob', asset: 'USDT', amount: '1' })['code'], 'account_not_found');
    h.run({ type: 'deposit', account: 'bob', asset: 'USDT', amount: '5' });
    const rejected = h.one({ type: 'withdraw', account: 'bob', asset: 'USDT', amount: '5.01' });
    assert.equal(rejected['code'], 'available_balance_insufficient');
    assert.equal(rejected['reason'], 'at most 5 USDT can be withdrawn');
    assert.equal(h.wallet('bob'), 5n * 10n ** 8n);
  });

  it('lets a withdrawal take only equity - IM - open-order margin, never unrealised profit', () => {
    const h = market({}, ['alice'], '1000');
    h.run({ type: 'fill', account: 'alice', symbol: 'BTCUSDT', side: 'buy', size: '1', price: '30000', fee: '0', time: '2026-01-01T00:00:01Z' });
    // IM = 30000 / 125 = 240: free = 1000 - 240 = 760.
    assert.equal(h.one({ type: 'withdraw', account: 'alice', asset: 'USDT', amount: '760.00000001' })['code'], 'available_balance_insufficient');
    h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '31000', time: '2026-01-01T00:00:02Z' });
    // uPnL +1000 raises equity, but at most the wallet (1000) can leave.
    assert.equal(h.one({ type: 'withdraw', account: 'alice', asset: 'USDT', amount: '1000.00000001' })['code'], 'available_balance_insufficient');
    assert.equal(h.one({ type: 'withdraw', account: 'alice', asset: 'USDT', amount: '1000' })['type'], 'withdrawn');
  });

  it('acknowledges a repeated command id once and never applies it twice', () => {
    const h = new Harness();
    h.run({ type: 'deposit', id: 'd1', account: 'a', asset: 'USDT', amount: '10' });
    const again = h.one({ type: 'deposit', id: 'd1', account: 'a', asset: 'USDT', amount: '10' });
    assert.deepEqual(again, { type: 'duplicate', seq: 2, commandId: 'd1', command: 'deposit' });
    assert.equal(h.wallet('a'), 10n * 10n ** 8n);
    // A rejected id is spent too: retrying it is a duplicate, not a second attempt.
    h.run({ type: 'withdraw', id: 'w1', account: 'a', asset: 'USDT', amount: '11' });
    assert.equal(h.one({ type: 'withdraw', id: 'w1', account: 'a', asset: 'USDT', amount: '1' })['type'], 'duplicate');
  });
});
