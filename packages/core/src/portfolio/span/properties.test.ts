/**
 * Properties of the SPAN calculator over seeded random portfolios: requirements never negative,
 * initial never below maintenance, the explanation sums exactly (explainSpan asserts it, and so
 * does this test), a portfolio never needs more than its positions margined alone (futures with
 * intra spreads whose rates stay below the outright scan, and options without spread tiers), and
 * a long-options-only portfolio never more than its options' value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeRiskArray } from './risk-array.js';
import { computeSpan } from './compute.js';
import { explainSpan, sumLines } from './explain.js';
import type { CombinedCommodity, SpanContract, SpanParams, SpanPortfolio } from './params.js';

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const CC = (code: string, extra: Partial<CombinedCommodity>): CombinedCommodity => ({
  code,
  currency: 'USD',
  tiers: [],
  intraSpreads: [],
  spotCharges: [],
  somRate: 0,
  somMethod: 'gross',
  initialRatios: { member: '1', hedger: '1.05', speculator: '1.1' },
  priceScanRange: null,
  wfprMethod: 'normal',
  limitOptionValue: true,
  ...extra,
});

function instruments(next: () => number): SpanParams {
  const contracts: SpanContract[] = [];
  const months = ['202601', '202602', '202603', '202604'];
  months.forEach((month, m) => {
    const psr = 400 + 100 * m;
    const a = computeRiskArray({ kind: 'future', underlyingPrice: 100, contractValueFactor: 1, priceScanRange: psr, extremeMultiplier: 3, coverFraction: 0.33 });
    contracts.push({ id: `F ${month}`, cc: 'F', kind: 'future', optionType: null, month, strike: null, price: 100, contractValueFactor: 1, riskArray: [...a.losses], compositeDelta: 1 });
  });
  for (let i = 0; i < 12; i++) {
    const optionType = i % 2 === 0 ? 'call' : 'put';
    const strike = 80 + 4 * Math.floor(i / 2) + Math.round(next() * 2);
    const spec = { kind: 'option', optionType, underlyingPrice: 100, strike, timeYears: 0.05 + next() * 0.5, volatility: 0.2 + next() * 0.6, volScanRange: 0.05, contractValueFactor: 10, priceScanRange: 8, extremeMultiplier: 3, coverFraction: 0.33 } as const;
    const a = computeRiskArray(spec);
    contracts.push({ id: `O ${i}`, cc: 'O', kind: 'option', optionType, month: '202603', strike, price: a.value / 10, contractValueFactor: 10, riskArray: [...a.losses], compositeDelta: a.compositeDelta });
  }
  const tiers = [
    { tier: 1, startMonth: '202601', endMonth: '202602' },
    { tier: 2, startMonth: '202603', endMonth: '202604' },
  ];
  const ccs = [
    CC('F', { tiers, intraSpreads: [{ priority: 1, rate: 150, legs: [{ tier: 1, ratio: 1, side: 'A' }, { tier: 2, ratio: 1, side: 'B' }] }], spotCharges: [{ month: '202601', ratePerDeltaSpread: 5, ratePerDeltaOutright: 20 }] }),
    CC('O', { somRate: 15, somMethod: next() < 0.5 ? 'gross' : 'max-calls-puts' }),
  ];
  return { exchangeComplex: 'P', businessDate: '20260101', ccs, contracts, interSpreads: [] };
}

function randomPortfolio(next: () => number, ids: readonly string[], size: number, longOnly = false): SpanPortfolio {
  const positions = Array.from({ length: size }, () => {
    const contract = ids[Math.floor(next() * ids.length)] ?? '';
    const q = 1 + Math.floor(next() * 5);
    return { contract, quantity: longOnly || next() < 0.5 ? q : -q };
  });
  return { accountClass: next() < 0.5 ? 'speculator' : 'hedger', positions };
}

test('random portfolios: never negative, initial >= maintenance, explained exactly, never more than the legs alone', () => {
  const next = rng(20261127);
  const params = instruments(next);
  const futures = params.contracts.filter((c) => c.cc === 'F').map((c) => c.id);
  const options = params.contracts.filter((c) => c.cc === 'O').map((c) => c.id);
  for (let round = 0; round < 300; round++) {
    const ids = round % 2 === 0 ? futures : options;
    const portfolio = randomPortfolio(next, ids, 1 + Math.floor(next() * 6));
    const result = computeSpan(params, portfolio);
    assert.ok(result.maintenance >= 0n && result.initial >= result.maintenance);
    const explained = explainSpan(result);
    assert.equal(sumLines(explained.maintenance), result.maintenance);
    assert.equal(sumLines(explained.initial), result.initial);
    const alone = portfolio.positions.reduce((s, p) => s + computeSpan(params, { ...portfolio, positions: [p] }).maintenance, 0n);
    assert.ok(result.maintenance <= alone, `round ${round}: ${result.maintenance} > ${alone} for ${JSON.stringify(portfolio.positions)}`);
  }
});

test('random long-options-only portfolios never need more than their value (here: 0 after the net option value)', () => {
  const next = rng(7);
  const params = instruments(next);
  const options = params.contracts.filter((c) => c.cc === 'O').map((c) => c.id);
  for (let round = 0; round < 100; round++) {
    const result = computeSpan(params, randomPortfolio(next, options, 1 + Math.floor(next() * 4), true));
    assert.ok(result.ccs.every((cc) => cc.maintenanceRisk <= cc.longOptionValue));
    assert.equal(result.maintenance, 0n);
  }
});
