/**
 * `computeRisk(..., { withPrices: 'bankruptcy' })` (what a liquidation reads: no liquidation-price
 * solves) is the full report with the liquidation prices left out: every other figure, the
 * bankruptcy prices included, equals the report with `withPrices: true`, on profiles whose
 * maintenance margin does and does not depend on the bankruptcy price.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LINEAR_USDT_TICK001 } from '@margin/testkit';
import { computeRisk } from './compute-risk.js';
import { parseRiskInput } from '../input/risk-input.js';
import { riskReportToJson } from '../report/risk-json.js';

const TIER_ROWS = [
  { notionalFloor: '0', maintenanceRate: '0.004', maxLeverage: '125' },
  { notionalFloor: '50000', maintenanceRate: '0.005', maxLeverage: '100' },
  { notionalFloor: '250000', maintenanceRate: '0.01', maxLeverage: '50' },
];

const cents = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((v) => (v / 100).toFixed(2));

const positionArb = fc.record({
  side: fc.constantFrom('long', 'short'),
  size: fc.integer({ min: 1, max: 2_000_000 }).map((v) => (v / 1000).toFixed(3)),
  entry: cents(50, 90000),
  markMove: fc.integer({ min: 50, max: 150 }),
  leverage: fc.integer({ min: 1, max: 100 }).map(String),
  isolated: fc.option(cents(0, 200000), { nil: null }),
});

const inputArb = fc
  .record({
    profile: fc.constantFrom('generic', 'binance-usdm', 'bybit-linear'),
    balance: cents(0, 1_000_000),
    positions: fc.array(positionArb, { minLength: 1, maxLength: 4 }),
  })
  .map(({ profile, balance, positions }) => ({
    profile,
    account: { balance, positionMode: 'one-way' },
    instruments: positions.map((p, i) => {
      const mark = ((Number(p.entry) * p.markMove) / 100).toFixed(2);
      return { ...LINEAR_USDT_TICK001, symbol: `S${i}USDT`, markPrice: mark === '0.00' ? '0.01' : mark, takerFeeRate: '0.00055', tiers: TIER_ROWS };
    }),
    positions: positions.map((p, i) => ({
      symbol: `S${i}USDT`,
      side: p.side,
      size: p.size,
      entryPrice: p.entry,
      leverage: p.leverage,
      ...(p.isolated === null ? {} : { margin: 'isolated', isolatedBalance: p.isolated }),
    })),
  }));

test("withPrices 'bankruptcy' is the full report without the liquidation prices", () => {
  let bankruptcyPrices = 0;
  fc.assert(
    fc.property(inputArb, (input) => {
      const { request } = parseRiskInput(input);
      const full = riskReportToJson(computeRisk(request, { withPrices: true }));
      const bankruptcyOnly = riskReportToJson(computeRisk(request, { withPrices: 'bankruptcy' }));
      const expected = { ...full, positions: full.positions.map((position) => ({ ...position, liquidationPrice: null })) };
      assert.deepEqual(bankruptcyOnly, expected);
      bankruptcyPrices += full.positions.filter((position) => position.bankruptcyPrice !== null).length;
    }),
    { numRuns: 300, seed: 16 },
  );
  // The property is about something: most generated positions have a bankruptcy price.
  assert.ok(bankruptcyPrices > 300, `bankruptcy prices compared: ${bankruptcyPrices}`);
});
