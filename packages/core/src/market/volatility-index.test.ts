/**
 * The CBOE method against a chain whose answer is known in closed form: every option priced by
 * Black-76 at one flat volatility sigma, so the 30-day index must be 100 x sigma. The difference
 * left is the method's own discretisation (strike spacing, truncation where bids vanish at 8
 * decimals), which for these chains stays below the stated tolerance of 0.01 index point; the
 * coarse-strike test checks that bias against its closed form h^2 / (6 T F^2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeVolatilityIndex, type OptionQuote, type OptionTerm } from './volatility-index.js';
import { fixedToNumber, parseFixed as d } from '../num/index.js';

const DAY_MS = 86_400_000;
const now = Date.parse('2024-05-01T08:00:00Z');

/** erfc by series (|x| < 3) or continued fraction (|x| >= 3): double precision, test-only. */
function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) {
    let sum = 0;
    let term = x;
    for (let n = 0; n < 200; n++) {
      sum += term / (2 * n + 1);
      term *= (-x * x) / (n + 1);
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  let fraction = 0;
  for (let k = 60; k >= 1; k--) fraction = k / 2 / (x + fraction);
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / (x + fraction);
}
const normCdf = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

function black76(forward: number, strike: number, sigma: number, years: number, rate: number): { call: number; put: number } {
  const sd = sigma * Math.sqrt(years);
  const d1 = (Math.log(forward / strike) + (sd * sd) / 2) / sd;
  const d2 = d1 - sd;
  const discount = Math.exp(-rate * years);
  return {
    call: discount * (forward * normCdf(d1) - strike * normCdf(d2)),
    put: discount * (strike * normCdf(-d2) - forward * normCdf(-d1)),
  };
}

function chain(forward: number, sigma: number, days: number, rate: number, step: number, low: number, high: number): OptionTerm {
  const years = days / 365;
  const quotes: OptionQuote[] = [];
  for (let strike = low; strike <= high + 1e-9; strike += step) {
    const { call, put } = black76(forward, strike, sigma, years, rate);
    const text = (price: number): bigint => d(Math.max(price, 0).toFixed(8));
    quotes.push({ strike: d(strike.toFixed(2)), callBid: text(call), callAsk: text(call), putBid: text(put), putAsk: text(put) });
  }
  return { expiryMs: now + days * DAY_MS, riskFreeRate: d(rate.toFixed(6)), quotes };
}

const TOLERANCE_POINTS = 0.01;

test('flat Black-76 volatility 40% on a 100 forward: 25- and 35-day terms interpolate to 40 within 0.01 point', () => {
  const result = computeVolatilityIndex({
    timeMs: now,
    nearTerm: chain(100, 0.4, 25, 0.05, 0.25, 20, 300),
    nextTerm: chain(100.2, 0.4, 35, 0.05, 0.25, 20, 300),
  });
  const value = fixedToNumber(result.value);
  assert.ok(Math.abs(value - 40) < TOLERANCE_POINTS, `index ${value}`);
  assert.ok(Math.abs(fixedToNumber(result.terms[0]?.forward ?? 0n) - 100) < 1e-6);
  assert.ok((result.terms[0]?.excluded.length ?? 0) > 0, 'deep out-of-the-money strikes lose their bids and are cut');
});

test('flat volatility 80% on a BTC-like chain (forward 60,000, strikes every 100) within 0.01 point', () => {
  const result = computeVolatilityIndex({
    timeMs: now,
    nearTerm: chain(60_000, 0.8, 28, 0.03, 100, 5_000, 250_000),
    nextTerm: chain(60_150, 0.8, 35, 0.03, 100, 5_000, 250_000),
  });
  const value = fixedToNumber(result.value);
  assert.ok(Math.abs(value - 80) < TOLERANCE_POINTS, `index ${value}`);
});

test('coarse strikes: the method overstates variance by h^2 / (6 T F^2), as the kink of Q(K) at the forward predicts', () => {
  // Spacing h = 1 on F = 100 over 30 days: sigma^2 = 0.09 + 1 / (6 x 30/365 x 10,000) -> 30.0338, not 30.
  const single = computeVolatilityIndex({ timeMs: now, nearTerm: chain(100, 0.3, 30, 0.01, 1, 20, 300) });
  const value = fixedToNumber(single.value);
  const predicted = 100 * Math.sqrt(0.09 + 1 / (6 * (30 / 365) * 100 * 100));
  assert.ok(Math.abs(value - predicted) < 0.001, `index ${value}, predicted ${predicted}`);
  assert.ok(value - 30 > 0.03);
});

test('a term structure interpolates total variance: 20% at 20 days and 40% at 40 days give sqrt(0.12) at 30', () => {
  // 30-day variance = (20 x 0.04 x 10 + 40 x 0.16 x 10) / (20 x 30) = 0.12
  const sloped = computeVolatilityIndex({
    timeMs: now,
    nearTerm: chain(100, 0.2, 20, 0.01, 0.25, 30, 250),
    nextTerm: chain(100, 0.4, 40, 0.01, 0.25, 10, 400),
  });
  assert.ok(Math.abs(fixedToNumber(sloped.value) - 100 * Math.sqrt(0.12)) < TOLERANCE_POINTS, `sloped ${fixedToNumber(sloped.value)}`);
});
