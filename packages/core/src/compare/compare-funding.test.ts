/**
 * Funding at each venue's current rule in `margin compare`, hand-worked from the venues' published
 * formulas:
 * - Binance USDⓈ-M (https://www.binance.com/en/support/articles/360033525031): F = P + clamp(I - P,
 *   -0.05%, 0.05%), I = 0.01% per 8 h, paid every 8 h, capped at 0.75 x MMR.
 * - Hyperliquid (https://hyperliquid.gitbook.io/hyperliquid-docs/trading/funding): the same 8-hour
 *   formula, paid hourly at one eighth of it.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compareVenues } from './compare-venues.js';
import { parseFixed } from '../num/decimal.js';
import { BTCUSDT_LINEAR_1TIER } from '@margin/testkit';

const account = (side: 'long' | 'short') => ({
  account: { balance: '5000' },
  // One flat 0.4% tier (max 125x), at a mark of 30,000.
  instruments: [{ ...BTCUSDT_LINEAR_1TIER, markPrice: '30000' }],
  positions: [{ symbol: 'BTCUSDT', side, size: '1', entryPrice: '30000', leverage: '10' }],
});

const fundingOf = (report: ReturnType<typeof compareVenues>, venue: string) => report.venues.find((v) => v.venue === venue)?.funding?.positions[0];

describe('compare: funding at each venue\'s rule', () => {
  it('at a zero premium the interest term alone: 0.01% per 8 h; Hyperliquid pays an eighth of it hourly', () => {
    const report = compareVenues(account('long'));
    // 1 BTC at 30,000 = 30,000 USDT notional: 3 USDT per 8 h, 9 per day.
    assert.deepEqual(fundingOf(report, 'binance-usdm'), { symbol: 'BTCUSDT', side: 'long', rate: '0.0001', payment: '3', paymentPerDay: '9', capped: false });
    assert.deepEqual(fundingOf(report, 'hyperliquid'), { symbol: 'BTCUSDT', side: 'long', rate: '0.0000125', payment: '0.375', paymentPerDay: '9', capped: false });
    assert.equal(report.venues.find((v) => v.venue === 'hyperliquid')?.funding?.intervalHours, 1);
    const difference = report.differences.find((d) => d.rule === 'funding');
    assert.ok(difference !== undefined, 'the funding rules differ between the venues that hold the account');
    assert.match(difference.values['hyperliquid'] ?? '', /^every 1 h: /);
    assert.match(difference.values['binance-usdm'] ?? '', /^every 8 h: F = P \+ clamp\(I - P, -0\.0005, 0\.0005\), paid every 8 h, cap 0\.75 x MMR/);
  });

  it('a short receives what a long pays (rounded toward zero)', () => {
    assert.deepEqual(fundingOf(compareVenues(account('short')), 'binance-usdm'), { symbol: 'BTCUSDT', side: 'short', rate: '0.0001', payment: '-3', paymentPerDay: '-9', capped: false });
  });

  it('a premium moves the rate through the clamp, and the cap binds at 0.75 x MMR', () => {
    // P = 0.1%: F = 0.001 + clamp(0.0001 - 0.001, +-0.0005) = 0.0005.
    assert.equal(fundingOf(compareVenues(account('long'), { premium: parseFixed('0.001') }), 'binance-usdm')?.rate, '0.0005');
    // P = 1%: F = 0.0095, above the cap 0.75 x 0.004 = 0.003.
    const capped = fundingOf(compareVenues(account('long'), { premium: parseFixed('0.01') }), 'binance-usdm');
    assert.equal(capped?.rate, '0.003');
    assert.equal(capped?.capped, true);
    assert.equal(capped?.payment, '90');
  });
});
