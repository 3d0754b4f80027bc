import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { capBounds, computeFundingRate, interestForHours } from './funding-rate.js';
import { findMarketProfile } from '../venues/views.js';
import type { MarketProfile } from './market-profile.js';
import { formatFixed, parseFixed as d } from '../num/index.js';

function profile(name: string): MarketProfile {
  const found = findMarketProfile(name);
  assert.ok(found, name);
  return found;
}
const binance = profile('binance-usdm');
const dydx = profile('dydx-v4');
const hyperliquid = profile('hyperliquid');
const bitmex = profile('bitmex');

const rateArb = fc.integer({ min: -5_000_000, max: 5_000_000 }).map((v) => BigInt(v) * 10n ** 10n); // +-5%, 8 digits

test('Binance: any average premium in [-0.04%, 0.06%] gives F = I = 0.01% (binance.com/en/support/articles/360033525031, vector 10)', () => {
  const bounds = capBounds(binance.funding.cap, { maintenanceRate: d('0.004') });
  for (const premium of ['-0.0004', '0', '0.0001', '0.0006']) {
    const result = computeFundingRate({ rules: binance.funding, intervalHours: 8, premiumAverage: d(premium), capBounds: bounds });
    assert.equal(formatFixed(result.rate), '0.0001', premium);
  }
  fc.assert(
    fc.property(fc.integer({ min: -40_000, max: 60_000 }), (v) => {
      const premiumAverage = BigInt(v) * 10n ** 10n;
      return computeFundingRate({ rules: binance.funding, intervalHours: 8, premiumAverage, capBounds: bounds }).rate === d('0.0001');
    }),
  );
  // Outside the band the premium shows through: P = 0.1% -> F = 0.1% - 0.05% = 0.05%.
  assert.equal(formatFixed(computeFundingRate({ rules: binance.funding, intervalHours: 8, premiumAverage: d('0.001'), capBounds: bounds }).rate), '0.0005');
});

test('Binance interest is 0.03%/day: 0.01% per 8 h interval, 0.005% per 4 h, 0.00125% per hour', () => {
  assert.equal(formatFixed(interestForHours(d('0.0003'), 8)), '0.0001');
  assert.equal(formatFixed(interestForHours(d('0.0003'), 4)), '0.00005');
  assert.equal(formatFixed(interestForHours(d('0.0003'), 1)), '0.0000125');
});

test('Binance cap = 0.75 x MMR: MMR 0.4% caps the rate at +-0.3% (Binance funding FAQ; k raised to 1 for some symbols in 2023)', () => {
  const bounds = capBounds(binance.funding.cap, { maintenanceRate: d('0.004') });
  assert.equal(formatFixed(bounds?.cap ?? 0n), '0.003');
  const result = computeFundingRate({ rules: binance.funding, intervalHours: 8, premiumAverage: d('0.01'), capBounds: bounds });
  assert.equal(formatFixed(result.formulaRate), '0.0095');
  assert.equal(formatFixed(result.rate), '0.003');
  assert.equal(result.cap?.hit, true);
  assert.throws(() => capBounds(binance.funding.cap, {}), /maintenanceRate: is required: the cap is 0.75 x the maintenance rate/);
});

test('BitMEX cap 75% x (IM 1% - MM 0.5%) = 0.375% and change limit 75% of MM (blog.bitmex.com, 2020-04-17 announcement)', () => {
  const bounds = capBounds(bitmex.funding.cap, { initialRate: d('0.01'), maintenanceRate: d('0.005') });
  assert.equal(formatFixed(bounds?.cap ?? 0n), '0.00375');
  const result = computeFundingRate({ rules: bitmex.funding, intervalHours: 8, premiumAverage: d('0.004'), capBounds: bounds, maintenanceRate: d('0.005'), previousRate: d('-0.001') });
  assert.equal(formatFixed(result.rate), '0.00275'); // capped at 0.35% -> limited to -0.1% + 0.375%
  assert.equal(result.changeLimit?.hit, true);
});

test('BitMEX example: quote 1.00%/day, base 0.25%/day -> interest 0.25% per 8 h (bitmex.com/app/perpetualContractsGuideExamples)', () => {
  // The published example stops at F = (1.00% - 0.25%) / 3 = 0.25%, i.e. the interest component
  // with no premium term. Under the clamp formula of 4.2 a zero premium gives P + clamp(I - P,
  // +-0.05%) = 0.05%, so the example's F is checked as the interest, and its payment (0.05 XBT)
  // with F given (funding-settlement.test.ts and vectors/market).
  const interest = interestForHours(d('0.01') - d('0.0025'), 8);
  assert.equal(formatFixed(interest), '0.0025');
  const result = computeFundingRate({ rules: bitmex.funding, intervalHours: 8, premiumAverage: 0n, interestRate: interest, capBounds: null });
  assert.equal(formatFixed(result.rate), '0.0005');
});

test('dYdX v4: cap 600% x (IMF 5% - MMF 3%) = 12% per 8 h, paid hourly as 1/8 (dYdX v4 docs funding.mdx, vector 27)', () => {
  const bounds = capBounds(dydx.funding.cap, { initialRate: d('0.05'), maintenanceRate: d('0.03') });
  assert.equal(formatFixed(bounds?.cap ?? 0n), '0.12');
  const capped = computeFundingRate({ rules: dydx.funding, intervalHours: 1, premiumAverage: d('0.5'), capBounds: bounds });
  assert.equal(formatFixed(capped.formulaRate), '0.5');
  assert.equal(formatFixed(capped.rate), '0.015');
  const plain = computeFundingRate({ rules: dydx.funding, intervalHours: 1, premiumAverage: d('0.0008'), interestRate: d('0.0001'), capBounds: bounds });
  assert.equal(formatFixed(plain.rate), '0.0001125'); // (P + I) / 8: premium/8 + 0.125 bps per hour
});

test('Hyperliquid: F(8h) = P + clamp(I - P, +-0.05%), paid hourly as F/8, capped at 4% per hour (hyperliquid-docs trading/funding)', () => {
  const bounds = capBounds(hyperliquid.funding.cap, {});
  const calm = computeFundingRate({ rules: hyperliquid.funding, intervalHours: 1, premiumAverage: d('0.0002'), capBounds: bounds });
  assert.equal(formatFixed(calm.interestRate), '0.0001');
  assert.equal(formatFixed(calm.formulaRate), '0.0001');
  assert.equal(formatFixed(calm.rate), '0.0000125');
  const wild = computeFundingRate({ rules: hyperliquid.funding, intervalHours: 1, premiumAverage: d('0.5'), capBounds: bounds });
  assert.equal(formatFixed(wild.rate), '0.04');
  assert.equal(wild.cap?.hit, true);
});

test('property: the rate never leaves its cap and floor, for every profile with a cap', () => {
  const cases = [
    { rules: binance.funding, hours: 8, rates: { maintenanceRate: d('0.004') } },
    { rules: binance.funding, hours: 4, rates: { maintenanceRate: d('0.025') } },
    { rules: bitmex.funding, hours: 8, rates: { initialRate: d('0.01'), maintenanceRate: d('0.005') } },
    { rules: dydx.funding, hours: 1, rates: { initialRate: d('0.1'), maintenanceRate: d('0.05') } },
    { rules: hyperliquid.funding, hours: 1, rates: {} },
  ];
  fc.assert(
    fc.property(fc.constantFrom(...cases), rateArb, fc.option(rateArb), fc.option(rateArb), (c, premiumAverage, interestRate, previousRate) => {
      const bounds = capBounds(c.rules.cap, c.rates);
      assert.ok(bounds);
      const result = computeFundingRate({ rules: c.rules, intervalHours: c.hours, premiumAverage, interestRate, previousRate, capBounds: bounds, maintenanceRate: c.rates.maintenanceRate ?? null });
      assert.ok(result.rate <= bounds.cap && result.rate >= bounds.floor);
      if (result.clampedInterestMinusPremium !== null && result.clampBound !== null) {
        assert.ok(result.clampedInterestMinusPremium <= result.clampBound && result.clampedInterestMinusPremium >= -result.clampBound);
      }
    }),
    { numRuns: 500 },
  );
});
