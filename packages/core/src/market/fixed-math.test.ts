import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expFixed, isqrt, lnFixed, sqrtFixed } from './fixed-math.js';
import { ONE, fixedToNumber, formatFixed, parseFixed as d } from '../num/index.js';

test('exp and ln hit exact points: e^0 = 1, ln 1 = 0, e and ln 2 to 18 digits, ln(exp(x)) = x', () => {
  assert.equal(expFixed(0n), ONE);
  assert.equal(lnFixed(ONE), 0n);
  assert.equal(formatFixed(expFixed(ONE)), '2.718281828459045235'); // e = 2.718281828459045235360...
  assert.equal(formatFixed(lnFixed(2n * ONE)), '0.693147180559945309'); // ln 2 = 0.693147180559945309417...
  // exp(x) is truncated to 1e-18, so ln(exp(x)) may be off by about 1e-18 / exp(x).
  for (const x of ['0.5', '-3.25', '10', '-20']) {
    const back = lnFixed(expFixed(d(x)));
    const slack = 3n + (ONE * ONE) / expFixed(d(x)) / ONE;
    assert.ok(back - d(x) <= slack && d(x) - back <= slack, `ln(exp(${x})) = ${formatFixed(back)}`);
  }
});

test('exp and ln agree with Math.exp / Math.log to 1e-13 relative', () => {
  fc.assert(
    fc.property(fc.integer({ min: -40_000, max: 40_000 }), (milli) => {
      const x = BigInt(milli) * 10n ** 15n;
      const ours = fixedToNumber(expFixed(x));
      const theirs = Math.exp(milli / 1000);
      return Math.abs(ours - theirs) <= 1e-13 * theirs + 2e-18;
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2_000_000_000 }), (micro) => {
      const x = BigInt(micro) * 10n ** 12n;
      return Math.abs(fixedToNumber(lnFixed(x)) - Math.log(micro / 1e6)) <= 1e-13;
    }),
  );
});

test('integer and fixed square roots are exact up to the named rounding', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 10n ** 60n }), (n) => {
      const r = isqrt(n);
      return r * r <= n && (r + 1n) * (r + 1n) > n;
    }),
  );
  assert.equal(formatFixed(sqrtFixed(d('0.25'), 'floor')), '0.5');
  assert.equal(formatFixed(sqrtFixed(2n * ONE, 'floor')), '1.414213562373095048');
  assert.equal(formatFixed(sqrtFixed(2n * ONE, 'ceil')), '1.414213562373095049');
  assert.equal(formatFixed(sqrtFixed(2n * ONE, 'halfEven')), '1.414213562373095049'); // ...0488016887
});
