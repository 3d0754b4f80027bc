import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError } from '../errors.js';
import { GREEK_SLOTS, GREEK_VEGA, black76Greeks } from './black76.js';
import { IV_MAX_ITERATIONS, impliedVolatility, impliedVolatilityOf, lastImpliedVolatilityIterations } from './implied-volatility.js';

const DAY = 1 / 365;
const MONEYNESS = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.25, 1.5, 1.75, 2];
const EXPIRIES = [DAY, 7 * DAY, 30 * DAY, 0.25, 0.5, 1, 2];
const VOLS = [0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.5, 2, 3];
/**
 * The cut: an in-the-money price is intrinsic value plus a time value; when vega / (DF F) < 1e-6
 * the time value is lost in the float rounding of the intrinsic part (1e-16 F), so sigma cannot be
 * recovered to 1e-9. Out-of-the-money prices are solved in relative terms and need only to be a
 * normal float (> 1e-300).
 */
const ITM_MIN_NORMALISED_VEGA = 1e-6;

test('IV(price(sigma)) = sigma to 1e-9 over moneyness 0.5..2, expiries 1 day..2 years, vols 5%..300%, calls and puts', () => {
  const out = new Float64Array(GREEK_SLOTS);
  let solved = 0;
  let iterations = 0;
  let maxIterations = 0;
  for (const isCall of [true, false]) {
    for (const m of MONEYNESS) {
      for (const t of EXPIRIES) {
        for (const vol of VOLS) {
          const forward = 100;
          const strike = forward * m;
          const price = black76Greeks(isCall, forward, strike, t, vol, 0, out);
          const outOfTheMoney = isCall ? strike >= forward : strike <= forward;
          if (outOfTheMoney ? price < 1e-300 : (out[GREEK_VEGA] ?? 0) / forward < ITM_MIN_NORMALISED_VEGA) continue;
          const sigma = impliedVolatility(isCall, forward, strike, t, price);
          assert.ok(Math.abs(sigma - vol) <= 1e-9, `${isCall ? 'call' : 'put'} K/F ${m} T ${t} vol ${vol}: ${sigma}`);
          solved++;
          iterations += lastImpliedVolatilityIterations();
          maxIterations = Math.max(maxIterations, lastImpliedVolatilityIterations());
        }
      }
    }
  }
  assert.ok(solved > 1500, `solved ${solved} of ${2 * MONEYNESS.length * EXPIRIES.length * VOLS.length}`);
  assert.ok(maxIterations <= 20, `max iterations ${maxIterations}`);
  assert.ok(iterations / solved <= 8, `mean iterations ${iterations / solved}`);
});

test('IV round trip with a discount rate, random inputs', () => {
  fc.assert(
    fc.property(
      fc.boolean(),
      fc.double({ min: 0.7, max: 1.4, noNaN: true }),
      fc.double({ min: 7 * DAY, max: 2, noNaN: true }),
      fc.double({ min: 0.05, max: 2, noNaN: true }),
      fc.double({ min: -0.02, max: 0.15, noNaN: true }),
      (isCall, m, t, vol, rate) => {
        const forward = 30_000;
        const out = new Float64Array(GREEK_SLOTS);
        const price = black76Greeks(isCall, forward, forward * m, t, vol, rate, out);
        const outOfTheMoney = isCall ? m >= 1 : m <= 1;
        // The cut of the grid test above (vega relative to DF F, as the bounds scale with DF).
        fc.pre(outOfTheMoney ? price >= 1e-300 : (out[GREEK_VEGA] ?? 0) / (forward * Math.exp(-rate * t)) >= ITM_MIN_NORMALISED_VEGA);
        const sigma = impliedVolatility(isCall, forward, forward * m, t, price, rate);
        assert.ok(Math.abs(sigma - vol) <= 1e-9, `${sigma} vs ${vol}`);
      },
    ),
  );
});

test('golden: Haug Black-76 example inverted: a 1.7011 price (F = K = 19, T = 0.75, r = 0.10) implies 28%', () => {
  const sigma = impliedVolatility(true, 19, 19, 0.75, 1.701050725236267, 0.1);
  assert.ok(Math.abs(sigma - 0.28) <= 1e-12, String(sigma));
  const rounded = impliedVolatility(false, 19, 19, 0.75, 1.7011, 0.1);
  assert.ok(Math.abs(rounded - 0.28) < 1e-4, String(rounded));
  const result = impliedVolatilityOf({ kind: 'call', forward: 19, strike: 19, expiryMs: 0.75 * 365 * 86_400_000, nowMs: 0, price: 1.701050725236267, rate: 0.1 });
  assert.equal(result.timeYears, 0.75);
  assert.ok(Math.abs(result.volatility - 0.28) <= 1e-12);
  assert.ok(result.iterations >= 1 && result.iterations <= IV_MAX_ITERATIONS);
});

test('a price outside the no-arbitrage bounds is an InputError naming price and the bound, never NaN', () => {
  const df = Math.exp(-0.05 * 0.5);
  const expectBound = (run: () => number, text: RegExp): void => {
    assert.throws(run, (error: unknown) => error instanceof InputError && error.path[0] === 'price' && text.test(error.message));
  };
  // Call: [max(F - K, 0) DF, F DF] with F = 100, K = 90.
  expectBound(() => impliedVolatility(true, 100, 90, 0.5, 10 * df - 0.01, 0.05), /no-arbitrage bounds of a call, \[9\.75\d*, 97\.53\d*\] \(max\(F - K, 0\)·DF to F·DF\)/);
  expectBound(() => impliedVolatility(true, 100, 90, 0.5, 100 * df + 0.01, 0.05), /no-arbitrage bounds of a call/);
  expectBound(() => impliedVolatility(true, 100, 110, 0.5, -1, 0.05), /\[0, 97\.53\d*\]/);
  // Put: [max(K - F, 0) DF, K DF].
  expectBound(() => impliedVolatility(false, 100, 110, 0.5, 9, 0.05), /no-arbitrage bounds of a put, \[9\.75\d*, 107\.28\d*\] \(max\(K - F, 0\)·DF to K·DF\)/);
  expectBound(() => impliedVolatility(false, 100, 110, 0.5, 108, 0.05), /no-arbitrage bounds of a put/);
  // On the bound itself: no volatility in [1e-6, 10] gives it.
  expectBound(() => impliedVolatility(true, 100, 90, 0.5, 10), /implies a volatility below 0\.000001/);
  expectBound(() => impliedVolatility(false, 100, 90, 0.5, 0), /implies a volatility below/);
  expectBound(() => impliedVolatility(true, 100, 100, 0.5, 100), /implies a volatility above 10/);
  expectBound(() => impliedVolatility(true, 100, 100, 0.5, Number.NaN), /must be a finite number/);
  // Bad contract terms are refused before the price is looked at.
  assert.throws(() => impliedVolatility(true, 100, 0, 0.5, 1), (e: unknown) => e instanceof InputError && e.path[0] === 'strike');
  assert.throws(() => impliedVolatility(true, -1, 100, 0.5, 1), (e: unknown) => e instanceof InputError && e.path[0] === 'forward');
  assert.throws(() => impliedVolatility(true, 100, 100, 0, 1), (e: unknown) => e instanceof InputError && e.path[0] === 'timeYears');
  assert.throws(
    () => impliedVolatilityOf({ kind: 'put', forward: 100, strike: 100, expiryMs: 5, nowMs: 10, price: 1 }),
    (e: unknown) => e instanceof InputError && e.path[0] === 'expiryMs',
  );
});
