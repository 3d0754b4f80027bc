/**
 * Option pools carried (option-pool-filter.ts, ADR 0042): on a price of the underlying (the
 * options re-marked by IV, every row re-priced at the new time) each holder's pool carries the
 * rows' changes instead of being rebuilt; an option fill, a futures fill and a model change
 * rebuild the pools they touch. Against the twin that confirms every pool exactly: the same
 * events, and the carried figures within their bound of the exact report's at every step.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DERIBIT_BTC_PERPETUAL, at } from '@margin/testkit';
import { Harness } from '../testing/harness.js';
import { assertWithinBound, twinRunner } from '../testing/grid-stream.js';
import { optionPoolFilter } from './option-pool-filter.js';

const CALL = { symbol: 'BTC-27MAR26-52000-C', kind: 'inverse-option', right: 'call', underlying: 'BTC-PERPETUAL', settle: 'BTC', contractSize: '1', strike: '52000', expiry: '2026-03-27T08:00:00.000Z', tickSize: '0.0001', lotSize: '0.1' };
const PUT = { ...CALL, symbol: 'BTC-27MAR26-46000-P', right: 'put', strike: '46000' };
const ACCOUNTS = ['a0', 'a1', 'a2', 'a3'];

function setup(): Harness {
  const h = new Harness({ profile: 'deribit' });
  h.run({ type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL });
  h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '50000', indexPrice: '50000', time: at(0) });
  h.run({ type: 'deposit', account: 'maker', asset: 'BTC', amount: '1000' });
  for (const option of [CALL, PUT]) assert.equal(h.one({ type: 'instrument', instrument: option }).type, 'instrumentDefined');
  h.run({ type: 'price', symbol: CALL.symbol, markIv: '0.6', time: at(1) });
  h.run({ type: 'price', symbol: PUT.symbol, markPrice: '0.03', time: at(1) });
  return h;
}

describe('option pools carried on price updates', () => {
  it('carries rows into holders on underlying prices and IV re-marks; fills and model changes rebuild', () => {
    const filtered = setup();
    const both = twinRunner(filtered, setup());
    const filter = optionPoolFilter(filtered.state);
    for (const [i, account] of ACCOUNTS.entries()) {
      both({ type: 'deposit', account, asset: 'BTC', amount: (0.4 + 0.1 * i).toFixed(1) });
      both({ type: 'setPortfolioMargin', account, model: 'deribit-pm' });
      const side = i % 2 === 0 ? 'sell' : 'buy';
      const other = side === 'buy' ? 'sell' : 'buy';
      both({ type: 'fill', account, symbol: 'BTC-PERPETUAL', side: other, size: String(1000 * (1 + i)), price: '50000', fee: '0', time: at(2) });
      both({ type: 'fill', account: 'maker', symbol: 'BTC-PERPETUAL', side, size: String(1000 * (1 + i)), price: '50000', fee: '0', time: at(2) });
      for (const [symbol, price] of [[CALL.symbol, '0.05'], [PUT.symbol, '0.03']] as const) {
        both({ type: 'fill', account, symbol, side, size: (0.5 * (1 + i)).toFixed(1), price, time: at(2) });
        both({ type: 'fill', account: 'maker', symbol, side: other, size: (0.5 * (1 + i)).toFixed(1), price, time: at(2) });
      }
    }
    let checked = assertWithinBound(filtered, ACCOUNTS, 'BTC', 'built');
    const rebuildsAfterSetup = filter.rebuilds;
    const carriedBefore = filter.carriedReviews;
    let timeSec = 10;
    for (let step = 0; step < 12; step++) {
      const mark = String(50000 * (1 + 0.004 * ((step % 5) - 2)));
      both({ type: 'prices', prices: [{ symbol: 'BTC-PERPETUAL', markPrice: mark, indexPrice: mark }, { symbol: PUT.symbol, markPrice: (0.03 + 0.001 * (step % 3)).toFixed(4) }], time: at(timeSec++) });
      if (step % 3 === 2) both({ type: 'price', symbol: CALL.symbol, markIv: (0.55 + 0.01 * step).toFixed(2), time: at(timeSec++) });
      checked += assertWithinBound(filtered, ACCOUNTS, 'BTC', `step ${step}`);
    }
    // Prices only: every review carried, no pool rebuilt.
    assert.equal(filter.rebuilds, rebuildsAfterSetup, 'no rebuild on price updates');
    assert.ok(filter.carriedReviews - carriedBefore >= 12 * ACCOUNTS.length, `carried reviews: ${filter.carriedReviews - carriedBefore}`);
    // An option fill rebuilds that account's pool (once), a futures fill too; the others keep carrying.
    both({ type: 'fill', account: 'a1', symbol: CALL.symbol, side: 'buy', size: '0.1', price: '0.05', time: at(timeSec) });
    both({ type: 'fill', account: 'maker', symbol: CALL.symbol, side: 'sell', size: '0.1', price: '0.05', time: at(timeSec) });
    both({ type: 'fill', account: 'a2', symbol: 'BTC-PERPETUAL', side: 'buy', size: '100', price: '50000', fee: '0', time: at(timeSec) });
    both({ type: 'fill', account: 'maker', symbol: 'BTC-PERPETUAL', side: 'sell', size: '100', price: '50000', fee: '0', time: at(timeSec++) });
    const rebuildsBeforeFillReview = filter.rebuilds;
    checked += assertWithinBound(filtered, ACCOUNTS, 'BTC', 'after fills');
    both({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '50100', indexPrice: '50100', time: at(timeSec++) });
    checked += assertWithinBound(filtered, ACCOUNTS, 'BTC', 'after fills, moved');
    assert.ok(filter.rebuilds - rebuildsBeforeFillReview <= 2, `rebuilt ${filter.rebuilds - rebuildsBeforeFillReview} pools after two fills`);
    // A model change anywhere (a new epoch) rebuilds each pool once.
    both({ type: 'deposit', account: 'z', asset: 'BTC', amount: '1' });
    both({ type: 'setPortfolioMargin', account: 'z', model: 'deribit-pm' });
    const rebuildsBeforeEpoch = filter.rebuilds;
    both({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '50200', indexPrice: '50200', time: at(timeSec) });
    checked += assertWithinBound(filtered, ACCOUNTS, 'BTC', 'new epoch');
    assert.ok(filter.rebuilds > rebuildsBeforeEpoch, 'a new model epoch rebuilds');
    assert.ok(checked >= 14 * ACCOUNTS.length, `checked ${checked}`);
  });
});
