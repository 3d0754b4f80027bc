import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DECIMAL_INTEGER_DIGITS_MAX, DECIMAL_TEXT_LENGTH_MAX, decimalProblem, formatFixed, formatUnits, parseFixed, parseUnits } from './decimal.js';
import { divRound } from './rounding.js';
import { ONE, div, mul, roundToStep, toUnits } from './fixed.js';

test('parses decimal strings exactly into E18 units', () => {
  assert.equal(parseFixed('1535443.01'), 1535443010000000000000000n);
  assert.equal(parseFixed('-0.000000000000000001'), -1n);
  assert.equal(parseFixed('0'), 0n);
  assert.equal(parseFixed('-0'), 0n);
  assert.equal(parseUnits('12.5', 2), 1250n);
});

test('refuses exponents, NaN, signs, leading zeros, bare dots, blanks and excess fraction digits', () => {
  const bad = ['', ' 1', '1 ', '1e5', '1E-3', 'NaN', 'Infinity', '+1', '01', '.5', '5.', '1,5', '0x10', '--1', '1.2.3'];
  for (const text of bad) assert.notEqual(decimalProblem(text), null, text);
  assert.match(decimalProblem('1e5') ?? '', /exponent/);
  assert.match(decimalProblem('0.1234567890123456789') ?? '', /19 fraction digits, at most 18/);
  assert.equal(decimalProblem('0.125', 2)?.startsWith('has 3 fraction digits'), true);
  assert.throws(() => parseFixed('1e5'), /exponent/);
});

test('bounds a boundary decimal: below 10^15 in magnitude, and too long a text refused by its length alone', () => {
  assert.equal(DECIMAL_INTEGER_DIGITS_MAX, 15);
  assert.equal(DECIMAL_TEXT_LENGTH_MAX, 35);
  assert.equal(decimalProblem('999999999999999.999999999999999999'), null);
  assert.equal(decimalProblem('-999999999999999.999999999999999999'), null);
  assert.equal(decimalProblem('1000000000000000'), 'must be less than 10^15 in magnitude (at most 15 integer digits), got "1000000000000000"');
  assert.match(decimalProblem('-1000000000000000.5') ?? '', /less than 10\^15/);
  // A 100,000-digit string: refused by its length, and the message does not echo it.
  const huge = '9'.repeat(100_000);
  const problem = decimalProblem(huge) ?? '';
  assert.equal(problem, 'is 100000 characters long, at most 35 allowed: a decimal must be less than 10^15 in magnitude with at most 18 fraction digits');
  // Not even the pattern is applied: a long non-decimal gets the same refusal.
  assert.equal(decimalProblem('x'.repeat(100_000)), problem);
  assert.match(decimalProblem(`1${'0'.repeat(60)}`) ?? '', /less than 10\^15 in magnitude/);
  // A field may allow other limits; values the system wrote itself are read without one.
  assert.equal(decimalProblem('1000000000000000000', 0, 20), null);
  assert.equal(parseFixed(`1${'0'.repeat(30)}`), 10n ** 48n);
});

test('formats canonically: no trailing zeros, no -0, optional padding', () => {
  assert.equal(formatFixed(parseFixed('71200.81144000')), '71200.81144');
  assert.equal(formatFixed(-5n), '-0.000000000000000005');
  assert.equal(formatUnits(0n, 8), '0');
  assert.equal(formatUnits(-0n, 8), '0');
  assert.equal(formatUnits(150n, 2, 2), '1.50');
  assert.equal(formatUnits(7n, 0), '7');
});

test('parse(format(x)) = x for every E18 value', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), (units) => {
      assert.equal(parseFixed(formatFixed(units)), units);
    }),
    { numRuns: 2000 },
  );
});

test('divRound rounds as named for every sign combination', () => {
  const cases: Array<[bigint, bigint, bigint, bigint, bigint, bigint]> = [
    // n, d, floor, ceil, trunc, halfEven
    [7n, 2n, 3n, 4n, 3n, 4n],
    [-7n, 2n, -4n, -3n, -3n, -4n],
    [7n, -2n, -4n, -3n, -3n, -4n],
    [-7n, -2n, 3n, 4n, 3n, 4n],
    [5n, 2n, 2n, 3n, 2n, 2n],
    [10n, 3n, 3n, 4n, 3n, 3n],
    [11n, 3n, 3n, 4n, 3n, 4n],
    [6n, 3n, 2n, 2n, 2n, 2n],
  ];
  for (const [n, d, floor, ceil, trunc, halfEven] of cases) {
    assert.equal(divRound(n, d, 'floor'), floor, `${n}/${d} floor`);
    assert.equal(divRound(n, d, 'ceil'), ceil, `${n}/${d} ceil`);
    assert.equal(divRound(n, d, 'trunc'), trunc, `${n}/${d} trunc`);
    assert.equal(divRound(n, d, 'halfEven'), halfEven, `${n}/${d} halfEven`);
  }
  assert.throws(() => divRound(1n, 0n, 'floor'), /division by zero/);
});

test('floor <= exact <= ceil and they differ by at most one unit', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 20n }), fc.boolean(), (n, d, negate) => {
      const den = negate ? -d : d;
      const floor = divRound(n, den, 'floor');
      const ceil = divRound(n, den, 'ceil');
      // floor x den <= n when den > 0 (sign-adjusted)
      const sign = den > 0n ? 1n : -1n;
      assert.ok(floor * den * sign <= n * sign);
      assert.ok(ceil * den * sign >= n * sign);
      assert.ok(ceil - floor === 0n || ceil - floor === 1n);
    }),
    { numRuns: 2000 },
  );
});

test('fixed-point products and quotients round once, as named', () => {
  assert.equal(mul(parseFixed('3500032.45776'), parseFixed('0.025'), 'ceil'), parseFixed('87500.811444'));
  assert.equal(div(ONE, parseFixed('3'), 'floor'), 333333333333333333n);
  assert.equal(div(ONE, parseFixed('3'), 'ceil'), 333333333333333334n);
  assert.equal(roundToStep(parseFixed('26316.8932'), parseFixed('0.01'), 'ceil'), parseFixed('26316.9'));
  assert.equal(roundToStep(parseFixed('26316.8932'), parseFixed('0.01'), 'floor'), parseFixed('26316.89'));
  assert.equal(toUnits(parseFixed('-0.123456789'), 8, 'floor'), -12345679n);
  assert.equal(toUnits(parseFixed('-0.123456789'), 8, 'ceil'), -12345678n);
});
