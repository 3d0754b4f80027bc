/**
 * The batch `prices` command with option entries (issue 10): each entry is priced exactly as the
 * single `price` command prices it (futures mark and index, option `markPrice`, option `markIv`),
 * holders are reviewed, and a bad entry refuses the whole batch naming its index and field.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DERIBIT_BTC_PERPETUAL, at } from '@margin/testkit';
import { InputError } from '@margin/core';
import { Harness } from '../testing/harness.js';
import { optionMarket } from '../state/option-book.js';
import { snapshotState } from '../snapshot/snapshot.js';
import type { EngineEvent } from './apply-command.js';

const EXPIRY = '2026-03-27T08:00:00.000Z';
const CALL = { symbol: 'BTC-27MAR26-50000-C', kind: 'inverse-option', right: 'call', underlying: 'BTC-PERPETUAL', settle: 'BTC', contractSize: '1', strike: '50000', expiry: EXPIRY, tickSize: '0.0001', lotSize: '0.1' };
const PUT = { ...CALL, symbol: 'BTC-27MAR26-45000-P', right: 'put', strike: '45000' };

function deribit(accounts: Record<string, string> = { alice: '10', bob: '10' }): Harness {
  const h = new Harness({ profile: 'deribit' });
  h.run({ type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL });
  h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '50000', indexPrice: '50000', time: at(0) });
  for (const [account, amount] of Object.entries(accounts)) h.run({ type: 'deposit', account, asset: 'BTC', amount });
  for (const option of [CALL, PUT]) h.run({ type: 'instrument', instrument: option });
  h.run({ type: 'price', symbol: CALL.symbol, markPrice: '0.05', time: at(1) });
  h.run({ type: 'price', symbol: PUT.symbol, markPrice: '0.04', time: at(1) });
  return h;
}

const prices = (events: readonly EngineEvent[]): Record<string, unknown> =>
  Object.fromEntries(events.filter((event) => event.type === 'priceUpdated').map((event) => [event['symbol'], [event['markPrice'], event['indexPrice']]]));

/** The option book's marks, without the definition order. */
const marks = (h: Harness): unknown[] =>
  [CALL.symbol, PUT.symbol].map((symbol) => {
    const market = optionMarket(h.state, symbol);
    return [symbol, market?.markPrice, market?.markIv, market?.priceTimeMs];
  });

/** The state with the command bookkeeping (ids, seq) left out. */
function stateWithoutIds(h: Harness): Record<string, unknown> {
  const state = JSON.parse(snapshotState(h.state)) as Record<string, unknown>;
  delete state['appliedIds'];
  delete state['lastSeq'];
  return state;
}

describe('prices batches with options', () => {
  it('prices futures, option markIv and option markPrice entries exactly as single price commands do', () => {
    const batch = deribit();
    const single = deribit();
    batch.run({ type: 'fill', account: 'bob', symbol: CALL.symbol, side: 'sell', size: '1', price: '0.05', time: at(2) });
    single.run({ type: 'fill', account: 'bob', symbol: CALL.symbol, side: 'sell', size: '1', price: '0.05', time: at(2) });
    const time = at(10);
    const batchEvents = batch.run({
      type: 'prices',
      time,
      prices: [
        { symbol: 'BTC-PERPETUAL', markPrice: '52000', indexPrice: '51990' },
        { symbol: CALL.symbol, markIv: '0.6' },
        { symbol: PUT.symbol, markPrice: '0.031' },
      ],
    });
    const singleEvents = [
      ...single.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '52000', indexPrice: '51990', time }),
      ...single.run({ type: 'price', symbol: CALL.symbol, markIv: '0.6', time }),
      ...single.run({ type: 'price', symbol: PUT.symbol, markPrice: '0.031', time }),
    ];
    assert.deepEqual(prices(batchEvents), prices(singleEvents));
    assert.deepEqual(marks(batch), marks(single));
    assert.equal(optionMarket(batch.state, CALL.symbol)?.markIv, 6n * 10n ** 17n);
    assert.deepEqual(stateWithoutIds(batch), stateWithoutIds(single));
    // The IV-marked call is re-marked by a later batch of its underlying alone, as by a single price.
    const later = batch.run({ type: 'prices', time: at(20), prices: [{ symbol: 'BTC-PERPETUAL', markPrice: '53000' }] });
    const laterSingle = single.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '53000', time: at(20) });
    assert.deepEqual(prices(later), prices(laterSingle));
    assert.ok(CALL.symbol in prices(later));
  });

  it('an option entry reviews its holders: a short below maintenance is bought back', () => {
    const h = deribit({ alice: '10', bob: '0.3' });
    h.run({ type: 'fill', account: 'bob', symbol: CALL.symbol, side: 'sell', size: '1', price: '0.05', time: at(2) });
    const events = h.run({ type: 'prices', time: at(20), prices: [{ symbol: PUT.symbol, markPrice: '0.03' }, { symbol: CALL.symbol, markPrice: '0.2' }] });
    const fill = events.find((event) => event.type === 'liquidationFill');
    assert.equal(fill?.['symbol'], CALL.symbol);
    assert.equal(fill?.['price'], '0.2');
  });

  it('a bad entry refuses the whole batch, naming its index and field; nothing is applied', () => {
    const h = deribit();
    const before = stateWithoutIds(h);
    const refuse = (entries: Record<string, unknown>[], time = at(10)): EngineEvent => h.one({ type: 'prices', time, prices: entries });
    const good = { symbol: 'BTC-PERPETUAL', markPrice: '51000' };

    const futureIv = refuse([good, { symbol: 'BTC-PERPETUAL', markIv: '0.5' }]);
    assert.equal(futureIv['code'], 'instrument_not_found');
    assert.match(String(futureIv['reason']), /^prices\[1\]\.markIv: "BTC-PERPETUAL" is not an option/);

    const unknown = refuse([good, { symbol: CALL.symbol, markIv: '0.5' }, { symbol: 'NOPE', markIv: '0.5' }]);
    assert.equal(unknown['code'], 'instrument_not_found');
    assert.match(String(unknown['reason']), /^prices\[2\]\.symbol: unknown symbol "NOPE"/);

    const stale = refuse([good, { symbol: PUT.symbol, markPrice: '0.03' }], at(0));
    assert.equal(stale['code'], 'price_stale');
    assert.match(String(stale['reason']), /^prices\[1\]\.symbol: BTC-27MAR26-45000-P last price is at/);

    const expired = refuse([{ symbol: CALL.symbol, markIv: '0.5' }], EXPIRY);
    assert.equal(expired['code'], 'instrument_expired');
    assert.match(String(expired['reason']), /^prices\[0\]\.symbol: BTC-27MAR26-50000-C expires at/);

    // Shape errors are parse errors naming the entry and field.
    const parseError = (entries: Record<string, unknown>[], field: RegExp): void =>
      assert.throws(() => h.run({ type: 'prices', time: at(10), prices: entries }), (error: unknown) => error instanceof InputError && field.test(error.message));
    parseError([good, { symbol: CALL.symbol, markPrice: '0.05', markIv: '0.5' }], /prices\.prices\[1\]\.markIv: give markPrice or markIv, not both/);
    parseError([{ symbol: CALL.symbol, markIv: '0.5' }, { symbol: PUT.symbol }], /prices\.prices\[1\]\.markPrice: is required \(or markIv/);
    parseError([{ symbol: CALL.symbol, markIv: '0' }], /prices\.prices\[0\]\.markIv: must be greater than 0/);
    parseError([{ symbol: CALL.symbol, markIv: '0.5', indexPrice: '50000' }], /prices\.prices\[0\]\.indexPrice: not accepted with markIv/);

    assert.deepEqual(stateWithoutIds(h), before);
  });

  it('an option may be marked from an underlying priced in the same batch', () => {
    const h = new Harness({ profile: 'deribit' });
    h.run({ type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL });
    h.run({ type: 'instrument', instrument: CALL });
    assert.equal(h.one({ type: 'prices', time: at(1), prices: [{ symbol: CALL.symbol, markIv: '0.6' }] })['code'], 'mark_price_missing');
    const events = h.run({ type: 'prices', time: at(1), prices: [{ symbol: CALL.symbol, markIv: '0.6' }, { symbol: 'BTC-PERPETUAL', markPrice: '50000' }] });
    assert.deepEqual(Object.keys(prices(events)).sort(), ['BTC-27MAR26-50000-C', 'BTC-PERPETUAL']);
    assert.ok((optionMarket(h.state, CALL.symbol)?.markPrice ?? 0n) > 0n);
  });
});
