/**
 * Properties of the crypto portfolio methods (Deribit-style grid, OKX-style components) over seeded
 * random portfolios of futures and options, linear and inverse, with the records' parameters and
 * with changed ones: requirements never negative, initial >= maintenance, every explanation sums
 * exactly to its requirement, a portfolio never needs more than its positions margined one by one,
 * and long options alone never more than their value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DERIBIT_PM } from '../venues/deribit-pm.js';
import { OKX_PM } from '../venues/okx-pm.js';
import { computeDeribitPm, explainDeribitPm } from './deribit-pm/compute.js';
import { computeOkxPm, explainOkxPm } from './okx-pm/compute.js';
import { moneyUp } from './money.js';
import { positionValue, type PricedPosition } from './revalue.js';
import type { DeribitPmParams } from './deribit-pm/params.js';
import type { OkxPmParams } from './okx-pm/params.js';

const NOW = Date.UTC(2026, 5, 1, 8);
const DAY = 86_400_000;
const sum = (lines: ReadonlyArray<{ amount: bigint }>): bigint => lines.reduce((s, l) => s + l.amount, 0n);

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomPosition(next: () => number, i: number, forward: number, longOptionsOnly: boolean): PricedPosition {
  const option = longOptionsOnly || next() < 0.6;
  const sign = longOptionsOnly ? 1 : next() < 0.5 ? -1 : 1;
  const quantity = sign * Math.round(1 + next() * 20) / 4;
  const fwd = forward * (0.97 + next() * 0.06);
  if (!option) {
    const expiryMs = next() < 0.5 ? null : NOW + Math.round(1 + next() * 180) * DAY;
    return { position: { kind: 'future', id: `F${i}`, underlying: 'BTC', quantity, multiplier: 1, expiryMs }, forward: fwd, volatility: null };
  }
  const strike = Math.round((forward * (0.6 + next() * 0.8)) / 500) * 500;
  return {
    position: { kind: 'option', id: `O${i}`, underlying: 'BTC', quantity, multiplier: 1, optionType: next() < 0.5 ? 'call' : 'put', strike, expiryMs: NOW + Math.round(1 + next() * 120) * DAY },
    forward: fwd,
    volatility: 0.3 + next() * 0.9,
  };
}

const GRID_SETS: DeribitPmParams[] = [
  DERIBIT_PM.currencies['BTC'] as DeribitPmParams,
  DERIBIT_PM.currencies['ETH'] as DeribitPmParams,
  DERIBIT_PM.currencies['USDC'] as DeribitPmParams,
  { ...(DERIBIT_PM.currencies['USDC'] as DeribitPmParams), priceRange: 0.1, bucketsPerSide: 5, extendedMoves: [], pnlOffset: 1, maintenanceFactor: '1' },
];
const COMPONENT_SETS: OkxPmParams[] = [
  OKX_PM.units['BTC'] as OkxPmParams,
  OKX_PM.units['LTC'] as OkxPmParams,
  { ...(OKX_PM.units['BTC'] as OkxPmParams), settlement: 'inverse', reductionTiers: [{ upToNotional: 100000, multiplier: 1 }, { upToNotional: null, multiplier: 3 }] },
];

test('random crypto portfolios: never negative, initial >= maintenance, explained exactly, never more than their positions one by one', () => {
  const next = rng(20261128);
  for (let round = 0; round < 120; round++) {
    const forward = 20000 + next() * 80000;
    const positions = Array.from({ length: 1 + Math.floor(next() * 6) }, (_, i) => randomPosition(next, i, forward, false));
    for (const params of GRID_SETS) {
      const result = computeDeribitPm(params, positions, NOW);
      const lines = explainDeribitPm(result);
      assert.ok(result.maintenance >= 0n && result.initial >= result.maintenance, `grid ${params.currency} round ${round}`);
      assert.equal(sum(lines.initial), result.initial);
      assert.equal(sum(lines.maintenance), result.maintenance);
      const alone = positions.reduce((s, p) => s + computeDeribitPm(params, [p], NOW).maintenance, 0n);
      // One money step per position: each alone figure and the together figure round up once.
      assert.ok(result.maintenance <= alone + BigInt(positions.length) * moneyUp(1e-8), `grid ${params.currency} round ${round}: together more than alone`);
    }
    const liability = next() < 0.3 ? next() * 50000 : 0;
    for (const params of COMPONENT_SETS) {
      const result = computeOkxPm(params, positions, NOW, liability);
      const lines = explainOkxPm(result);
      assert.ok(result.maintenance >= 0n && result.initial >= result.maintenance, `components ${params.unit} round ${round}`);
      assert.equal(sum(lines.maintenance), result.maintenance);
      assert.equal(sum(lines.initial), result.initial);
    }
  }
});

test('random long options only never need more than their value (grid initial, components maintenance), linear and inverse', () => {
  const next = rng(11);
  for (let round = 0; round < 80; round++) {
    const forward = 20000 + next() * 80000;
    const positions = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, i) => randomPosition(next, i, forward, true));
    for (const params of GRID_SETS) {
      const value = positions.reduce((s, p) => s + positionValue(p, params.settlement, NOW), 0);
      const result = computeDeribitPm(params, positions, NOW);
      assert.ok(result.initial <= moneyUp(value) + moneyUp(1e-8), `grid ${params.currency} round ${round}: ${result.initial} > ${value}`);
    }
    for (const params of COMPONENT_SETS) {
      const value = positions.reduce((s, p) => s + positionValue(p, params.settlement, NOW), 0);
      assert.ok(computeOkxPm(params, positions, NOW).maintenance <= moneyUp(value), `components ${params.unit} round ${round}`);
    }
  }
});
