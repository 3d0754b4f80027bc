import { test } from 'node:test';
import assert from 'node:assert/strict';
import { black76Price } from '../options/black76.js';
import { IV_MAX, IV_MIN } from '../options/implied-volatility.js';
import { markVolatility } from './mark-volatility.js';

const YEARS = 30 / 365;

test('markVolatility: the implied volatility of a mark with time value', () => {
  for (const [isCall, strike] of [[true, 66000], [false, 55000], [true, 50000]] as const) {
    const mark = black76Price(isCall, 60000, strike, YEARS, 0.65);
    const found = markVolatility(isCall, 60000, strike, YEARS, mark);
    assert.ok(found !== null && found.clamped === null);
    assert.ok(Math.abs(found.volatility - 0.65) < 1e-8, `${found.volatility}`);
  }
});

test('markVolatility: a mark at or under intrinsic value is revalued at IV_MIN (value = intrinsic), one above the bound at IV_MAX', () => {
  // Call K = 50,000 at F = 60,000: intrinsic 10,000; put K = 70,000: intrinsic 10,000.
  for (const [isCall, strike] of [[true, 50000], [false, 70000]] as const) {
    for (const mark of [9000, 10000, 0]) {
      const found = markVolatility(isCall, 60000, strike, YEARS, mark);
      assert.deepEqual(found, { volatility: IV_MIN, clamped: 'floor' }, `${isCall ? 'call' : 'put'} marked ${mark}`);
      assert.ok(Math.abs(black76Price(isCall, 60000, strike, YEARS, IV_MIN) - 10000) < 1e-6);
    }
  }
  // Out of the money, marked 0: no time value at all.
  assert.deepEqual(markVolatility(true, 60000, 80000, YEARS, 0), { volatility: IV_MIN, clamped: 'floor' });
  // Above the bound: a call worth more than the forward, a put more than the strike.
  assert.deepEqual(markVolatility(true, 60000, 50000, YEARS, 61000), { volatility: IV_MAX, clamped: 'cap' });
  assert.deepEqual(markVolatility(false, 60000, 70000, YEARS, 70001), { volatility: IV_MAX, clamped: 'cap' });
});

test('markVolatility: null at or after expiry (the models refuse that on their own)', () => {
  assert.equal(markVolatility(true, 60000, 50000, 0, 10000), null);
  assert.equal(markVolatility(true, 60000, 50000, -1, 10000), null);
});
