/** The shock grammar of `margin stress` / POST /v1/stress: values, rounding, and one clear error per bad entry. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, parseFixed } from '@margin/core';
import { market } from '../testing/harness.js';
import { parseShocks, resolveShocks, shockedPrice } from './shocks.js';

const message = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error.message;
  }
  assert.fail('expected an InputError');
};

describe('stress shocks', () => {
  it('parses signed decimal percents, with or without the sign or %', () => {
    assert.deepEqual(parseShocks('BTCUSDT=-10%, ETHUSDT=+2.5%,XRP=3').map((s) => [s.symbol, s.percent]), [
      ['BTCUSDT', parseFixed('-10')],
      ['ETHUSDT', parseFixed('2.5')],
      ['XRP', parseFixed('3')],
    ]);
  });

  it('moves marks by the percent, rounding away from the old mark', () => {
    assert.equal(shockedPrice(parseFixed('30000'), parseFixed('-10')), parseFixed('27000'));
    assert.equal(shockedPrice(parseFixed('2000'), parseFixed('15')), parseFixed('2300'));
    assert.equal(shockedPrice(3n, parseFixed('-50')), 1n); // 1.5 units rounds down
    assert.equal(shockedPrice(3n, parseFixed('50')), 5n); // 4.5 units rounds up
  });

  it('names the flag and the rule for malformed entries, -100% and below, and repeats', () => {
    assert.match(message(() => parseShocks('BTCUSDT')), /^shock: each entry must be SYMBOL=PERCENT/);
    assert.match(message(() => parseShocks('=5%')), /^shock: each entry must be SYMBOL=PERCENT/);
    assert.match(message(() => parseShocks('BTCUSDT=ten')), /^shock\.BTCUSDT: must be a signed decimal percent/);
    assert.match(message(() => parseShocks('BTCUSDT=-100%')), /^shock\.BTCUSDT: must be above -100%/);
    assert.match(message(() => parseShocks('BTCUSDT=-250%')), /must be above -100%/);
    assert.match(message(() => parseShocks('BTCUSDT=-1%,BTCUSDT=-2%')), /^shock\.BTCUSDT: is shocked twice/);
    assert.match(message(() => parseShocks(' , ')), /^shock: must name at least one shock/);
  });

  it('resolves ALL to every market with a mark, a named symbol overriding it; unknown symbols are errors', () => {
    const h = market();
    const shocks = resolveShocks(h.state, parseShocks('ALL=-5%,ETHUSDT=-15%'));
    assert.deepEqual(shocks.map((s) => [s.symbol, s.markAfter, s.indexAfter]), [
      ['BTCUSDT', parseFixed('28500'), parseFixed('28500')],
      ['ETHUSDT', parseFixed('1700'), parseFixed('1700')],
    ]);
    assert.match(message(() => resolveShocks(h.state, parseShocks('DOGEUSDT=-5%'))), /^shock\.DOGEUSDT: unknown symbol \(the state has BTCUSDT, ETHUSDT; or use ALL\)/);
  });
});
