/**
 * Options on an index (issue 10): `underlyingPrice: "index"` writes the option on its underlying
 * future's index price (the `indexPrice` of that future's price commands) instead of its mark.
 * Marks from IV, margin, reports and snapshots use the index; an option on an index that does not
 * exist yet (the future carries no index price) is refused naming the field.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DERIBIT_BTC_PERPETUAL, at } from '@margin/testkit';
import { InputError, MS_PER_YEAR, black76Price } from '@margin/core';
import { Harness } from '../testing/harness.js';
import { optionMarket } from '../state/option-book.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { accountRiskJson } from '../report/account-risk.js';

const EXPIRY = '2026-03-27T08:00:00.000Z';
const ON_MARK = { symbol: 'BTC-27MAR26-50000-C', kind: 'inverse-option', right: 'call', underlying: 'BTC-PERPETUAL', settle: 'BTC', contractSize: '1', strike: '50000', expiry: EXPIRY, tickSize: '0.0001', lotSize: '0.1' };
const ON_INDEX = { ...ON_MARK, symbol: 'BTC-INDEX-27MAR26-50000-C', underlyingPrice: 'index' };

/** Black-76 inverse mark on `forward` at `time`, on the 0.0001 tick, as a decimal string. */
const expectedMark = (forward: number, time: string, iv: number): string => {
  const years = (Date.parse(EXPIRY) - Date.parse(time)) / MS_PER_YEAR;
  return (Math.round(black76Price(true, forward, 50000, years, iv) / forward / 0.0001) * 0.0001).toFixed(4).replace(/0+$/, '');
};

function market(): Harness {
  const h = new Harness({ profile: 'deribit' });
  h.run({ type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL });
  h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '50000', indexPrice: '49000', time: at(0) });
  h.run({ type: 'deposit', account: 'bob', asset: 'BTC', amount: '10' });
  for (const option of [ON_MARK, ON_INDEX]) assert.equal(h.one({ type: 'instrument', instrument: option }).type, 'instrumentDefined');
  return h;
}

describe('options on an index', () => {
  it('mark from IV on the index price, re-marked when the index moves', () => {
    const h = market();
    const onIndex = h.run({ type: 'price', symbol: ON_INDEX.symbol, markIv: '0.6', time: at(10) });
    const onMark = h.run({ type: 'price', symbol: ON_MARK.symbol, markIv: '0.6', time: at(10) });
    assert.equal(onIndex[0]?.['markPrice'], expectedMark(49000, at(10), 0.6));
    assert.equal(onIndex[0]?.['indexPrice'], '49000');
    assert.equal(onMark[0]?.['markPrice'], expectedMark(50000, at(10), 0.6));
    assert.notEqual(onIndex[0]?.['markPrice'], onMark[0]?.['markPrice']);
    // Only the index moves: the option on it is re-marked at the new index.
    const moved = h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '50000', indexPrice: '52000', time: at(20) });
    const remark = moved.find((event) => event.type === 'priceUpdated' && event['symbol'] === ON_INDEX.symbol);
    assert.equal(remark?.['markPrice'], expectedMark(52000, at(20), 0.6));
  });

  it('margins and reports a short on the index: the rule reads the index as its underlying price', () => {
    const h = market();
    h.run({ type: 'price', symbol: ON_INDEX.symbol, markPrice: '0.05', time: at(10) });
    assert.equal(h.one({ type: 'fill', account: 'bob', symbol: ON_INDEX.symbol, side: 'sell', size: '1', price: '0.05', time: at(11) }).type, 'filled');
    const json = accountRiskJson(h.state, 'bob', 'BTC') as unknown as { options: Record<string, unknown>[] };
    const option = json.options.find((o) => o['symbol'] === ON_INDEX.symbol);
    assert.equal(option?.['underlyingPrice'], '49000');
    // Deribit inverse call, OTM = (50,000 - 49,000) / 49,000 = 0.0204...: IM = max(0.15 - 0.0204..., 0.1) + 0.05, rounded up.
    assert.equal(Number(option?.['initialMargin']).toFixed(6), (0.15 - 1000 / 49000 + 0.05).toFixed(6));
    assert.equal(option?.['maintenanceMargin'], '0.125');
  });

  it('refuses an option on an index that does not exist, naming the field; snapshots keep the index', () => {
    const h = new Harness({ profile: 'deribit' });
    h.run({ type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL });
    h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '50000', time: at(0) });
    const refused = h.one({ type: 'instrument', instrument: ON_INDEX });
    assert.equal(refused['code'], 'instrument_invalid');
    assert.match(String(refused['reason']), /^instrument\.underlyingPrice: unknown index: underlying "BTC-PERPETUAL" carries no index price/);
    assert.equal(optionMarket(h.state, ON_INDEX.symbol), null);
    const unknown = h.one({ type: 'instrument', instrument: { ...ON_INDEX, underlying: 'ETH-PERPETUAL' } });
    assert.match(String(unknown['reason']), /^instrument\.underlying: unknown underlying "ETH-PERPETUAL"/);
    assert.throws(() => h.run({ type: 'instrument', instrument: { ...ON_INDEX, underlyingPrice: 'spot' } }), (error: unknown) => error instanceof InputError && /instrument\.underlyingPrice: must be one of "mark", "index"/.test(error.message));

    const priced = market();
    priced.run({ type: 'price', symbol: ON_INDEX.symbol, markIv: '0.5', time: at(5) });
    const text = snapshotState(priced.state);
    assert.equal(text.split('"underlyingPrice"').length - 1, 1, 'written for the index option only');
    const restored = restoreState(text);
    assert.equal(stateHash(restored), stateHash(priced.state));
    assert.equal(optionMarket(restored, ON_INDEX.symbol)?.underlyingPrice, 'index');
  });
});
