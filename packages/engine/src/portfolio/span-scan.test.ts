/**
 * The SPAN pool filter keeps each pool's exact maintenance while its positions, owner and set stay
 * the same (span-scan.ts): price updates that change none of them read no pool again. (After the
 * scan's owners became columns, `owner(pool)` built a new object per call and an identity check
 * re-read every pool on every update: 390 ms instead of 12 ms at 100,000 holders.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { at } from '@margin/testkit';
import { spanMarket } from '../testing/span-market.js';
import { spanPoolFilter } from './span-scan.js';

describe('SPAN pool filter records', () => {
  it('price updates re-read no pool; a fill re-reads only its own', () => {
    const accounts = ['a1', 'a2', 'a3', 'a4'];
    const h = spanMarket(accounts, '100000');
    for (const account of accounts) {
      h.run({ type: 'setPortfolioMargin', account, model: 'span', parameterSet: 'tst' });
      h.run({ type: 'fill', account, symbol: 'ZC-DEC26', side: 'buy', size: '2', price: '1000', fee: '0', time: at(1) });
      h.run({ type: 'fill', account, symbol: 'ZS-NOV26', side: 'sell', size: '1', price: '1000', fee: '0', time: at(1) });
    }
    h.run({ type: 'price', symbol: 'ZC-DEC26', markPrice: '1001', time: at(2) });
    const filter = spanPoolFilter(h.state);
    const before = filter.reads;
    for (let i = 0; i < 5; i++) h.run({ type: 'price', symbol: 'ZC-DEC26', markPrice: String(1002 + i), time: at(3 + i) });
    assert.equal(filter.reads, before, 'no pool read again by price updates');
    h.run({ type: 'fill', account: 'a1', symbol: 'ZC-DEC26', side: 'buy', size: '1', price: '1006', fee: '0', time: at(9) });
    h.run({ type: 'price', symbol: 'ZC-DEC26', markPrice: '1007', time: at(10) });
    assert.ok(filter.reads > before && filter.reads <= before + 2, `the filled pool read again (${filter.reads - before})`);
  });
});
