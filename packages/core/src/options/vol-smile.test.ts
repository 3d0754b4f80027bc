import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError } from '../errors.js';
import { buildVolSmile, smileForExpiry, smileVolatility } from './vol-smile.js';

const smile = buildVolSmile(1_000, [
  { strike: 50_000, volatility: 0.8 },
  { strike: 60_000, volatility: 0.6 },
  { strike: 70_000, volatility: 0.7 },
]);

test('points are hit exactly; between them total variance is linear in strike; outside, flat', () => {
  assert.equal(smileVolatility(smile, 50_000), 0.8);
  assert.equal(smileVolatility(smile, 60_000), 0.6);
  assert.equal(smileVolatility(smile, 70_000), 0.7);
  // Midway between 0.8 and 0.6: sqrt((0.64 + 0.36) / 2) = sqrt(0.5), not the linear 0.7.
  assert.ok(Math.abs(smileVolatility(smile, 55_000) - Math.sqrt(0.5)) <= 1e-15);
  // A quarter of the way from 60,000 to 70,000: sqrt(0.36 + 0.25 x (0.49 - 0.36)).
  assert.ok(Math.abs(smileVolatility(smile, 62_500) - Math.sqrt(0.36 + 0.25 * 0.13)) <= 1e-15);
  assert.equal(smileVolatility(smile, 10_000), 0.8);
  assert.equal(smileVolatility(smile, 500_000), 0.7);
  const single = buildVolSmile(0, [{ strike: 100, volatility: 0.5 }]);
  assert.equal(smileVolatility(single, 1), 0.5);
  assert.equal(smileVolatility(single, 1e6), 0.5);
});

test('the smile never leaves the range of its neighbouring points', () => {
  fc.assert(
    fc.property(fc.double({ min: 1, max: 1e6, noNaN: true }), (strike) => {
      const v = smileVolatility(smile, strike);
      if (strike <= 60_000) assert.ok(v >= 0.6 - 1e-15 && v <= 0.8 + 1e-15);
      else assert.ok(v >= 0.6 - 1e-15 && v <= 0.7 + 1e-15);
    }),
  );
});

test('bad smiles and a missing expiry are InputErrors naming the field', () => {
  const fails = (run: () => unknown, path: string): void => {
    assert.throws(run, (e: unknown) => e instanceof InputError && e.message.startsWith(path), path);
  };
  fails(() => buildVolSmile(0, []), 'points');
  fails(() => buildVolSmile(0, [{ strike: 0, volatility: 0.5 }]), 'points[0].strike');
  fails(() => buildVolSmile(0, [{ strike: 10, volatility: 0 }]), 'points[0].volatility');
  fails(() => buildVolSmile(0, [{ strike: 10, volatility: 0.5 }, { strike: 10, volatility: 0.6 }]), 'points[1].strike');
  assert.equal(smileForExpiry([smile], 1_000), smile);
  fails(() => smileForExpiry([smile], 2_000, ['chain', 3, 'expiry']), 'chain[3].expiry: has no volatility');
});

test('error paths carry the caller base path', () => {
  assert.throws(() => buildVolSmile(0, [{ strike: -1, volatility: 0.5 }], ['surface', 2, 'points']), /^InputError: surface\[2\]\.points\[0\]\.strike/);
});

test('a point quoted by delta: its strike has that Black-76 forward call delta at the point\'s volatility', async () => {
  const { strikeFromDelta } = await import('./vol-smile.js');
  const { black76Greeks, GREEK_DELTA, GREEK_SLOTS } = await import('./black76.js');
  // The 50-delta strike is the delta-neutral one: d1 = 0, K = F exp(sigma^2 T / 2).
  assert.ok(Math.abs(strikeFromDelta(0.5, 60_000, 0.25, 0.8) - 60_000 * Math.exp((0.64 * 0.25) / 2)) <= 1e-9);
  const out = new Float64Array(GREEK_SLOTS);
  fc.assert(
    fc.property(
      fc.double({ min: 0.02, max: 0.98, noNaN: true }),
      fc.double({ min: 1 / 365, max: 2, noNaN: true }),
      fc.double({ min: 0.1, max: 1.5, noNaN: true }),
      (delta, timeYears, volatility) => {
        const strike = strikeFromDelta(delta, 50_000, timeYears, volatility);
        black76Greeks(true, 50_000, strike, timeYears, volatility, 0, out);
        assert.ok(Math.abs((out[GREEK_DELTA] ?? Number.NaN) - delta) <= 1e-12, `delta ${delta}: got ${out[GREEK_DELTA]}`);
        // Put-call parity of forward deltas: the put at that strike has delta delta - 1.
        black76Greeks(false, 50_000, strike, timeYears, volatility, 0, out);
        assert.ok(Math.abs((out[GREEK_DELTA] ?? Number.NaN) - (delta - 1)) <= 1e-12);
      },
    ),
  );
});
