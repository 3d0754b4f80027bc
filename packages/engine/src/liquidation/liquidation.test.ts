/**
 * Liquidation flows through `applyCommand`, one per rule, with the numbers worked out by hand in
 * the comments. Every command's ledger is checked by the harness (conservation).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineEvent } from '../apply/apply-command.js';
import { accountRiskJson } from '../report/account-risk.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { BOOK_THIN_ABOVE_29000, DYDX_BTC_USD_MMR5, at, bookCommand } from '@margin/testkit';
import { Harness, fill, market } from '../testing/harness.js';
import { adlRanks } from './adl-ranks.js';
import { insuranceFunds } from './funds.js';

const E8 = 10n ** 8n;
const types = (events: readonly EngineEvent[]): string[] => events.map((event) => event.type);
const ofType = (events: readonly EngineEvent[], type: string): EngineEvent[] => events.filter((event) => event.type === type);
const price = (h: Harness, mark: string, second: number, symbol = 'BTCUSDT'): EngineEvent[] => h.run({ type: 'price', symbol, markPrice: mark, time: at(second) });

describe('liquidation', () => {
  it('generic (restore): closes the smallest lot that restores maintenance plus the record\'s buffer at the mark, fee to the fund', () => {
    // 1,000 USDT, long 1 BTC at 30,000; at 29,110 equity 110 < MM 116.44 (0.4%).
    const h = market({}, ['alice'], '1000');
    h.run(fill('alice', 'buy', '1', '30000'));
    const events = price(h, '29110', 2);
    // The buffer takes the pool back out of the margin call as well (ratio 68.93 / 86.25 = 79.9% < 80%).
    assert.deepEqual(types(events), ['priceUpdated', 'marginCall', 'liquidationStarted', 'liquidationFill', 'liquidationFee', 'insuranceFundChanged', 'liquidationEnded', 'marginCallCleared']);
    // Fee 0.2% of the closed notional, buffer 0.1% of the notional left open (generic record):
    // 110 - 58.22 c >= (116.44 + 29.11) (1 - c) <=> c >= 35.55 / 87.33 = 0.40707 -> 0.408.
    // (Without the buffer it was 0.111, leaving the pool at 99.9% of maintenance.)
    const filled = ofType(events, 'liquidationFill')[0];
    assert.equal(filled?.['size'], '0.408');
    assert.equal(filled?.['venue'], 'mark');
    assert.equal(ofType(events, 'liquidationFee')[0]?.['amount'], '23.75376'); // 0.408 x 29,110 x 0.2%
    const ended = ofType(events, 'liquidationEnded')[0];
    assert.equal(ended?.['outcome'], 'restored');
    // Equity 110 - 23.75376 = 86.24624 >= MM 0.592 x 29,110 x 0.4% = 68.93248 + buffer 17.23312 = 86.1656.
    assert.equal(ended?.['equity'], '86.24624');
    assert.equal(ended?.['maintenanceMargin'], '68.93248');
    assert.deepEqual(insuranceFunds(h.state), { USDT: { insurance: '23.75376' } });
    // A further 0.05% down-tick no longer liquidates it again (no second fee).
    const next = price(h, '29095.5', 3);
    assert.equal(ofType(next, 'liquidationStarted').length, 0);
    assert.deepEqual(insuranceFunds(h.state), { USDT: { insurance: '23.75376' } });
  });

  it('cancels the account\'s open orders before reducing', () => {
    const h = market({}, ['alice'], '1000');
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run({ type: 'placeOrder', account: 'alice', orderId: 'tp', symbol: 'BTCUSDT', side: 'sell', size: '1', price: '31000', reduceOnly: true });
    h.run({ type: 'placeOrder', account: 'alice', orderId: 'add', symbol: 'ETHUSDT', side: 'buy', size: '0.1', price: '1500' });
    const events = price(h, '29110', 2);
    const canceled = ofType(events, 'orderCanceled');
    assert.deepEqual(canceled.map((event) => [event['orderId'], event['reason']]), [['add', 'liquidation'], ['tp', 'liquidation']]);
    assert.ok(types(events).indexOf('orderCanceled') < types(events).indexOf('liquidationFill'));
    assert.equal(h.state.accounts.get('alice')?.orders.size, 0);
  });

  it('binance-usdm (tier-step): steps down below the tier floor, then closes the lowest tier; clearance fee to the BTCUSDT fund', () => {
    // Long 2 BTC at 30,000 (tier 2 from 50,000: MMR 0.5%, amount 50) on 700 USDT at 100x.
    const h = market({ profile: 'binance-usdm' }, ['alice'], '700');
    h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '100' });
    h.run(fill('alice', 'buy', '2', '30000'));
    const events = price(h, '29700', 2); // equity 100 < MM 59,400 x 0.5% - 50 = 247
    const fills = ofType(events, 'liquidationFill');
    // Keep 1.683 (49,991.1 < 50,000), close 0.317; still short in tier 1: close the rest.
    assert.deepEqual(fills.map((event) => event['size']), ['0.317', '1.683']);
    // Fee 0.3% (125x contract): 0.317 x 29,700 x 0.3% = 28.2447, then the rest of the equity (capped).
    assert.deepEqual(ofType(events, 'liquidationFee').map((event) => [event['amount'], event['fund']]), [['28.2447', 'insurance:BTCUSDT'], ['71.7553', 'insurance:BTCUSDT']]);
    assert.equal(h.wallet('alice'), 0n);
  });

  it('hyperliquid (chunk): above 100,000 of notional 20% per step until maintenance is met', () => {
    const h = market({ profile: 'hyperliquid' }, ['alice'], '10000');
    h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '40' });
    h.run(fill('alice', 'buy', '5', '30000'));
    // At 28,100: equity 500 < MM 140,500 x 0.5% - 50 = 652.5, and above 2/3 of it (435).
    const events = price(h, '28100', 2);
    assert.deepEqual(ofType(events, 'liquidationFill').map((event) => event['size']), ['1', '0.8']);
    assert.equal(ofType(events, 'liquidationEnded')[0]?.['outcome'], 'restored');
    assert.equal(h.state.accounts.get('alice')?.positions.get('BTCUSDT')?.size, 32n * 10n ** 17n);
  });

  it('hyperliquid backstop: equity below 2/3 of maintenance hands everything to the fund, equity included', () => {
    const h = market({ profile: 'hyperliquid' }, ['alice'], '10000');
    h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '40' });
    h.run(fill('alice', 'buy', '5', '30000'));
    const events = price(h, '28050', 2); // equity 250 < 2/3 x 651.25
    assert.deepEqual(ofType(events, 'liquidationFill').map((event) => [event['executor'], event['size']]), [['backstop', '5']]);
    const fee = ofType(events, 'liquidationFee')[0];
    assert.deepEqual([fee?.['reason'], fee?.['amount']], ['remaining-equity', '250']);
    assert.equal(h.wallet('alice'), 0n);
  });

  it('book executor: walks the bids with price impact down to the bankruptcy price, consumes them, the fund takes the rest', () => {
    const h = market({}, ['alice'], '1000');
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(bookCommand('BTCUSDT', BOOK_THIN_ABOVE_29000, at(2)));
    // 29,110: the restore rule wants 0.408 (with the buffer); the book gives 0.1 above the bankruptcy price 29,000,
    // so the fund takes the position over (smaller takeovers would not restore the ratio).
    const events = price(h, '29110', 3);
    const fills = ofType(events, 'liquidationFill');
    assert.deepEqual(fills.map((event) => [event['executor'], event['size'], event['price']]), [['book', '0.1', '29080'], ['backstop', '0.9', '29110']]);
    assert.deepEqual(fills[0]?.['fills'], [{ price: '29100', size: '0.05' }, { price: '29060', size: '0.05' }]);
    assert.deepEqual(h.state.markets.get('BTCUSDT')?.book?.bids.map((level) => level.price), [28990n * 10n ** 18n]);
    // The backstop takes 0.011 at the bankruptcy price: the equity behind them goes to the fund.
    assert.deepEqual(ofType(events, 'liquidationFee').map((event) => event['reason']), ['clearance-fee', 'backstop-takeover']);
  });

  it('dydx-v4 (full): the whole isolated position goes, the penalty to the fund, the rest of the margin back to the wallet', () => {
    const h = new Harness({ profile: 'dydx-v4' });
    h.run({ type: 'instrument', instrument: DYDX_BTC_USD_MMR5 });
    h.run({ type: 'price', symbol: 'BTC-USD', markPrice: '30000', time: at(0) });
    h.run({ type: 'deposit', account: 'alice', asset: 'USDC', amount: '5000' });
    h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTC-USD', mode: 'isolated' });
    h.run({ type: 'fill', account: 'alice', symbol: 'BTC-USD', side: 'buy', size: '1', price: '30000', time: at(1) }); // isolated 3,000
    // At 28,400: equity 1,400 < MM 1,420. Closed in full at the mark, penalty 1.5% x 28,400 = 426.
    const events = price(h, '28400', 2, 'BTC-USD');
    assert.deepEqual(ofType(events, 'liquidationFill').map((event) => event['size']), ['1']);
    assert.equal(ofType(events, 'liquidationFee')[0]?.['amount'], '426');
    assert.equal(ofType(events, 'isolatedMarginReleased')[0]?.['amount'], '974');
    assert.equal(h.wallet('alice', 'USDC'), (2000n + 974n) * E8);
  });

  it('backstop-only executor: the fund takes every liquidated contract at the bankruptcy price', () => {
    const h = market({ liquidation: { executors: ['backstop'] } }, ['alice'], '1000');
    h.run(fill('alice', 'buy', '1', '30000'));
    const events = price(h, '29110', 2);
    assert.ok(ofType(events, 'liquidationFill').every((event) => event['executor'] === 'backstop'));
    // Taking over at the bankruptcy price leaves the ratio where it was: the position goes in full,
    // and the trader keeps nothing above the bankruptcy price 29,000.
    assert.equal(h.state.accounts.get('alice')?.positions.size, 0);
    assert.equal(h.wallet('alice'), 0n);
    assert.equal(insuranceFunds(h.state)['USDT']?.['insurance'], '110');
    const restored = restoreState(snapshotState(h.state));
    assert.deepEqual(restored.liquidation.executors, ['backstop']);
    assert.equal(stateHash(restored), stateHash(h.state));
  });

  it('bankruptcy: the fund covers the deficit when it can', () => {
    const h = market({}, ['alice', 'bob'], '1000');
    h.run({ type: 'insuranceDeposit', asset: 'USDT', amount: '500' });
    h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
    h.run(fill('alice', 'buy', '1', '30000')); // isolated 240 at 125x
    h.run(fill('bob', 'sell', '1', '30000'));
    const events = price(h, '29500', 2); // equity 240 - 500 = -260
    assert.equal(ofType(events, 'bankruptcy')[0]?.['deficit'], '260');
    const covered = ofType(events, 'deficitCovered');
    assert.deepEqual(covered.map((event) => [event['by'], event['amount']]), [['insurance', '260']]);
    assert.equal(insuranceFunds(h.state)['USDT']?.['insurance'], '240');
    assert.equal(h.wallet('alice'), 760n * E8);
    assert.equal(ofType(events, 'lossShared').length, 0);
  });

  it('socialised loss (drift-v2): what the fund cannot cover is shared pro rata by size over the open interest', () => {
    const h = market({ profile: 'drift-v2' }, ['alice', 'bob', 'carol', 'dave'], '1000');
    h.run({ type: 'insuranceDeposit', asset: 'USDT', amount: '5' });
    h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(fill('bob', 'sell', '0.3', '30000'));
    h.run(fill('carol', 'sell', '0.6', '30000'));
    h.run(fill('dave', 'buy', '0.2', '30000'));
    const events = price(h, '29500', 2);
    // Deficit 260: the fund pays 5, the other 255 are shared over 1.1 BTC of open interest:
    // bob 0.3/1.1, carol 0.6/1.1, dave 0.2/1.1 of 255, each rounded up to the unit.
    assert.deepEqual(ofType(events, 'deficitCovered').map((event) => [event['by'], event['amount']]), [['insurance', '5'], ['socialized', '255']]);
    assert.deepEqual(ofType(events, 'lossShared').map((event) => [event['account'], event['amount']]), [['bob', '69.54545455'], ['carol', '139.0909091'], ['dave', '46.36363637']]);
    const social = ofType(events, 'lossSocialized')[0];
    assert.equal(social?.['rounding'], '0.00000002');
    assert.equal(h.state.assets.get('USDT')?.system.get('socialized-loss'), 0n);
    assert.equal(h.state.assets.get('USDT')?.system.get('socialized-rounding'), 2n);
  });

  it('a deficit nobody can take stays with the account, declared unresolved', () => {
    const h = market({}, ['alice'], '1000'); // generic: ADL, and nobody is short
    h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
    h.run(fill('alice', 'buy', '1', '30000'));
    const events = price(h, '29500', 2);
    const unresolved = ofType(events, 'deficitUnresolved')[0];
    assert.deepEqual([unresolved?.['amount'], unresolved?.['fundBalance']], ['260', '0']);
    // The isolated account is gone; the wallet carries the loss: 760 - 260.
    assert.equal(h.wallet('alice'), 500n * E8);
  });

  it('binance ADL: the profitable opposite side is closed at the bankruptcy price, highest leverage-PnL first', () => {
    const h = market({ profile: 'binance-usdm' }, ['alice', 'bob', 'carol'], '1000');
    h.run({ type: 'setMarginMode', account: 'alice', symbol: 'BTCUSDT', mode: 'isolated' });
    h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '50' });
    h.run(fill('alice', 'buy', '1', '30000')); // isolated 600: bankruptcy price 29,400
    h.run(fill('bob', 'sell', '0.5', '30000'));
    h.run({ type: 'deposit', account: 'carol', asset: 'USDT', amount: '9000' });
    h.run(fill('carol', 'sell', '2', '30000'));
    price(h, '29800', 2);
    // Both shorts profit 200 per BTC: bob (PnL 100 / wallet 1,000 x MM 59.6 / equity 1,100) ranks
    // before carol (400 / 10,000 x 248 / 10,400).
    const ranks = adlRanks(h.state, 'BTCUSDT').filter((row) => row.side === 'short');
    assert.deepEqual(ranks.map((row) => [row.account, row.rank, row.indicator]), [['bob', 1, 5], ['carol', 2, 3]]);
    assert.equal((accountRiskJson(h.state, 'bob', 'USDT', { adl: true })?.positions[0] as { adl?: { rank: number } }).adl?.rank, 1);
    const events = price(h, '29000', 3); // alice: 600 - 1,000 = -400
    const adl = ofType(events, 'autoDeleveraged');
    // 400 over 1 BTC = 400 per contract past the mark: bankruptcy price 29,400. Bob's 0.5 pays 200,
    // carol closes 0.5 of her 2 for the other 200.
    assert.deepEqual(adl.map((event) => [event['account'], event['size'], event['price'], event['haircut']]), [['bob', '0.5', '29400', '200'], ['carol', '0.5', '29400', '200']]);
    assert.equal(h.state.accounts.get('carol')?.positions.get('BTCUSDT')?.size, -15n * 10n ** 17n);
    assert.equal(h.wallet('alice'), 400n * E8);
  });

  it('symbol funds: a deposit can seed one; insuranceDeposit and book refuse what they must', () => {
    const h = market({}, ['alice'], '1000');
    const seeded = h.run({ type: 'insuranceDeposit', asset: 'USDT', symbol: 'ETHUSDT', amount: '100' });
    assert.deepEqual(types(seeded), ['insuranceDeposited', 'insuranceFundChanged']);
    assert.deepEqual(insuranceFunds(h.state), { USDT: { insurance: '0', 'insurance:ETHUSDT': '100' } });
    assert.equal(h.one({ type: 'insuranceDeposit', asset: 'BTC', symbol: 'ETHUSDT', amount: '1' })['code'], 'insurance_asset_mismatch');
    assert.equal(h.one({ type: 'insuranceDeposit', asset: 'USDT', amount: '0.000000001' })['code'], 'amount_precision_exceeded');
    const book = (bids: string[][], asks: string[][], second = 5) => h.one({ type: 'book', symbol: 'BTCUSDT', bids, asks, time: at(second) });
    assert.equal(book([['30000.05', '1']], [])['code'], 'price_not_multiple_of_tick');
    assert.equal(book([['30000', '0.0001']], [])['code'], 'size_not_multiple_of_lot');
    assert.equal(book([['29000', '1'], ['29500', '1']], [])['code'], 'book_levels_not_ordered');
    assert.equal(book([['30000', '1']], [['29999', '1']])['code'], 'book_crossed');
    assert.equal(book([['29999', '1']], [['30001', '1']])['type'], 'bookUpdated');
    assert.equal(book([['29999', '1']], [['30001', '1']], 4)['code'], 'book_stale');
    const restored = restoreState(snapshotState(h.state));
    assert.equal(stateHash(restored), stateHash(h.state));
    assert.deepEqual(restored.markets.get('BTCUSDT')?.book, h.state.markets.get('BTCUSDT')?.book);
  });
});
