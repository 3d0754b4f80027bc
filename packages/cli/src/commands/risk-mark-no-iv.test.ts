/**
 * `margin risk --json` with an option given by its mark (`markPrice`) instead of a volatility
 * (docs/portfolio-margin.md, "Marks without implied volatility"): a mark under the option's
 * intrinsic value has no implied volatility; it is revalued at IV_MIN (Black-76 then values it at
 * intrinsic value), so the requirement is given, not refused, and covers at least the loss of the
 * intrinsic value alone in every standard cell.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IV_MIN, black76Price } from '@margin/core';
import { runRisk } from './risk.js';

const TIME = '2026-01-01T08:00:00Z';
const EXPIRY = '2026-01-31T08:00:00Z';
const YEARS = 30 / 365;

interface GridJson {
  readonly maintenance: string;
  readonly worstCase: string;
  readonly grid: ReadonlyArray<{ table: string; move: string; pnl: string }>;
}

function risk(profile: 'deribit-pm' | 'okx-pm', currency: string, option: Record<string, string>): GridJson & { maintenance: string } {
  const input = {
    profile,
    currency,
    time: TIME,
    positions: [{ id: 'BTC_USDC-31JAN26-50000-C', kind: 'option', quantity: '-2', optionType: 'call', strike: '50000', expiry: EXPIRY, forward: '60000', ...option }],
  };
  return JSON.parse(runRisk(JSON.stringify(input), { json: true }).stdout) as GridJson;
}

test('margin risk --json: an option marked under its intrinsic value gets a requirement (revalued at IV_MIN), at least the intrinsic loss', () => {
  // Short 2 calls K = 50,000 at F = 60,000: intrinsic 10,000 per coin; marked at 9,000 (no IV exists).
  const below = risk('deribit-pm', 'USDC', { markPrice: '9000' });
  const floor = risk('deribit-pm', 'USDC', { volatility: String(IV_MIN) });
  // The same figures as the option given the floor volatility itself.
  assert.equal(below.maintenance, floor.maintenance);
  assert.ok(Number(below.maintenance) > 0);
  // Every standard cell loses at least the intrinsic value's change: 2 x (max(F(1+m) - K, 0) - 10,000).
  let intrinsicWorst = 0;
  for (const cell of below.grid.filter((c) => c.table === 'standard')) {
    const move = Number(cell.move);
    const intrinsicLoss = 2 * (Math.max(60000 * (1 + move) - 50000, 0) - 10000);
    intrinsicWorst = Math.max(intrinsicWorst, intrinsicLoss);
    assert.ok(-Number(cell.pnl) >= intrinsicLoss - 1e-6, `move ${cell.move}: pnl ${cell.pnl} vs intrinsic loss ${intrinsicLoss}`);
  }
  assert.ok(Number(below.worstCase) >= intrinsicWorst, `worst case ${below.worstCase} >= ${intrinsicWorst}`);
  // A mark with time value is read as its implied volatility (the same requirement as that volatility given).
  const mark = black76Price(true, 60000, 50000, YEARS, 0.55);
  const implied = risk('deribit-pm', 'USDC', { markPrice: mark.toFixed(6) });
  const byVolatility = risk('deribit-pm', 'USDC', { volatility: '0.55' });
  assert.ok(Math.abs(Number(implied.maintenance) - Number(byVolatility.maintenance)) < 1e-4, `${implied.maintenance} vs ${byVolatility.maintenance}`);
  // okx-pm: the same rule gives a requirement rather than a refusal.
  const okx = risk('okx-pm', 'BTC', { markPrice: '9000' });
  assert.ok(Number(okx.maintenance) > 0);
});

test('margin risk: an option takes volatility or markPrice, not both, and one of them', () => {
  assert.throws(() => risk('deribit-pm', 'USDC', { markPrice: '9000', volatility: '0.5' }), { message: 'positions[0].markPrice: give either volatility or markPrice, not both' });
  assert.throws(() => risk('deribit-pm', 'USDC', {}), { message: 'positions[0].volatility: is required for an option' });
});
