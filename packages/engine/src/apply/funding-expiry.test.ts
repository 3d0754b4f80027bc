import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BTCUSDT_FUTURE_T0_PLUS_1D, BTCUSDT_LINEAR_MILLI_CONTRACT, BTCUSD_INVERSE_100_MMR04, at } from '@margin/testkit';
import { Harness, fill, market } from '../testing/harness.js';

describe('funding', () => {
  it('longs pay and shorts receive at the mark; the clearing account takes the unmatched side', () => {
    const h = market({}, ['alice', 'bob']);
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(fill('bob', 'sell', '0.5', '30000'));
    assert.equal(h.one({ type: 'settleFunding', symbol: 'BTCUSDT', time: at(3600) })['code'], 'funding_rate_missing');
    h.run({ type: 'fundingRate', symbol: 'BTCUSDT', rate: '0.0001', time: at(10) });
    const events = h.run({ type: 'settleFunding', symbol: 'BTCUSDT', time: at(3600) });
    const paid = events.filter((event) => event.type === 'fundingPaid').map((event) => [event['account'], event['amount']]);
    assert.deepEqual(paid, [['alice', '-3'], ['bob', '1.5']]);
    const settled = events.find((event) => event.type === 'fundingSettled');
    assert.equal(settled?.['clearing'], '1.5');
    assert.equal(settled?.['rounding'], '0');
    assert.equal(h.one({ type: 'settleFunding', symbol: 'BTCUSDT', time: at(3600) })['code'], 'funding_already_settled');
    assert.equal(h.one({ type: 'settleFunding', symbol: 'BTCUSDT', time: at(60) })['code'], 'funding_time_not_after_last');
  });

  it('rounds payers up and receivers down; the dust goes to funding-rounding', () => {
    const h = market({}, ['alice', 'bob']);
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(fill('bob', 'sell', '0.5', '30000'));
    // 30000 x 0.0000333333333 = 0.999999999: alice pays 1.00000000, bob gets 0.49999999.
    const events = h.run({ type: 'settleFunding', symbol: 'BTCUSDT', time: at(3600), rate: '0.0000333333333' });
    const paid = events.filter((event) => event.type === 'fundingPaid').map((event) => event['amount']);
    assert.deepEqual(paid, ['-1', '0.49999999']);
    const settled = events.find((event) => event.type === 'fundingSettled');
    assert.equal(settled?.['clearing'], '0.49999999');
    assert.equal(settled?.['rounding'], '0.00000002');
    assert.equal(h.state.assets.get('USDT')?.system.get('funding-rounding'), 2n);
  });

  it('settles inverse funding in the coin, from isolated accounts where the position is isolated', () => {
    const h = new Harness();
    h.run({ type: 'instrument', instrument: BTCUSD_INVERSE_100_MMR04 });
    h.run({ type: 'price', symbol: 'BTCUSD', markPrice: '40000', time: at(0) });
    h.run({ type: 'deposit', account: 'alice', asset: 'BTC', amount: '1' });
    h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSD', mode: 'isolated' });
    h.run(fill('alice', 'sell', '400', '40000', { symbol: 'BTCUSD' }));
    // Short 400 x 100 USD = 1 BTC at 40,000; rate -0.0002: the short pays 0.0002 BTC.
    const events = h.run({ type: 'settleFunding', symbol: 'BTCUSD', time: at(3600), rate: '-0.0002' });
    const payment = events.find((event) => event.type === 'fundingPaid');
    assert.equal(payment?.['amount'], '-0.0002');
    assert.deepEqual(payment?.['entries'], [{ asset: 'BTC', from: 'user:alice:isolated:BTCUSD', to: 'clearing', amount: '0.0002' }]);
  });
});

describe('expiry settlement', () => {
  it('closes every position of a dated future at the settlement price and stops trading', () => {
    const h = market({}, ['alice', 'bob']);
    h.run({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
    h.run({ type: 'price', symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol, markPrice: '30000', time: at(0) });
    h.run(fill('alice', 'buy', '1', '30000', { symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol }));
    h.run({ type: 'placeOrder', account: 'bob', orderId: 'o1', symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol, side: 'sell', size: '1', price: '30500' });
    assert.equal(h.one({ type: 'settleExpiry', symbol: 'BTCUSDT', price: '30000', time: at(86400) })['code'], 'instrument_not_dated');
    assert.equal(h.one({ type: 'settleExpiry', symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol, price: '31000', time: at(100) })['code'], 'expiry_not_reached');
    const events = h.run({ type: 'settleExpiry', symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol, price: '31000', time: at(86400) });
    assert.deepEqual(events.map((event) => event.type), ['positionSettled', 'orderCanceled', 'expirySettled']);
    assert.equal(events[0]?.['realizedPnl'], '1000');
    assert.equal(h.one(fill('alice', 'buy', '1', '31000', { symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol }))['code'], 'instrument_expired');
    assert.equal(h.one({ type: 'price', symbol: BTCUSDT_FUTURE_T0_PLUS_1D.symbol, markPrice: '30000', time: at(90000) })['code'], 'instrument_expired');
  });
});

describe('instruments and prices', () => {
  it('rejects invalid tiers with the field, stale prices and contract changes under open positions', () => {
    const h = market();
    const bad = h.one({ type: 'instrument', instrument: { ...BTCUSD_INVERSE_100_MMR04, symbol: 'BAD', tiers: [{ notionalFloor: '1', maintenanceRate: '0.01', maxLeverage: '10' }] } });
    assert.equal(bad['code'], 'instrument_invalid');
    assert.match(String(bad['reason']), /^instrument\.tiers\[0\]\.notionalFloor: first tier must start at 0/);
    assert.equal(h.one({ type: 'price', symbol: 'BTCUSDT', markPrice: '1', time: '2025-12-31T00:00:00Z' })['code'], 'price_stale');
    h.run(fill('alice', 'buy', '1', '30000'));
    const changed = h.one({ type: 'instrument', instrument: BTCUSDT_LINEAR_MILLI_CONTRACT });
    assert.equal(changed['code'], 'instrument_change_not_allowed');
  });

  it('a prices batch moves several marks and scans once', () => {
    const h = market();
    const events = h.run({ type: 'prices', time: at(5), prices: [{ symbol: 'BTCUSDT', markPrice: '30100' }, { symbol: 'ETHUSDT', markPrice: '2010', indexPrice: '2011' }] });
    assert.deepEqual(events.map((event) => [event.type, event['symbol']]), [['priceUpdated', 'BTCUSDT'], ['priceUpdated', 'ETHUSDT']]);
    assert.equal(h.one({ type: 'prices', time: at(6), prices: [{ symbol: 'BTCUSDT', markPrice: '1' }, { symbol: 'NOPE', markPrice: '1' }] })['code'], 'instrument_not_found');
    assert.equal(h.state.markets.get('BTCUSDT')?.markPrice, 30100n * 10n ** 18n);
  });
});
