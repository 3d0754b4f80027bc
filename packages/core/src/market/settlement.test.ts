import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { twap } from './twap.js';
import { computeBasis, settleExpiry, settlementPrice } from './dated-future.js';
import { settleFundingRateFuture, settleGasFeeFuture } from './index-futures.js';
import { MINUTE_MS } from './funding-schedule.js';
import { ONE, formatFixed, parseFixed as d } from '../num/index.js';

const expiry = Date.parse('2024-03-29T08:00:00Z');

test('property: the TWAP of a constant series is that constant (both methods, any spacing)', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n, max: 10n ** 24n }),
      fc.array(fc.integer({ min: 0, max: 40 * 60_000 }), { minLength: 1, maxLength: 50 }),
      (value, offsets) => {
        const samples = [...offsets].sort((a, b) => a - b).map((ms) => ({ timeMs: expiry - 40 * MINUTE_MS + ms, value }));
        const inWindow = samples.some((s) => s.timeMs > expiry - 30 * MINUTE_MS && s.timeMs <= expiry);
        const covering = samples.some((s) => s.timeMs < expiry);
        if (covering) assert.equal(settlementPrice(samples, expiry).value, value);
        if (inWindow) assert.equal(settlementPrice(samples, expiry, 30 * MINUTE_MS, 'mean').value, value);
      },
    ),
  );
});

test('Deribit-style settlement: 30-minute time-weighted TWAP of the index (derived by hand)', () => {
  // 100 for the first 10 minutes (carried in from before the window), 106 for the last 20: (1000 + 2120) / 30 = 104
  const samples = [
    { timeMs: expiry - 45 * MINUTE_MS, value: d('100') },
    { timeMs: expiry - 20 * MINUTE_MS, value: d('106') },
  ];
  const result = settlementPrice(samples, expiry);
  assert.equal(formatFixed(result.value), '104');
  assert.equal(result.coveredMs, 30 * MINUTE_MS);
  // The mean of samples inside the window only sees 106.
  assert.equal(formatFixed(twap(samples, expiry - 30 * MINUTE_MS, expiry, 'mean').value), '106');
});

test('basis and annualised basis: futures 10,100 vs index 10,000 with 73 days left -> 1% and 5% a year', () => {
  const now = expiry - 73 * 86_400_000;
  const basis = computeBasis(d('10100'), d('10000'), now, expiry);
  assert.equal(formatFixed(basis.basis), '100');
  assert.equal(formatFixed(basis.basisRate), '0.01');
  assert.equal(formatFixed(basis.annualisedBasisRate ?? 0n), '0.05');
});

test('expiry settlement realises PnL at the settlement price, floored in units', () => {
  const linear = settleExpiry(
    [{ account: 'a', size: d('2'), entryPrice: d('100') }, { account: 'b', size: d('-2'), entryPrice: d('101') }],
    d('104'),
    { kind: 'linear-future', contractSize: ONE },
    2,
  );
  assert.deepEqual(linear.settlements.map((s) => s.realizedPnlUnits), [800n, -600n]);
  const inverse = settleExpiry([{ account: 'a', size: d('15000'), entryPrice: d('750') }], d('800'), { kind: 'inverse-future', contractSize: ONE }, 8);
  assert.equal(inverse.totalUnits, 125_000_000n); // 1.25 XBT, the BitMEX example closed at 800
  const third = settleExpiry([{ account: 'a', size: d('1'), entryPrice: d('3') }], d('4'), { kind: 'inverse-future', contractSize: ONE }, 8);
  assert.equal(third.totalUnits, 8_333_333n); // 1/12 BTC floored
  assert.ok(third.roundingRemainder.sign() > 0);
});

test('funding-rate futures settle to the average or sum of realised rates in (start, end]', () => {
  const start = Date.parse('2024-01-01T00:00:00Z');
  const end = start + 86_400_000;
  const rates = [0, 8, 16, 24].map((h, i) => ({ timeMs: start + h * 3_600_000, value: d(['0.0005', '0.0001', '0.0002', '0.0003'][i] ?? '0') }));
  const average = settleFundingRateFuture(rates, { startMs: start, endMs: end, aggregate: 'average', rateScale: d('10000') });
  assert.equal(formatFixed(average.aggregatedRate), '0.0002');
  assert.equal(formatFixed(average.value), '2'); // basis points
  assert.equal(average.ratesUsed, 3);
  const sum = settleFundingRateFuture(rates, { startMs: start, endMs: end, aggregate: 'sum', rateScale: ONE });
  assert.equal(formatFixed(sum.value), '0.0006');
});

test('gas-fee futures settle to the TWAP of the gas price', () => {
  const start = Date.parse('2024-01-01T00:00:00Z');
  const samples = [{ timeMs: start, value: d('20') }, { timeMs: start + 3_600_000, value: d('50') }];
  const result = settleGasFeeFuture(samples, { startMs: start, endMs: start + 4 * 3_600_000, method: 'time-weighted' });
  assert.equal(formatFixed(result.value), '42.5'); // (20 x 1 h + 50 x 3 h) / 4 h
});
