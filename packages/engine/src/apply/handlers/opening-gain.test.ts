/**
 * The pre-trade check of an opening fill better than the mark (issue 15). Binance's order cost is
 * initial margin + open loss (https://www.binance.com/en/support/faq/87fa7ee33b574f7084d42bd2ce2e463b):
 * an opening loss is charged, the instant paper gain of a buy below the mark is not credited. The
 * binance-usdm record says `openingGain: 'excluded'`; generic credits it as before. Hand-worked.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fill, market } from '../../testing/harness.js';

describe('pre-trade check: opening gain and opening loss', () => {
  // 1,000 USDT at 20x; mark 30,000. Buy 0.8 BTC at 29,700: IM at the mark = 24,000 / 20 = 1,200;
  // the position marks at +0.8 x 300 = +240.
  const setup = (profile: string) => {
    const h = market({ profile }, ['alice'], '1000');
    h.run({ type: 'setLeverage', account: 'alice', symbol: 'BTCUSDT', leverage: '20' });
    return h;
  };

  it('generic credits the opening gain: equity 1,000 + 240 = 1,240 >= IM 1,200, accepted', () => {
    const h = setup('generic');
    assert.equal(h.one(fill('alice', 'buy', '0.8', '29700'))['type'], 'filled');
  });

  it('binance-usdm does not: 1,240 - 240 = 1,000 < IM 1,200, rejected with the reason', () => {
    const h = setup('binance-usdm');
    const rejected = h.one(fill('alice', 'buy', '0.8', '29700'));
    assert.equal(rejected['code'], 'initial_margin_insufficient');
    assert.match(String(rejected['reason']), /^equity 1240 less the opening gain 240 \(not credited by this profile\) < initial margin 1200 \+ open-order margin 0 USDT$/);
    // 0.66 BTC at 29,700: IM 990 <= 1,000 without the gain of 198: accepted.
    assert.equal(h.one(fill('alice', 'buy', '0.66', '29700'))['type'], 'filled');
  });

  it('both charge an opening loss: 0.6 BTC at 30,300 -> equity 1,000 - 180 = 820 < IM 900, rejected; at the mark, accepted', () => {
    for (const profile of ['generic', 'binance-usdm']) {
      const h = setup(profile);
      assert.equal(h.one(fill('alice', 'buy', '0.6', '30300'))['code'], 'initial_margin_insufficient', profile);
      assert.equal(h.one(fill('alice', 'buy', '0.6', '30000'))['type'], 'filled', profile);
    }
  });

  it('a short sold above the mark: the same rule on the other side (binance-usdm)', () => {
    const h = setup('binance-usdm');
    // Sell 0.8 at 30,300: gain 240 not credited -> 1,000 < 1,200, rejected.
    assert.equal(h.one(fill('alice', 'sell', '0.8', '30300'))['code'], 'initial_margin_insufficient');
    assert.equal(setup('generic').one(fill('alice', 'sell', '0.8', '30300'))['type'], 'filled');
  });
});
