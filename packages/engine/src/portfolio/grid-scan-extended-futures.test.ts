import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeDeribitPm, portfolioVenue, type DeribitPmParams, type PricedPosition } from '@margin/core';
import { GridScan } from './grid-scan.js';

// Deribit's private/pme/simulate example (https://docs.deribit.com/api-reference/account-management/private-simulate):
// each extended entry of a future equals its entry at +-price_range. The kernel's extended columns of
// a future row are that capped-move P&L, the same floats as core's computeDeribitPm cells.
const NOW = Date.UTC(2024, 5, 17, 10, 22, 20);

test('grid kernel: an inverse future row carries the capped-move P&L in each extended column, equal to core', () => {
  const venue = portfolioVenue('deribit-pm');
  const params = (venue.method === 'grid' ? venue.currencies['BTC'] : undefined) as DeribitPmParams;
  const q = 0.314538364;
  const priced: PricedPosition = { position: { kind: 'future', id: 'BTC-PERPETUAL', underlying: 'BTC', quantity: q, multiplier: 1, expiryMs: null }, forward: 65910.57, volatility: null };
  const scan = new GridScan(params, 1, 1);
  scan.setInstrument(0, priced, NOW);
  scan.rebuild(0, Int32Array.of(0), Float64Array.of(q), Float64Array.of(0), 0, 1);
  const standardCount = 2 * params.bucketsPerSide + 1;
  const core = computeDeribitPm(params, [priced], NOW).cells.filter((c) => c.table === 'extended');
  params.extendedMoves.forEach((move, i) => {
    const got = scan.vector[standardCount + i] as number;
    const capped = move < 0 ? -params.priceRange : params.priceRange;
    assert.ok(Math.abs(got - q * (1 - 1 / (1 + capped))) < 1e-15, `${move}: ${got}`);
    assert.ok(Math.abs(got - (core[i]?.pnlByPosition[0] as number)) < 1e-15, `${move}: core ${core[i]?.pnlByPosition[0]}`);
  });
});
