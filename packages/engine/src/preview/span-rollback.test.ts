/**
 * `preview` of the commands that change the SPAN book (`spanParameters`, `setPortfolioMargin`)
 * leaves the book, the account and the state hash exactly as they were (span-rollback.ts).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { at } from '@margin/testkit';
import { SPAN_PA2, SPAN_SYMBOLS, spanMarket } from '../testing/span-market.js';
import { parseCommand } from '../commands/parse-command.js';
import { stateHash } from '../snapshot/snapshot.js';
import { spanAccountOf } from '../state/span-book.js';
import { accountRiskJson } from '../report/account-risk.js';
import { preview } from './preview.js';

const fill = (account: string, symbol: string, side: 'buy' | 'sell', size: string) => ({ type: 'fill', account, symbol, side, size, price: '1000', fee: '0', time: at(1) });

describe('preview of SPAN book commands', () => {
  it('setPortfolioMargin span in a preview is put back: the account is off SPAN, its risk and the hash unchanged', () => {
    const h = spanMarket(['alice'], '3000');
    h.run(fill('alice', 'ZS-NOV26', 'sell', '1'));
    h.run(fill('alice', 'ZC-DEC26', 'buy', '2'));
    const before = JSON.stringify(accountRiskJson(h.state, 'alice', 'USD'));
    const hash = stateHash(h.state);
    const seen = preview(h.state, parseCommand({ type: 'setPortfolioMargin', id: 'p-span', account: 'alice', model: 'span', parameterSet: 'tst' }), { accounts: ['alice'] });
    assert.equal(seen.verdict.accepted, true);
    assert.equal(seen.accounts[0]?.after?.account.maintenanceMargin, '2700');
    assert.equal(spanAccountOf(h.state, 'alice'), null);
    assert.equal(JSON.stringify(accountRiskJson(h.state, 'alice', 'USD')), before);
    assert.equal(stateHash(h.state), hash);
    // The same command applied for real after the preview is accepted (its id was forgotten).
    assert.equal(h.run({ type: 'setPortfolioMargin', id: 'p-span', account: 'alice', model: 'span', parameterSet: 'tst' })[0]?.type, 'portfolioMarginSet');
  });

  it('spanParameters in a preview (a new set and a replaced one) is put back', () => {
    const h = spanMarket(['alice'], '3000');
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'span', parameterSet: 'tst' });
    h.run(fill('alice', 'ZC-DEC26', 'buy', '2'));
    const hash = stateHash(h.state);
    const ratio2 = SPAN_SYMBOLS.map((s) => ({ ...s, ratio: '2' }));
    const seen = preview(h.state, [
      parseCommand({ type: 'spanParameters', id: 'p-new', set: 'other', format: 'pa2', content: SPAN_PA2, symbols: SPAN_SYMBOLS }),
      parseCommand({ type: 'spanParameters', id: 'p-replace', set: 'tst', format: 'pa2', content: SPAN_PA2, symbols: ratio2 }),
    ], { accounts: ['alice'] });
    assert.deepEqual(seen.steps.map((s) => s.verdict.accepted), [true, true]);
    assert.deepEqual([...(h.state.span?.sets.keys() ?? [])], ['tst']);
    assert.equal(h.state.span?.sets.get('tst')?.symbols.get('ZC-DEC26')?.ratio, 10n ** 18n);
    assert.equal(stateHash(h.state), hash);
  });
});
