import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BTCUSD_INVERSE_100_1TIER } from '@margin/testkit';
import { parseFixed as d } from '../num/index.js';
import { computeRisk } from '../risk/compute-risk.js';
import { parseRiskInput } from '../input/risk-input.js';
import { riskReportToJson } from '../report/risk-json.js';
import { lineFor, rootOf } from './solver-line.js';
import type { SolveInput } from './price-solver.js';

function inverseBankruptcy(side: 1n | -1n, entry: string, constant: string): SolveInput {
  return {
    inverse: true,
    constant: d(constant),
    legs: [{
      sideSign: side, quantity: d('100'), entryPrice: d(entry),
      tiers: [{ notionalFloor: 0n, maintenanceRate: d('0.005'), maintenanceAmount: 0n, initialRate: d('0.008'), maxLeverage: d('125') }],
      fixedMaintenance: null, closeFeeRate: 0n, fixedCloseFee: 0n,
    }],
    target: 'bankruptcy',
    markPrice: d('8000'),
  };
}

test('inverse root on an E18 price: a position with no collateral goes bankrupt exactly at its entry (1/8067.5 is not an E36 integer)', () => {
  const long = rootOf(lineFor(inverseBankruptcy(1n, '8067.5', '0'), [0]), true);
  assert.deepEqual(long, { price: d('8067.5'), breachBelow: true });
  const short = rootOf(lineFor(inverseBankruptcy(-1n, '8067.5', '0'), [0]), true);
  assert.deepEqual(short, { price: d('8067.5'), breachBelow: false });
  // Two legs with different entries: the exact constant part is a sum of fractions.
  const hedge = inverseBankruptcy(1n, '8067.5', '0');
  const twoLegs = { ...hedge, legs: [hedge.legs[0]!, { ...hedge.legs[0]!, entryPrice: d('8067.5') }] };
  assert.deepEqual(rootOf(lineFor(twoLegs, [0, 0]), true), { price: d('8067.5'), breachBelow: true });
});

test('inverse root between E18 prices still rounds toward the safe side', () => {
  // Long, 100 USD of contracts, 0.001 BTC: 0.001 + 100 (1/8067.5 - 1/P) = 0 -> P = 100 / (100/8067.5 + 0.001), not an E18 price.
  const long = rootOf(lineFor(inverseBankruptcy(1n, '8067.5', '0.001'), [0]), true);
  assert.ok(long);
  // exact root r = 100 * 8067.5 / (100 + 8.0675); ceil keeps P >= r
  const numerator = 100n * 80675n * 10n ** 17n; // 100 * 8067.5 in E18
  const denominator = 1000000n + 80675n; // (100 + 8.0675) in 1e-4
  const exactTimes = numerator * 10000n; // r (E18) = exactTimes / denominator
  assert.ok(long.price * denominator >= exactTimes, 'reported price is not below the root (a long breaches below)');
  assert.ok((long.price - 1n) * denominator < exactTimes, 'one unit lower is below the root');
});

test('regression (risk.property seed -2092941642): an inverse long with isolated balance 0 and entry 8067.50 reports bankruptcy at 8067.5, not 8068 (tick 0.5)', () => {
  for (const side of ['long', 'short'] as const) {
    const input = {
      profile: 'generic',
      account: { balance: '0', positionMode: 'one-way' },
      instruments: [{ ...BTCUSD_INVERSE_100_1TIER, markPrice: '8000.00' }], // 100 USD contracts, tick 0.5, as the counterexample
      positions: [{ symbol: BTCUSD_INVERSE_100_1TIER.symbol, side, size: '7', entryPrice: '8067.50', leverage: '10', margin: 'isolated', isolatedBalance: '0' }],
    };
    const json = riskReportToJson(computeRisk(parseRiskInput(input).request));
    assert.equal(json.positions[0]?.bankruptcyPrice, '8067.5', side);
  }
});
