import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixed } from '../../num/index.js';
import { DERIBIT_PM } from '../../venues/deribit-pm.js';
import { scenarioPnl, type PricedPosition } from '../revalue.js';
import { computeDeribitPm, deribitVolShocks, extendedFutureMove } from './compute.js';
import type { DeribitPmParams } from './params.js';

// Deribit's private/pme/simulate example (BTC): its initial_risk_vectors show each extended entry of
// a future equal to the future's entry at +-price_range (the capped move), in coin.
const SOURCE = 'https://docs.deribit.com/api-reference/account-management/private-simulate';
const NOW = Date.UTC(2024, 5, 17, 10, 22, 20);
const BTC = DERIBIT_PM.currencies['BTC'] as DeribitPmParams;
const USDC = DERIBIT_PM.currencies['USDC'] as DeribitPmParams;

function future(quantity: number, forward: number): PricedPosition {
  return { position: { kind: 'future', id: 'BTC-PERPETUAL', underlying: 'BTC', quantity, multiplier: 1, expiryMs: null }, forward, volatility: null };
}

test(`Deribit inverse future: each extended cell is the P&L at the capped move +-price_range, q (1 - 1/(1 +- 0.16)) coin (${SOURCE})`, () => {
  const q = 0.314538364; // the example's BTC-PERPETUAL
  const result = computeDeribitPm(BTC, [future(q, 65910.57)], NOW);
  const extended = result.cells.filter((c) => c.table === 'extended');
  assert.equal(extended.length, BTC.extendedMoves.length);
  for (const cell of extended) {
    const capped = cell.move < 0 ? -0.16 : 0.16;
    const expected = q * (1 - 1 / (1 + capped));
    assert.ok(Math.abs((cell.pnlByPosition[0] as number) - expected) < 1e-15, `${cell.move}: ${cell.pnlByPosition[0]} vs ${expected}`);
    const standard = result.cells.find((c) => c.table === 'standard' && c.move === capped && c.vol === 'same');
    assert.equal(cell.pnlByPosition[0], standard?.pnlByPosition[0], `${cell.move} equals the +-range standard entry`);
  }
  // at -66 %: 0.19 q coin (the capped move), not 0.47 q (range/|move| x the -66 % P&L)
  const at66 = extended.find((c) => c.move === -0.66);
  assert.ok(Math.abs((at66?.pnlByPosition[0] as number) / q + 0.190476190476) < 1e-9);
});

test(`Deribit BTC example: the published extended risk vectors of BTC-PERPETUAL and BTC-28JUN24 (initial_risk_vectors, ${SOURCE} response example)`, () => {
  const published: Record<string, number[]> = {
    'BTC-PERPETUAL': [-0.05991206933333334, -0.05991206933333334, ...Array<number>(6).fill(0.04338460193103449)],
    'BTC-28JUN24': [0.0002261969523809524, 0.0002261969523809524, ...Array<number>(6).fill(-0.0001637977931034483)],
  };
  const perpetual = future(0.314538364, 65910.57);
  const dated: PricedPosition = { position: { kind: 'future', id: 'BTC-28JUN24', underlying: 'BTC', quantity: -0.001187534, multiplier: 1, expiryMs: Date.UTC(2024, 5, 28, 8) }, forward: 67371.75, volatility: null };
  const result = computeDeribitPm(BTC, [perpetual, dated], NOW);
  const extended = result.cells.filter((c) => c.table === 'extended');
  ['BTC-PERPETUAL', 'BTC-28JUN24'].forEach((id, position) => {
    (published[id] as number[]).forEach((entry, i) => {
      const ours = extended[i]?.pnlByPosition[position] as number;
      assert.ok(Math.abs(ours - entry) <= 1e-14 * Math.abs(entry), `${id} extended[${i}]: ${ours} vs published ${entry}`);
    });
  });
  // the published worst case is the -16 % standard cell (bucket 1, left); the extended cells are damped to 0
  assert.equal(formatFixed(result.worstCase), '0.05968588');
});

test('Deribit inverse future with no dampener: the worst case is the -16 % loss, the extended table adds nothing', () => {
  const q = 2;
  const result = computeDeribitPm({ ...BTC, extendedDampener: 0 }, [future(q, 50000)], NOW);
  // q (1/0.84 - 1) = 0.380952380952... coin, rounded up at 1e-8
  assert.equal(formatFixed(result.worstCase), '0.38095239');
  assert.equal(result.cells[result.worstCell]?.table, 'standard');
  assert.equal(extendedFutureMove(BTC, -0.66), -0.16);
  assert.equal(extendedFutureMove(BTC, 5), 0.16);
  assert.equal(extendedFutureMove({ ...BTC, priceRange: 0.5 }, -0.33), -0.33);
});

test('Deribit linear future: the capped move equals range/|move| x the move P&L (both rules agree)', () => {
  const long = future(3, 60000);
  const result = computeDeribitPm(USDC, [long], NOW);
  for (const cell of result.cells.filter((c) => c.table === 'extended')) {
    const weighted = Math.min(1, USDC.priceRange / Math.abs(cell.move)) * scenarioPnl(long, 'linear', cell.move, 0, NOW);
    assert.ok(Math.abs((cell.pnlByPosition[0] as number) - weighted) < 1e-6, `${cell.move}`);
  }
});

test('Deribit options keep the weighted extended P&L: min(1, range/|move|) x P&L at the move, volatility up', () => {
  const call: PricedPosition = {
    position: { kind: 'option', id: 'C', underlying: 'BTC', quantity: -1, multiplier: 1, optionType: 'call', strike: 80000, expiryMs: NOW + 30 * 86_400_000 },
    forward: 60000,
    volatility: 0.6,
  };
  const result = computeDeribitPm(USDC, [call], NOW);
  const cell = result.cells.find((c) => c.table === 'extended' && c.move === 1);
  assert.ok(cell !== undefined);
  assert.equal(cell.weight, 0.16);
  const volUp = deribitVolShocks(USDC, 0.6, 30 / 365).up;
  assert.equal(cell.pnlByPosition[0], 0.16 * scenarioPnl(call, 'linear', 1, volUp, NOW));
  assert.ok((cell.pnlByPosition[0] as number) < -1000, `${cell.pnlByPosition[0]}`);
});
