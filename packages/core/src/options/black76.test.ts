import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError } from '../errors.js';
import {
  GREEK_DELTA,
  GREEK_GAMMA,
  GREEK_PRICE,
  GREEK_SLOTS,
  GREEK_THETA,
  GREEK_VEGA,
  MS_PER_YEAR,
  black76Greeks,
  black76Price,
  inverseDelta,
  priceOption,
  yearsToExpiry,
} from './black76.js';

const close = (got: number, expected: number, relative: number, label: string): void => {
  assert.ok(Math.abs(got - expected) <= relative * Math.abs(expected), `${label}: ${got}, expected ${expected}`);
};

test('golden: Haug, The Complete Guide to Option Pricing Formulas (2nd ed.), Black-76 example: F = K = 19, T = 0.75, r = 0.10, sigma = 0.28 gives call = put = 1.7011', () => {
  const call = black76Price(true, 19, 19, 0.75, 0.28, 0.1);
  const put = black76Price(false, 19, 19, 0.75, 0.28, 0.1);
  assert.equal(Math.round(call * 1e4) / 1e4, 1.7011);
  assert.equal(Math.round(put * 1e4) / 1e4, 1.7011);
  // 1.7010507252362672... to 20 digits (mpmath, 40 digits), an independent evaluation.
  close(call, 1.7010507252362672, 1e-14, 'call');
  close(put, 1.7010507252362672, 1e-14, 'put');
});

test("golden: Hull, Options, Futures, and Other Derivatives, futures options chapter (Black's model): crude-oil futures put F = K = 20, r = 9%, T = 4 months, sigma = 25% costs 1.12", () => {
  const put = black76Price(false, 20, 20, 4 / 12, 0.25, 0.09);
  assert.equal(Math.round(put * 100) / 100, 1.12);
  close(put, 1.1166414565589435, 1e-14, 'put'); // mpmath, 40 digits
});

test('golden: crypto-style r = 0, F = 60,000: 30-day 65,000 call and 55,000 put at 60% (mpmath, 40 digits), ACT/365', () => {
  const nowMs = Date.UTC(2026, 0, 1);
  const expiryMs = nowMs + 30 * 86_400_000;
  const call = priceOption({ kind: 'call', forward: 60_000, strike: 65_000, expiryMs, nowMs, volatility: 0.6 });
  assert.equal(call.timeYears, 30 / 365);
  close(call.price, 2237.868155404665, 1e-14, 'call');
  close(call.priceInCoin, 2237.868155404665 / 60_000, 1e-14, 'call in coin');
  const put = priceOption({ kind: 'put', forward: 60_000, strike: 55_000, expiryMs, nowMs, volatility: 0.6 });
  close(put.price, 1933.1267528237918, 1e-14, 'put');
  assert.equal(put.vegaPerVolPoint, put.vegaPerUnit / 100);
  assert.equal(put.thetaPerDay, put.thetaPerYear / 365);
});

test("golden: Deribit's inverse delta (FAQ, Delta Total): a call of delta 0.50 bought for 0.10 BTC adds 0.40 BTC of delta", () => {
  const forward = 50_000;
  assert.equal(inverseDelta(0.5, 0.1 * forward, forward), 0.4);
});

test('inverse delta equals the derivative of the coin value times F plus the coin value (independent derivation)', () => {
  // Coin value of one option: W(F) = V(F) / F. A holder's quote value of W coins is W F = V; the
  // coin exposure beyond the premium held is F dW/dF = dV/dF - V/F.
  const out = new Float64Array(GREEK_SLOTS);
  for (const [isCall, strike] of [[true, 55_000], [true, 70_000], [false, 50_000], [false, 62_000]] as const) {
    const forward = 60_000;
    const price = black76Greeks(isCall, forward, strike, 0.25, 0.7, 0, out);
    const h = 1;
    const coin = (f: number): number => black76Price(isCall, f, strike, 0.25, 0.7) / f;
    const numeric = (forward * (coin(forward + h) - coin(forward - h))) / (2 * h);
    close(inverseDelta(out[GREEK_DELTA]!, price, forward), numeric, 1e-7, `inverse delta K ${strike}`);
  }
});

const forwardArb = fc.double({ min: 1, max: 200_000, noNaN: true });
const moneynessArb = fc.double({ min: 0.3, max: 3, noNaN: true });
const timeArb = fc.double({ min: 1 / 365, max: 3, noNaN: true });
const volArb = fc.double({ min: 0.01, max: 3, noNaN: true });
const rateArb = fc.oneof(fc.constant(0), fc.double({ min: -0.05, max: 0.2, noNaN: true }));

test('put-call parity: C - P = DF (F - K) to 1e-12 relative to DF max(F, K)', () => {
  fc.assert(
    fc.property(forwardArb, moneynessArb, timeArb, volArb, rateArb, (forward, m, t, vol, rate) => {
      const strike = forward * m;
      const df = Math.exp(-rate * t);
      const parity = black76Price(true, forward, strike, t, vol, rate) - black76Price(false, forward, strike, t, vol, rate);
      assert.ok(Math.abs(parity - df * (forward - strike)) <= 1e-12 * df * Math.max(forward, strike));
    }),
  );
});

test('prices lie within the no-arbitrage bounds', () => {
  fc.assert(
    fc.property(forwardArb, moneynessArb, timeArb, volArb, rateArb, (forward, m, t, vol, rate) => {
      const strike = forward * m;
      const df = Math.exp(-rate * t);
      const slack = 1e-13 * df * Math.max(forward, strike);
      const call = black76Price(true, forward, strike, t, vol, rate);
      const put = black76Price(false, forward, strike, t, vol, rate);
      assert.ok(call >= Math.max(forward - strike, 0) * df - slack && call <= forward * df + slack, `call ${call}`);
      assert.ok(put >= Math.max(strike - forward, 0) * df - slack && put <= strike * df + slack, `put ${put}`);
    }),
  );
});

test('each Greek matches a central finite difference of the price', () => {
  const out = new Float64Array(GREEK_SLOTS);
  fc.assert(
    fc.property(fc.boolean(), fc.double({ min: 0.6, max: 1.6, noNaN: true }), fc.double({ min: 7 / 365, max: 2, noNaN: true }), fc.double({ min: 0.1, max: 1.5, noNaN: true }), rateArb, (isCall, m, t, vol, rate) => {
      const forward = 100;
      const strike = forward * m;
      const price = black76Greeks(isCall, forward, strike, t, vol, rate, out);
      assert.equal(price, out[GREEK_PRICE]);
      assert.equal(price, black76Price(isCall, forward, strike, t, vol, rate));
      const at = (f: number, tt: number, v: number): number => black76Price(isCall, f, strike, tt, v, rate);
      // Steps scaled by one standard deviation of F (F sigma sqrt(T)): truncation error stays small
      // for short, low-volatility options, rounding error small for long ones.
      const sdF = forward * vol * Math.sqrt(t);
      const hD = 1e-5 * sdF;
      const delta = (at(forward + hD, t, vol) - at(forward - hD, t, vol)) / (2 * hD);
      const hG = 1e-3 * sdF;
      const gamma = (at(forward + hG, t, vol) - 2 * price + at(forward - hG, t, vol)) / (hG * hG);
      const hV = 1e-5;
      const vega = (at(forward, t, vol + hV) - at(forward, t, vol - hV)) / (2 * hV);
      const hT = 1e-6;
      const theta = -(at(forward, t + hT, vol) - at(forward, t - hT, vol)) / (2 * hT);
      // Absolute slack for Greeks near 0 (deep in or out of the money), relative otherwise.
      const near = (got: number, numeric: number, tol: number, label: string): void =>
        assert.ok(Math.abs(got - numeric) <= tol * Math.max(Math.abs(numeric), 1e-2), `${label}: ${got} vs ${numeric}`);
      near(out[GREEK_DELTA]!, delta, 1e-6, 'delta');
      near(out[GREEK_GAMMA]!, gamma, 1e-4, 'gamma');
      near(out[GREEK_VEGA]!, vega, 1e-6, 'vega');
      near(out[GREEK_THETA]!, theta, 1e-5, 'theta');
    }),
  );
});

test('bad input: non-positive strike, forward, volatility or time each give one InputError naming the field', () => {
  const cases: ReadonlyArray<readonly [string, () => unknown]> = [
    ['strike', () => black76Price(true, 100, 0, 1, 0.5)],
    ['strike', () => black76Price(true, 100, -5, 1, 0.5)],
    ['forward', () => black76Price(false, 0, 100, 1, 0.5)],
    ['forward', () => black76Price(false, Number.NaN, 100, 1, 0.5)],
    ['volatility', () => black76Price(true, 100, 100, 1, 0)],
    ['volatility', () => black76Price(true, 100, 100, 1, -0.2)],
    ['timeYears', () => black76Price(true, 100, 100, 0, 0.5)],
    ['timeYears', () => black76Greeks(true, 100, 100, -1, 0.5, 0, new Float64Array(GREEK_SLOTS))],
    ['rate', () => black76Price(true, 100, 100, 1, 0.5, Infinity)],
    ['expiryMs', () => priceOption({ kind: 'call', forward: 100, strike: 100, expiryMs: 1000, nowMs: 1000, volatility: 0.5 })],
  ];
  for (const [field, run] of cases) {
    assert.throws(run, (error: unknown) => error instanceof InputError && error.path[0] === field, field);
  }
  assert.throws(() => yearsToExpiry(0, 1), /expiryMs: time to expiry must be greater than 0/);
  assert.equal(yearsToExpiry(MS_PER_YEAR, 0), 1);
});
