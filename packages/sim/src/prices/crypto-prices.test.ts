/** The seeded crypto price generator: deterministic, and with the stylised facts it is built for. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoPathCsv, cryptoPricePath } from './crypto-prices.js';

function logReturns(prices: Float64Array): number[] {
  const out: number[] = [];
  for (let t = 1; t < prices.length; t++) out.push(Math.log((prices[t] as number) / (prices[t - 1] as number)));
  return out;
}

test('the same seed gives the same path; another seed another', () => {
  const a = cryptoPricePath({ seed: 7, days: 500 });
  assert.deepEqual(a, cryptoPricePath({ seed: 7, days: 500 }));
  assert.notDeepEqual(a.prices, cryptoPricePath({ seed: 8, days: 500 }).prices);
  assert.equal(a.prices.length, 501);
  assert.equal(a.timesMs[1]! - a.timesMs[0]!, 86_400_000);
});

test('over 2,000 days and several seeds: Bitcoin-like volatility, fat tails, volatility clustering and crash days', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const r = logReturns(cryptoPricePath({ seed, days: 2000 }).prices);
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const variance = r.reduce((a, b) => a + (b - mean) ** 2, 0) / r.length;
    const kurtosis = r.reduce((a, b) => a + (b - mean) ** 4, 0) / r.length / variance ** 2;
    const squares = r.map((x) => (x - mean) ** 2);
    let lagged = 0;
    let total = 0;
    for (let t = 1; t < squares.length; t++) lagged += (squares[t]! - variance) * (squares[t - 1]! - variance);
    for (const s of squares) total += (s - variance) ** 2;
    const annual = Math.sqrt(variance * 365);
    const worst = Math.expm1(Math.min(...r));
    assert.ok(annual > 0.45 && annual < 1, `seed ${seed}: annualised volatility ${annual}`);
    assert.ok(kurtosis > 5, `seed ${seed}: kurtosis ${kurtosis} (normal: 3)`);
    assert.ok(lagged / total > 0.03, `seed ${seed}: lag-1 autocorrelation of squared returns ${lagged / total}`);
    assert.ok(worst < -0.12 && worst > -0.6, `seed ${seed}: worst day ${worst}`);
  }
});

test('the CSV has a header, ISO dates and positive prices', () => {
  const lines = cryptoPathCsv(cryptoPricePath({ seed: 1, days: 3 })).trim().split('\n');
  assert.equal(lines[0], 'time,price');
  assert.equal(lines[1], '2019-01-01,10000.00');
  assert.match(lines[3] ?? '', /^2019-01-03,\d+\.\d{2}$/);
});
