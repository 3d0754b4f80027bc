import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixed } from '../num/index.js';
import { DERIBIT_PM } from '../venues/deribit-pm.js';
import { OKX_PM } from '../venues/okx-pm.js';
import { portfolioVenue, PORTFOLIO_VENUE_NAMES } from '../venues/portfolio-registry.js';
import { computeDeribitPm, deribitVolShocks, explainDeribitPm } from './deribit-pm/compute.js';
import { computeOkxPm, explainOkxPm } from './okx-pm/compute.js';
import { positionValue, scenarioPnl, type PricedPosition } from './revalue.js';
import type { DeribitPmParams } from './deribit-pm/params.js';
import type { OkxPmParams } from './okx-pm/params.js';

const NOW = Date.UTC(2026, 0, 1, 8);
const DAY = 86_400_000;
const sum = (lines: ReadonlyArray<{ amount: bigint }>): bigint => lines.reduce((s, l) => s + l.amount, 0n);

const BTC = DERIBIT_PM.currencies['BTC'] as DeribitPmParams;
const USDC = DERIBIT_PM.currencies['USDC'] as DeribitPmParams;
const OKX_BTC = OKX_PM.units['BTC'] as OkxPmParams;

function option(quantity: number, optionType: 'call' | 'put', strike: number, days: number, forward: number, volatility: number): PricedPosition {
  return { position: { kind: 'option', id: `O${strike}${optionType}`, underlying: 'BTC', quantity, multiplier: 1, optionType, strike, expiryMs: NOW + days * DAY }, forward, volatility };
}
function future(quantity: number, forward: number, days: number | null = null): PricedPosition {
  return { position: { kind: 'future', id: 'F', underlying: 'BTC', quantity, multiplier: 1, expiryMs: days === null ? null : NOW + days * DAY }, forward, volatility: null };
}

test('T16 [derived] Deribit-style grid, short 1 linear call F 60,000 K 66,000 30 days IV 60 %: worst 6,943.64 at +16 % vol up (reference formulas: https://docs.paradex.trade/risk/portfolio-margin)', () => {
  const short = option(-1, 'call', 66000, 30, 60000, 0.6);
  const shocks = deribitVolShocks(USDC, 0.6, 30 / 365);
  assert.ok(Math.abs(shocks.up - 0.9) < 1e-12 && Math.abs(shocks.down - 0.45) < 1e-12);
  const expected: Array<[number, number, number]> = [
    [0.16, shocks.up, -6943.64],
    [0.16, 0.6, -4703.96],
    [0.16, shocks.down, -3615.84],
    [-0.16, shocks.up, 831.3],
    [-0.16, 0.6, 1714.09],
    [-0.16, shocks.down, 1912.8],
  ];
  for (const [move, vol, pnl] of expected) assert.ok(Math.abs(scenarioPnl(short, 'linear', move, vol, NOW) - pnl) < 0.01, `${move} ${vol}`);
  const result = computeDeribitPm({ ...USDC, extendedMoves: [] }, [short], NOW);
  assert.equal(formatFixed(result.worstCase).slice(0, 7), '6943.64');
  assert.equal(result.cells[result.worstCell]?.move, 0.16);
  assert.equal(result.rollShock, 0n);
  const explained = explainDeribitPm(result);
  assert.equal(sum(explained.initial), result.initial);
  assert.equal(sum(explained.maintenance), result.maintenance);
  assert.ok(result.maintenance <= result.initial);
});

test('Deribit inverse future: P&L of q coin-equivalent on a move m is q (1 - 1/(1 + m)) coin; roll shock |q| x 0.01 (https://docs.deribit.com/api-reference/account-management/private-simulate)', () => {
  const long = future(2, 50000);
  assert.ok(Math.abs(scenarioPnl(long, 'inverse', -0.16, 0, NOW) - 2 * (1 - 1 / 0.84)) < 1e-15);
  const result = computeDeribitPm(BTC, [long], NOW);
  // gains ignored (pnl_offset 0); the worst cell is -16 %; the extended -66 % is damped away
  assert.equal(result.cells[result.worstCell]?.move, -0.16);
  assert.equal(formatFixed(result.rollShock), '0.02');
  assert.equal(sum(explainDeribitPm(result).maintenance), result.maintenance);
});

test('T10 Dederi-style futures grid: 10 long at 2253.2, -15 % .. +15 % in 3 % steps (https://wiki.dederi.io/RiskControlRules/portfolio_margin)', () => {
  const published = [-3380, -2704, -2028, -1352, -676, 0, 676, 1352, 2028, 2704, 3380];
  const result = computeDeribitPm({ ...USDC, priceRange: 0.15, bucketsPerSide: 5, extendedMoves: [], pnlOffset: 1, minAnnualisedMove: 0 }, [future(10, 2253.2)], NOW);
  const same = result.cells.filter((c) => c.vol === 'same').map((c) => c.aggregated);
  same.forEach((pnl, i) => assert.ok(Math.abs(pnl - (published[i] ?? NaN)) < 0.5, `${i}: ${pnl}`));
});

test('OKX BTC linear perpetual: MR1 12 %, MR4 0.20 %, MR7 0.45 % of notional -> MMR 12.2 %, IMR 1.3 x (observed from https://www.okx.com/docs-v5/en/#trading-account-rest-api-position-builder-new)', () => {
  const result = computeOkxPm(OKX_BTC, [future(1, 100000)], NOW);
  assert.equal(formatFixed(result.mr1), '12000');
  assert.equal(formatFixed(result.mr4), '200');
  assert.equal(formatFixed(result.mr7), '450');
  assert.equal(formatFixed(result.mr6), '12000');
  assert.equal(result.binding, 'mr1+mr4');
  assert.equal(formatFixed(result.maintenance), '12200');
  assert.equal(formatFixed(result.initial), '15860');
  const explained = explainOkxPm(result);
  assert.equal(sum(explained.maintenance), result.maintenance);
  assert.equal(sum(explained.initial), result.initial);
  const borrowed = computeOkxPm(OKX_BTC, [future(1, 100000)], NOW, 5000);
  assert.equal(formatFixed(borrowed.maintenance), '12300');
  assert.equal(formatFixed(borrowed.initial), '16360');
  assert.equal(sum(explainOkxPm(borrowed).initial), borrowed.initial);
});

test('properties: hedges never need more than their legs alone; a long option never more than its premium; never negative', () => {
  const hedges: PricedPosition[][] = [
    [future(1, 60000), option(-1, 'call', 66000, 30, 60000, 0.6)],
    [future(1, 60000), option(1, 'put', 55000, 14, 60000, 0.7)],
    [future(1, 60000, 30), future(-1, 59800)],
    [option(1, 'call', 60000, 30, 60000, 0.6), option(-1, 'call', 70000, 30, 60000, 0.6)],
  ];
  for (const legs of hedges) {
    for (const params of [USDC, { ...USDC, pnlOffset: 0.6 }]) {
      const together = computeDeribitPm(params, legs, NOW);
      const alone = legs.reduce((s, leg) => s + computeDeribitPm(params, [leg], NOW).maintenance, 0n);
      assert.ok(together.maintenance <= alone, 'deribit');
      assert.ok(together.maintenance >= 0n);
    }
    const together = computeOkxPm(OKX_BTC, legs, NOW);
    const alone = legs.reduce((s, leg) => s + computeOkxPm(OKX_BTC, [leg], NOW).maintenance, 0n);
    assert.ok(together.maintenance <= alone, 'okx');
  }
  for (const strike of [30000, 60000, 120000]) {
    for (const optionType of ['call', 'put'] as const) {
      const long = option(1, optionType, strike, 10, 60000, 0.8);
      const premium = positionValue(long, 'linear', NOW);
      assert.ok(Number(formatFixed(computeDeribitPm(USDC, [long], NOW).initial)) <= premium + 1e-6, `deribit ${strike} ${optionType}`);
      assert.ok(Number(formatFixed(computeOkxPm(OKX_BTC, [long], NOW).maintenance)) <= premium + 1e-6, `okx ${strike} ${optionType}`);
    }
  }
});

test('the portfolio registry: three records, an unknown name refused with the known ones, a missing currency named', () => {
  assert.deepEqual(PORTFOLIO_VENUE_NAMES, ['span', 'deribit-pm', 'okx-pm']);
  assert.throws(() => portfolioVenue('binance-pm', ['--profile']), { message: '--profile: unknown portfolio profile "binance-pm" (known: span, deribit-pm, okx-pm)' });
  for (const v of ['span', 'deribit-pm', 'okx-pm']) assert.ok(portfolioVenue(v).sources.every((s) => s.length > 0));
});

test('bad positions are refused naming the field', () => {
  assert.throws(() => computeDeribitPm(USDC, [option(-1, 'call', 66000, 30, 60000, 0)], NOW), { message: 'positions[0].volatility: an option needs a volatility greater than 0, got 0' });
  assert.throws(() => computeOkxPm(OKX_BTC, [future(1, -5)], NOW), { message: 'positions[0].forward: must be a finite number greater than 0, got -5' });
});
