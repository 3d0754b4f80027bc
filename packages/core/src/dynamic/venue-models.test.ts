/** Venues' dynamic rules as models: dYdX open-interest IMF and Drift's size premium. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { driftSizePremiumRatio, dydxOpenInterestImf } from './venue-models.js';

test('dYdX IMF scales linearly with open notional between the caps (Mid-cap: base 10%, caps 20M / 50M USDC)', () => {
  // Caps of dydxprotocol/v4-chain protocol/app/upgrades/v5.0.0/upgrade.go initializeOIMFCaps (Mid-cap
  // 20M/50M); effective IMF = min(base + max(0, (N - lower)/(upper - lower)) x (1 - base), 1)
  // (https://github.com/dydxprotocol/v4-documentation docs/pages/concepts/trading/margin.mdx).
  assert.equal(dydxOpenInterestImf(0.1, 20e6, 50e6, 10e6), 0.1);
  assert.equal(dydxOpenInterestImf(0.1, 20e6, 50e6, 20e6), 0.1);
  assert.equal(dydxOpenInterestImf(0.1, 20e6, 50e6, 35e6), 0.55);
  assert.equal(dydxOpenInterestImf(0.1, 20e6, 50e6, 50e6), 1);
  assert.equal(dydxOpenInterestImf(0.1, 20e6, 50e6, 80e6), 1);
  assert.equal(dydxOpenInterestImf(0.05, 0, 0, 1e12), 0.05, 'upper cap 0 turns the scaling off');
  // rounded up to 1 ppm: 0.1 + (1/30e6) x 0.9 = 0.10000003 -> 0.100001
  assert.equal(dydxOpenInterestImf(0.1, 20e6, 50e6, 20e6 + 1), 0.100001);
});

test("Drift's size premium in integer form agrees with max(r, 0.8 r + imf sqrt(size)) where both are exact", () => {
  // drift-labs/protocol-v2 programs/drift/src/math/margin.rs calculate_size_premium_liability_weight
  assert.equal(driftSizePremiumRatio(0.05, 0.0005, 100), 0.05, '0.04 + 0.0005 x 10 = 0.045 < 0.05');
  assert.equal(driftSizePremiumRatio(0.05, 0.0005, 10_000), 0.09, '0.04 + 0.0005 x 100');
  assert.equal(driftSizePremiumRatio(0.05, 0, 10_000), 0.05, 'no IMF factor: the ratio');
  // sqrt(2 x 1e10 + 1) = 141421 (isqrt), x 500 / 1e7 = 7 (truncated): 400 + 7 = 407 < 500 -> 0.05
  assert.equal(driftSizePremiumRatio(0.05, 0.0005, 2), 0.05);
  // integer truncation: size 20,000: isqrt(2e14 + 1) = 14142135, x 500 / 1e7 = 707 -> 0.1107 (decimal form 0.110710678...)
  assert.equal(driftSizePremiumRatio(0.05, 0.0005, 20_000), 0.1107);
  assert.throws(() => driftSizePremiumRatio(0.05, 0.00005001, 1), /imfFactor: the IMF factor must be a multiple of 0.000001/);
});
