/**
 * The book executor's limits (issue 15: a liquidation walked a book sent eight hours earlier and
 * sold 5.7% above the mark). Flows through `applyCommand` with the numbers worked out by hand;
 * the generic record uses the default limits: a book at most 60 s older than the mark, fills
 * within 5% of it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOOK_LIMITS_DEFAULT, checkBook, parseFixed } from '@margin/core';
import { BOOK_THIN_ABOVE_29000, at, bookCommand } from '@margin/testkit';
import type { EngineEvent } from '../apply/apply-command.js';
import { fill, market } from '../testing/harness.js';

const fills = (events: readonly EngineEvent[]) => events.filter((e) => e.type === 'liquidationFill').map((e) => [e['executor'], e['size'], e['price']]);

describe('liquidation book limits', () => {
  // alice: 1,000 USDT, long 1 BTC at 30,000 (bankruptcy 29,000); at 29,110 equity 110 < MM 116.44.
  const setup = () => {
    const h = market({}, ['alice'], '1000');
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(bookCommand('BTCUSDT', BOOK_THIN_ABOVE_29000, at(2)));
    return h;
  };

  it('a book 60 s older than the mark is still used (the walk of the thin bids, then the backstop)', () => {
    const h = setup();
    const events = h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '29110', time: at(62) });
    assert.deepEqual(fills(events), [['book', '0.1', '29080'], ['backstop', '0.9', '29110']]);
  });

  it('a book 61 s older than the mark is not used: the backstop takes the step, the book stays as sent', () => {
    const h = setup();
    const events = h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '29110', time: at(63) });
    assert.deepEqual(fills(events), [['backstop', '1', '29110']]);
    assert.equal(h.state.markets.get('BTCUSDT')?.book?.bids.length, 3, 'no level consumed');
  });

  it('a book whose best bid is above mark x 1.05 (here 5.7% above, as in the issue) is not used', () => {
    const h = market({}, ['alice'], '1000');
    h.run(fill('alice', 'buy', '1', '30000'));
    // 30,770 / 29,110 = 1.057: outside the band [27,654.5, 30,565.5].
    h.run({ type: 'book', symbol: 'BTCUSDT', bids: [['30770', '2']], asks: [['30780', '2']], time: at(2) });
    const events = h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: '29110', time: at(3) });
    assert.deepEqual(fills(events), [['backstop', '1', '29110']]);
  });

  it('checkBook: the walk limit is the band edge or the bankruptcy price, whichever is nearer the mark', () => {
    const input = { bookTimeMs: 0, priceTimeMs: 1_000, markPrice: parseFixed('100'), bestPrice: parseFixed('99.5') };
    // Selling (closing a long): band low = 100 x 0.95 = 95; a bankruptcy price of 90 is farther: the band binds.
    assert.deepEqual(checkBook(BOOK_LIMITS_DEFAULT, { ...input, side: 'sell', bankruptcyPrice: parseFixed('90') }), { usable: true, limitPrice: parseFixed('95') });
    assert.deepEqual(checkBook(BOOK_LIMITS_DEFAULT, { ...input, side: 'sell', bankruptcyPrice: parseFixed('99') }), { usable: true, limitPrice: parseFixed('99') });
    // Buying (closing a short): band high = 105.
    const buy = { ...input, side: 'buy' as const, bestPrice: parseFixed('100.5') };
    assert.deepEqual(checkBook(BOOK_LIMITS_DEFAULT, { ...buy, bankruptcyPrice: parseFixed('110') }), { usable: true, limitPrice: parseFixed('105') });
    assert.deepEqual(checkBook(BOOK_LIMITS_DEFAULT, { ...buy, bankruptcyPrice: null }), { usable: true, limitPrice: parseFixed('105') });
    assert.deepEqual(checkBook(BOOK_LIMITS_DEFAULT, { ...buy, bestPrice: parseFixed('105.01'), bankruptcyPrice: null }), { usable: false, reason: 'book_outside_band' });
    assert.deepEqual(checkBook(BOOK_LIMITS_DEFAULT, { ...buy, priceTimeMs: 61_001, bankruptcyPrice: null }), { usable: false, reason: 'book_too_old' });
  });
});
