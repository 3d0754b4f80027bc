import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { floatToFixed, floatToUnits } from './float.js';
import { ONE } from './fixed.js';

test('floatToFixed rounds the exact binary value once, in the named direction', () => {
  // 0.1 is 0.1000000000000000055511151231257827... exactly, so its E18 value lies between ...005 and ...006.
  assert.equal(floatToFixed(0.1, 'ceil'), 100000000000000006n);
  assert.equal(floatToFixed(0.1, 'floor'), 100000000000000005n);
  assert.equal(floatToFixed(-0.1, 'ceil'), -100000000000000005n);
  assert.equal(floatToFixed(-0.1, 'floor'), -100000000000000006n);
  assert.equal(floatToFixed(0.5, 'ceil'), ONE / 2n);
  assert.equal(floatToFixed(1e20, 'floor'), 10n ** 38n);
  assert.equal(floatToFixed(0, 'ceil'), 0n);
  assert.equal(floatToFixed(5e-324, 'ceil'), 1n); // the smallest subnormal rounds up to one unit
  assert.equal(floatToFixed(5e-324, 'floor'), 0n);
  assert.throws(() => floatToFixed(Number.NaN, 'ceil'), RangeError);
  assert.throws(() => floatToFixed(Infinity, 'ceil'), RangeError);
});

test('floatToFixed: ceil >= the float >= floor, one unit apart at most, and exact for whole numbers', () => {
  fc.assert(
    fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (x) => {
      const up = floatToFixed(x, 'ceil');
      const down = floatToFixed(x, 'floor');
      assert.ok(up - down === 0n || up - down === 1n);
      // Number(bigint) / 1e18 is close to x: the conversion keeps the value.
      assert.ok(Math.abs(Number(up) / 1e18 - x) <= Math.abs(x) * 1e-15 + 1e-18);
    }),
  );
  fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => floatToFixed(n, 'ceil') === BigInt(n) * ONE));
});

test('floatToUnits rounds once at the named digits (no double rounding through E18)', () => {
  // 0.125 is exact: a tie at 2 digits goes to even; 0.1 + 0.2 = 0.30000000000000004440892... rounds up at 2 digits only with ceil.
  assert.equal(floatToUnits(0.125, 2, 'halfEven'), 12n);
  assert.equal(floatToUnits(0.375, 2, 'halfEven'), 38n);
  assert.equal(floatToUnits(0.1 + 0.2, 2, 'ceil'), 31n);
  assert.equal(floatToUnits(0.1 + 0.2, 2, 'halfEven'), 30n);
  assert.equal(floatToUnits(-2.5, 0, 'floor'), -3n);
  assert.equal(floatToUnits(1234.5678, 8, 'halfEven'), 123456780000n);
});
