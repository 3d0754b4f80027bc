import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normCdf, normPdf } from './normal.js';

// Reference values: N(x) from mpmath at 30 digits, rounded to the nearest double's ncdf (https://mpmath.org/doc/current/functions/expintegrals.html#ncdf),
// computed independently of this code.
const REFERENCE: ReadonlyArray<readonly [number, number]> = [
  [0.5, 0.6914624612740131],
  [-1, 0.15865525393145705],
  [-2, 0.02275013194817921],
  [-2.5, 0.006209665325776135],
  [-3, 0.0013498980316300946],
  [-3.5, 0.00023262907903552504],
  [-4.5, 3.3976731247300603e-06],
  [-5, 2.866515718791939e-07],
  [-6, 9.86587645037698e-10],
  [-7.07, 7.746684865636478e-13],
  [-7.78, 3.626227435341009e-15],
  [-8, 6.220960574271784e-16],
  [-10, 7.619853024160525e-24],
  [-20, 2.7536241186062337e-89],
  [-37, 5.725571222524577e-300],
];

test('normCdf matches 30-digit reference values to 1.5e-14 relative, down to x = -37', () => {
  for (const [x, expected] of REFERENCE) {
    const got = normCdf(x);
    assert.ok(Math.abs(got - expected) <= 1.5e-14 * expected, `N(${x}) = ${got}, expected ${expected}`);
  }
  assert.equal(normCdf(0), 0.5);
  assert.equal(normCdf(-40), 0);
  assert.equal(normCdf(40), 1);
});

test('normCdf is symmetric (N(x) + N(-x) = 1), monotone, and its slope is normPdf', () => {
  fc.assert(
    fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
      assert.ok(Math.abs(normCdf(x) + normCdf(-x) - 1) <= 2e-16);
      assert.ok(normCdf(x + 1e-3) >= normCdf(x));
      const h = 1e-5;
      const slope = (normCdf(x + h) - normCdf(x - h)) / (2 * h);
      assert.ok(Math.abs(slope - normPdf(x)) <= 1e-9, `slope at ${x}`);
    }),
  );
});

test('normQuantile: published quantiles, and N(normInv(p)) = p across the tails', async () => {
  const { normQuantile: normInv } = await import('./normal.js');
  // Standard normal quantiles (any statistics table; e.g. NIST/SEMATECH e-Handbook 1.3.6.7.1).
  const quantiles: Array<[number, number]> = [
    [0.975, 1.959963984540054],
    [0.75, 0.6744897501960817],
    [0.25, -0.6744897501960817],
    [0.5, 0],
  ];
  for (const [p, x] of quantiles) assert.ok(Math.abs(normInv(p) - x) <= 1e-14 * Math.max(1, Math.abs(x)), `normInv(${p}) = ${normInv(p)}`);
  fc.assert(
    fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
      const back = normCdf(normInv(p));
      // Relative to the smaller tail, where the figure lives.
      const tail = Math.min(p, 1 - p);
      assert.ok(Math.abs(back - p) <= 1e-13 * tail + 1e-16, `p ${p}: N(normInv(p)) = ${back}`);
    }),
  );
  for (const p of [0, 1, -0.1]) assert.throws(() => normInv(p), /strictly between 0 and 1/);
});
