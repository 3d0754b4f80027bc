import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { allocateAdl, rankForAdl, type AdlCandidate } from './adl-ranking.js';
import { walkBook } from './book-walk.js';
import { socializeLoss } from './socialize-loss.js';
import { partialLiquidationStep } from './partial-liquidation.js';
import { parseFixed as d, formatFixed } from '../num/index.js';
import { BTCUSDT_LINEAR_4TIER } from '@margin/testkit';
import { kitInstrument } from '../testing/kit-instrument.js';
import { notionalAt } from '../position/position-math.js';

function candidate(account: string, size: string, overrides: Partial<AdlCandidate>): AdlCandidate {
  return {
    account, size: d(size), unrealizedPnl: 0n, walletBalance: d('1'), equity: d('1'), maintenanceMargin: 0n,
    markValue: d('1'), entryValue: d('1'), bankruptValue: 0n, ...overrides,
  };
}

test('BitMEX ADL example: ranked 2,5,4,1,6,3; a bankrupt short of 20 closes 10 of account 2 and 10 of account 5 (bitmex.com/app/adl, vector 22)', () => {
  // Scores are given by the example; build candidates whose BitMEX score is exactly that number:
  // PnL% = score, EffLev = 1 (mark value 1, bankrupt value 0, entry value 1 / (1 + score)).
  const example: Array<[string, string, number]> = [['1', '10', 3], ['2', '10', 6], ['3', '20', 1], ['4', '30', 4], ['5', '20', 5], ['6', '10', 2]];
  const candidates = example.map(([account, size, score]) => {
    // PnL% = (mark - entry)/entry = score -> entry = mark / (1 + score); use mark = 1 + score, entry = 1.
    return candidate(account, size, { markValue: d(String(1 + score)), entryValue: d('1'), bankruptValue: d('0') });
  });
  const ranked = rankForAdl('bitmex', candidates);
  assert.deepEqual(ranked.map((r) => r.account), ['2', '5', '4', '1', '6', '3']);
  const { allocations, unallocated } = allocateAdl(ranked, d('20'));
  assert.deepEqual(allocations.map((a) => [a.account, formatFixed(a.size)]), [['2', '10'], ['5', '10']]);
  assert.equal(unallocated, 0n);
});

test('Binance ADL leverage-PnL: UPnL 40.2, WB 4.27 -> PnlPercent 9.41; x margin ratio 13.42% -> 1.26 (dev.binance.vision 17801)', () => {
  // margin ratio 13.42% = MM / equity with equity = 44.47 -> MM = 5.967874
  const ranked = rankForAdl('binance', [
    candidate('a', '1', { unrealizedPnl: d('40.2'), walletBalance: d('4.27'), equity: d('44.47'), maintenanceMargin: d('5.967874') }),
    candidate('b', '1', { unrealizedPnl: d('-5'), walletBalance: d('100'), equity: d('95'), maintenanceMargin: d('1') }),
  ]);
  assert.equal(ranked[0]?.account, 'a');
  assert.equal(ranked[0]?.score.toNumber().toFixed(2), '1.26');
  assert.equal(ranked[1]?.score.toNumber(), 0); // losing positions score 0
  assert.equal(ranked[1]?.quantile.toNumber(), 1);
});

test('book walk: fills best first, stops at the limit, prices round against the taker', () => {
  const bids = [{ price: d('100'), size: d('1') }, { price: d('99'), size: d('2') }, { price: d('95'), size: d('5') }];
  const walk = walkBook(bids, 'sell', d('2.5'), d('96'));
  assert.equal(formatFixed(walk.filledSize), '2.5');
  assert.equal(formatFixed(walk.averagePrice ?? 0n), '99.4');
  const limited = walkBook(bids, 'sell', d('5'), d('98'));
  assert.equal(formatFixed(limited.filledSize), '3');
  assert.equal(formatFixed(limited.unfilledSize), '2');
  assert.throws(() => walkBook([...bids].reverse(), 'sell', d('1')), /ordered best first/);
});

test('socialised loss: shares cover the deficit exactly up to the rounding account, pro rata', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 20 }), (deficit, weights) => {
      const result = socializeLoss(deficit, weights.map((weight, i) => ({ account: `a${i}`, weight })));
      const paid = result.shares.reduce((sum, s) => sum + s.units, 0n);
      const total = weights.reduce((a, b) => a + b, 0n);
      if (total === 0n || deficit === 0n) return assert.equal(paid, 0n);
      assert.equal(paid - result.roundingUnits, deficit);
      assert.ok(result.roundingUnits >= 0n && result.roundingUnits < BigInt(result.shares.length));
      for (const share of result.shares) {
        const weight = weights[Number(share.account.slice(1))] ?? 0n;
        assert.ok(share.units * total >= deficit * weight); // at least the exact share
      }
    }),
  );
});

/** BTCUSDT, tick 0.1, lot 0.001, Binance's first four BTC brackets (0.4%, 0.5%, 1%, 2.5%). */
const instrument = kitInstrument(BTCUSDT_LINEAR_4TIER);

test('tier-step closes just enough to leave the tier', () => {
  const step = partialLiquidationStep({ rule: 'tier-step', instrument, size: d('30'), markPrice: d('10000'), poolEquity: d('1000'), poolMaintenance: d('1700'), liquidationFeeRate: 0n });
  // 300,000 notional in tier 3 (floor 250,000): keep 24.999 (249,990 < 250,000), close 5.001
  assert.equal(formatFixed(step.closeSize), '5.001');
  assert.equal(step.full, false);
  assert.ok(notionalAt(instrument, d('30') - step.closeSize, d('10000')) < d('250000'));
  const lowest = partialLiquidationStep({ rule: 'tier-step', instrument, size: d('1'), markPrice: d('10000'), poolEquity: 0n, poolMaintenance: d('40'), liquidationFeeRate: 0n });
  assert.equal(lowest.full, true);
});

test('restore closes the smallest lot multiple that brings the pool back above maintenance', () => {
  // 30 BTC @ 10,000: MM = 300,000 x 1% - 1,300 = 1,700; equity 1,500 -> need MM(after) <= 1,500 - fee
  const step = partialLiquidationStep({ rule: 'restore', instrument, size: d('30'), markPrice: d('10000'), poolEquity: d('1500'), poolMaintenance: d('1700'), liquidationFeeRate: d('0.0005') });
  assert.equal(step.full, false);
  // Closing c at the mark keeps equity (PnL is realised) but pays fee 5c; the rest stays in tier 3:
  // 1,500 - 5c >= (30 - c) x 10,000 x 1% - 1,300  <=>  95c >= 200  <=>  c >= 2.10526 -> 2.106 (lot 0.001)
  assert.equal(formatFixed(step.closeSize), '2.106');
  const healthyAfter = (close: string): boolean => {
    const c = Number(close);
    return 1500 - 5 * c >= (30 - c) * 10000 * 0.01 - 1300;
  };
  assert.equal(healthyAfter('2.106'), true);
  assert.equal(healthyAfter('2.105'), false);
});

test('chunk: positions above 100,000 send 20% per step, smaller ones all', () => {
  const big = partialLiquidationStep({ rule: 'chunk', instrument, size: d('30'), markPrice: d('10000'), poolEquity: 0n, poolMaintenance: 0n, liquidationFeeRate: 0n });
  assert.equal(formatFixed(big.closeSize), '6');
  const small = partialLiquidationStep({ rule: 'chunk', instrument, size: d('5'), markPrice: d('10000'), poolEquity: 0n, poolMaintenance: 0n, liquidationFeeRate: 0n });
  assert.equal(small.full, true);
});

test('restore counts the slippage of the execution price it is given (a book walk)', () => {
  const atMark = partialLiquidationStep({ rule: 'restore', instrument, size: d('30'), markPrice: d('10000'), poolEquity: d('1500'), poolMaintenance: d('1700'), liquidationFeeRate: d('0.0005') });
  // Selling 10 below the mark costs 10 per BTC, the fee 4.995: 1,500 - 14.995c >= 1,700 - 100c <=> c >= 2.35280 -> 2.353.
  const withImpact = partialLiquidationStep({
    rule: 'restore', instrument, size: d('30'), markPrice: d('10000'), poolEquity: d('1500'), poolMaintenance: d('1700'), liquidationFeeRate: d('0.0005'),
    side: 'long', executionPrice: () => d('9990'),
  });
  assert.equal(formatFixed(atMark.closeSize), '2.106');
  assert.equal(formatFixed(withImpact.closeSize), '2.353');
  const unfillable = partialLiquidationStep({
    rule: 'restore', instrument, size: d('30'), markPrice: d('10000'), poolEquity: d('1500'), poolMaintenance: d('1700'), liquidationFeeRate: 0n,
    side: 'long', executionPrice: () => null,
  });
  assert.equal(unfillable.full, true);
});
