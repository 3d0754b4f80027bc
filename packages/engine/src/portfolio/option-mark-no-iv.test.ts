/**
 * A price-marked option whose mark has no implied volatility (under its intrinsic value) in an
 * account in portfolio margin (docs/portfolio-margin.md, "Marks without implied volatility"): the
 * engine gives a requirement (revalued at IV_MIN, core's `markVolatility`), equal to `margin risk`
 * given the same mark (`markPrice`, in coin for this BTC set), at least the intrinsic value's loss; the float filter
 * reads the same volatility and never misses a pool the exact model flags.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DERIBIT_BTC_PERPETUAL, at } from '@margin/testkit';
import { formatFixed, parseFixed, portfolioRiskReport } from '@margin/core';
import { Harness } from '../testing/harness.js';
import { accountRiskJson } from '../report/account-risk.js';
import { assertWithinBound, twinRunner } from '../testing/grid-stream.js';

const EXPIRY = '2026-03-27T08:00:00.000Z';
const CALL = { symbol: 'BTC-27MAR26-50000-C', kind: 'inverse-option', right: 'call', underlying: 'BTC-PERPETUAL', settle: 'BTC', contractSize: '1', strike: '50000', expiry: EXPIRY, tickSize: '0.0001', lotSize: '0.1' };

function setup(): Harness {
  const h = new Harness({ profile: 'deribit' });
  h.run({ type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL });
  h.run({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '60000', indexPrice: '60000', time: at(0) });
  for (const account of ['alice', 'maker']) h.run({ type: 'deposit', account, asset: 'BTC', amount: '5' });
  assert.equal(h.one({ type: 'instrument', instrument: CALL }).type, 'instrumentDefined');
  h.run({ type: 'price', symbol: CALL.symbol, markPrice: '0.2', time: at(1) });
  return h;
}

/** `margin risk` of alice's short calls at the engine's marks, the option given by its coin mark (an inverse set quotes marks in coin). */
function marginRisk(h: Harness, time: string, markCoin: string) {
  const forward = formatFixed(h.state.markets.get('BTC-PERPETUAL')?.markPrice ?? 0n);
  const size = formatFixed(h.state.options?.positions.get('alice')?.get(CALL.symbol)?.size ?? 0n);
  const positions = [{ id: CALL.symbol, kind: 'option', quantity: size, multiplier: '1', optionType: 'call', strike: '50000', expiry: EXPIRY, forward, markPrice: markCoin }];
  const { report } = portfolioRiskReport({ profile: 'deribit-pm', currency: 'BTC', time, positions });
  assert.ok(report.method === 'grid');
  return report;
}

describe('an option marked under its intrinsic value in portfolio margin', () => {
  it('gets a requirement equal to margin risk on the same mark, at least the intrinsic loss; filter and exact twin agree', () => {
    const filtered = setup();
    const both = twinRunner(filtered, setup());
    both({ type: 'setPortfolioMargin', account: 'alice', model: 'deribit-pm' });
    assert.equal(both({ type: 'fill', account: 'alice', symbol: CALL.symbol, side: 'sell', size: '2', price: '0.2', time: at(2) })[0]?.type, 'filled');
    both({ type: 'fill', account: 'maker', symbol: CALL.symbol, side: 'buy', size: '2', price: '0.2', time: at(2) });
    // Intrinsic 10,000 / 60,000 = 0.1667 coin; marks under it (stale after the move), at it, and back with time value.
    const walk: Array<[string, string]> = [['60000', '0.15'], ['66000', '0.15'], ['66000', '0.2424'], ['54000', '0.01'], ['54000', '0.0741'], ['70000', '0.3']];
    let checked = 0;
    let noIv = 0;
    for (const [k, [perp, mark]] of walk.entries()) {
      const time = at(10 + k);
      both({ type: 'prices', prices: [{ symbol: 'BTC-PERPETUAL', markPrice: perp, indexPrice: perp }, { symbol: CALL.symbol, markPrice: mark }], time });
      const json = accountRiskJson(filtered.state, 'alice', 'BTC');
      assert.ok(json !== null);
      const maintenance = parseFixed(json.account.maintenanceMargin);
      checked += assertWithinBound(filtered, ['alice'], 'BTC', `step ${k}`);
      const report = marginRisk(filtered, time, mark);
      assert.equal(maintenance, parseFixed(report.maintenance), `at ${perp}, mark ${mark}`);
      // A mark without IV: every standard cell loses at least the intrinsic value's change (in coin: max(F - K, 0) / F per call).
      const F = Number(perp);
      const intrinsicCoin = (f: number) => Math.max(f - 50000, 0) / f;
      if (Number(mark) > intrinsicCoin(F)) continue;
      noIv++;
      let intrinsicWorst = 0;
      for (const cell of report.grid.filter((c) => c.table === 'standard')) {
        const intrinsicLoss = 2 * (intrinsicCoin(F * (1 + Number(cell.move))) - intrinsicCoin(F));
        intrinsicWorst = Math.max(intrinsicWorst, intrinsicLoss);
        assert.ok(-Number(cell.pnl) >= intrinsicLoss - 1e-9, `at ${perp}, move ${cell.move}: pnl ${cell.pnl} vs intrinsic loss ${intrinsicLoss}`);
      }
      assert.ok(Number(report.worstCase) >= intrinsicWorst, `at ${perp}: worst case ${report.worstCase} >= ${intrinsicWorst}`);
    }
    assert.equal(noIv, 4);
    assert.ok(checked >= walk.length, `the filter read the pool at each step (${checked})`);
  });
});
