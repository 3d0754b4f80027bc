/**
 * Published venue examples replayed through the engine (each case names its public source):
 * - Bybit bankruptcy price, USDT contract (2.3): long 1 BTC @ 10,000 at 50x -> 9,800; the
 *   liquidated position is closed at that price and what is left above it goes to the fund.
 * - Bybit inverse (2.3, 2.4): 12,000 USD long @ 8,000 at 50x: IM 0.03 BTC; BP = Entry x Lev /
 *   (Lev + 1) = 7,843.137..., shown on the 0.5 tick toward the safe side (7,843.5).
 * - BitMEX ADL allocation (4.5, vector 22): six longs ranked 2, 5, 4, 1, 6, 3; a bankrupt short
 *   of 20 with bankruptcy price 650 closes 10 of account 2 and 10 of account 5, both at 650.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accountRiskJson } from '../report/account-risk.js';
import { BITMEX_ADL_XBTUSD_LINEAR, BOOK_THIN_ABOVE_9800, BYBIT_BTCUSDT_1TIER, BYBIT_BTCUSD_INVERSE_1USD, at, bookCommand, type InstrumentJson } from '@margin/testkit';
import { Harness } from '../testing/harness.js';
import type { EngineEvent } from '../apply/apply-command.js';

const ofType = (events: readonly EngineEvent[], type: string): EngineEvent[] => events.filter((event) => event.type === type);

function isolatedLong(profile: string, instrument: InstrumentJson, asset: string, deposit: string, size: string, entry: string): Harness {
  const h = new Harness({ profile });
  const symbol = instrument.symbol;
  h.run({ type: 'instrument', instrument });
  h.run({ type: 'price', symbol, markPrice: entry, time: at(0) });
  h.run({ type: 'deposit', account: 'trader', asset, amount: deposit });
  h.run({ type: 'setMarginMode', account: 'trader', symbol, mode: 'isolated' });
  h.run({ type: 'setLeverage', account: 'trader', symbol, leverage: '50' });
  const filled = h.one({ type: 'fill', account: 'trader', symbol, side: 'buy', size, price: entry, time: at(1) });
  assert.equal(filled['type'], 'filled');
  return h;
}

describe('venue examples', () => {
  it('Bybit USDT bankruptcy price: long 1 BTC @ 10,000, 50x -> 9,800; liquidation closes it there, the rest goes to the fund', () => {
    const h = isolatedLong('bybit-linear', BYBIT_BTCUSDT_1TIER, 'USDT', '1000', '1', '10000');
    const position = accountRiskJson(h.state, 'trader')?.positions[0];
    assert.equal(position?.isolatedBalance, '200'); // IM = 10,000 / 50 (Bybit, https://help.bybit.com/hc/en-us/articles/900000182646: IM 200, MM 50)
    assert.equal(position?.maintenanceMargin, '50');
    assert.equal(position?.bankruptcyPrice, '9800');
    assert.equal(position?.liquidationPrice, '9850'); // Entry - (IM - MM) / Size
    // At 9,850 equity = MM = 50 exactly: not liquidated, and the margin call stops at `call`.
    const atPrice = h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '9850', time: at(2) });
    assert.equal(ofType(atPrice, 'liquidationStarted').length, 0);
    assert.deepEqual(ofType(atPrice, 'marginCall').map((event) => [event['level'], event['ratio']]), [['call', '1']]);
    const events = h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '9849.5', time: at(3) });
    const fill = ofType(events, 'liquidationFill')[0];
    assert.equal(fill?.['size'], '1');
    assert.equal(fill?.['bankruptcyPrice'], '9800');
    // Closed at the mark (no book), then the gain over the bankruptcy price goes to the fund:
    // 1 x (9,849.5 - 9,800) = 49.5, so the trader loses exactly 1 x (10,000 - 9,800) = 200.
    const fee = ofType(events, 'liquidationFee')[0];
    assert.equal(fee?.['reason'], 'gain-vs-bankruptcy-price');
    assert.equal(fee?.['amount'], '49.5');
    assert.equal(ofType(events, 'insuranceFundChanged')[0]?.['balance'], '49.5');
    assert.equal(h.wallet('trader'), 800n * 10n ** 8n);
    assert.equal(h.state.accounts.get('trader')?.positions.size, 0);
  });

  it('Bybit: a book fill above the bankruptcy price still leaves the trader closed at 9,800', () => {
    const h = isolatedLong('bybit-linear', BYBIT_BTCUSDT_1TIER, 'USDT', '1000', '1', '10000');
    h.run(bookCommand('BTCUSDT', BOOK_THIN_ABOVE_9800, at(2)));
    const events = h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '9845', time: at(3) });
    const fills = ofType(events, 'liquidationFill');
    // The book takes 0.8 down to the bankruptcy price (9,790 is beyond it); the fund takes the rest.
    assert.deepEqual(fills.map((fill) => [fill['executor'], fill['size'], fill['price']]), [['book', '0.8', '9830'], ['backstop', '0.2', '9845']]);
    assert.equal(h.wallet('trader'), 800n * 10n ** 8n);
    const fund = ofType(events, 'insuranceFundChanged').at(-1);
    // 0.8 x (9,830 - 9,800) + 0.2 x (9,845 - 9,800) = 24 + 9 = 33
    assert.equal(fund?.['balance'], '33');
    // The book's filled levels are consumed.
    assert.deepEqual(h.state.markets.get('BTCUSDT')?.book?.bids.map((level) => String(level.price / 10n ** 18n)), ['9790']);
  });

  it('Bybit inverse: 12,000 USD long @ 8,000, 50x: IM 0.03 BTC, bankruptcy price 8,000 x 50 / 51 on the 0.5 tick', () => {
    const h = isolatedLong('bybit-inverse', BYBIT_BTCUSD_INVERSE_1USD, 'BTC', '1', '12000', '8000');
    const position = accountRiskJson(h.state, 'trader')?.positions[0];
    assert.equal(position?.initialMargin, '0.03');
    assert.equal(position?.bankruptcyPrice, '7843.5'); // 7,843.137... rounded up (a long's safe side)
    assert.ok(Math.abs(Number(position?.bankruptcyPrice) - (8000 * 50) / 51) <= 0.5);
    const liquidationPrice = position?.liquidationPrice ?? '';
    const events = h.run({ type: 'price', symbol: 'BTCUSD', markPrice: String(Number(liquidationPrice) - 0.5), time: at(2) });
    assert.equal(ofType(events, 'liquidationStarted').length, 1);
    // Closed at the bankruptcy price: the trader loses exactly the 0.03 BTC of isolated margin.
    assert.equal(h.wallet('trader', 'BTC'), 97n * 10n ** 6n);
  });

  it('BitMEX ADL allocation: ranked 2, 5, 4, 1, 6, 3; a bankrupt short of 20 at 650 closes 10 of account 2 and 10 of account 5', () => {
    const h = new Harness({ profile: 'bybit-linear' }); // ranks by the BitMEX formula
    h.run({ type: 'instrument', instrument: BITMEX_ADL_XBTUSD_LINEAR });
    h.run({ type: 'price', symbol: 'XBTUSD', markPrice: '600', time: at(0) });
    // Longs opened at 600; at a mark of 700 PnL% = 1/6 for all and effective leverage
    // = 700 x size / (balance + 100 x size) is 3, 6, 1, 4, 5, 2: the example's scores, in order.
    const longs: Array<[string, string, string]> = [['1', '10', '1333.34'], ['2', '10', '166.67'], ['3', '20', '12000'], ['4', '30', '2250'], ['5', '20', '800'], ['6', '10', '2500']];
    for (const [id, size, balance] of longs) {
      h.run({ type: 'deposit', account: id, asset: 'USD', amount: balance });
      assert.equal(h.one({ type: 'fill', account: id, symbol: 'XBTUSD', side: 'buy', size, price: '600', time: at(1) })['type'], 'filled');
    }
    h.run({ type: 'deposit', account: 'short', asset: 'USD', amount: '1000' });
    h.run({ type: 'setMarginMode', account: 'short', symbol: 'XBTUSD', mode: 'isolated' });
    h.run({ type: 'setLeverage', account: 'short', symbol: 'XBTUSD', leverage: '12' });
    h.run({ type: 'fill', account: 'short', symbol: 'XBTUSD', side: 'sell', size: '20', price: '600', time: at(1) });
    assert.equal(accountRiskJson(h.state, 'short')?.positions[0]?.bankruptcyPrice, '650');
    const events = h.run({ type: 'price', symbol: 'XBTUSD', markPrice: '700', time: at(2) });
    assert.equal(ofType(events, 'bankruptcy')[0]?.['deficit'], '1000');
    const adl = ofType(events, 'autoDeleveraged');
    assert.deepEqual(adl.map((event) => [event['account'], event['size'], event['price'], event['rank']]), [['2', '10', '650', 1], ['5', '10', '650', 2]]);
    assert.deepEqual(adl.map((event) => event['haircut']), ['500', '500']);
    assert.equal(h.wallet('short', 'USD'), 0n);
  });
});
