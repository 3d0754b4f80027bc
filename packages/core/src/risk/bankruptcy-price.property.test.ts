/**
 * `poolBankruptcyPrice` (a liquidation's bankruptcy price without the report) equals the
 * bankruptcy price `computeRisk` reports for every position: cross pools with several symbols and
 * both sides of a symbol (hedge mode), isolated positions, linear and inverse instruments, open-order
 * margin, and profiles with and without the fee to close at the bankruptcy price.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BTCUSD_INVERSE_100_3TIER_TAKER_6BP, LINEAR_USDT_TICK001 } from '@margin/testkit';
import { computeRisk } from './compute-risk.js';
import { poolBankruptcyPrice, type BankruptcyLeg } from './bankruptcy-price.js';
import { legPnl } from './pool-kernel.js';
import { parseRiskInput } from '../input/risk-input.js';

const TIER_ROWS = [
  { notionalFloor: '0', maintenanceRate: '0.004', maxLeverage: '125' },
  { notionalFloor: '50000', maintenanceRate: '0.005', maxLeverage: '100' },
  { notionalFloor: '250000', maintenanceRate: '0.01', maxLeverage: '50' },
];

const cents = (min: number, max: number) => fc.integer({ min: min * 100, max: max * 100 }).map((v) => (v / 100).toFixed(2));

const positionArb = fc.record({
  symbol: fc.integer({ min: 0, max: 2 }),
  side: fc.constantFrom('long', 'short'),
  size: fc.integer({ min: 1, max: 2_000_000 }).map((v) => (v / 1000).toFixed(3)),
  entry: cents(50, 90000),
  leverage: fc.integer({ min: 1, max: 100 }).map(String),
  isolated: fc.option(cents(0, 200000), { nil: null }),
});

const inputArb = fc
  .record({
    profile: fc.constantFrom('generic', 'binance-usdm', 'bybit-linear'),
    inverse: fc.boolean(),
    balance: cents(0, 1_000_000),
    orderMargin: fc.option(cents(0, 5000), { nil: null }),
    markMoves: fc.array(fc.integer({ min: 50, max: 150 }), { minLength: 3, maxLength: 3 }),
    positions: fc.array(positionArb, { minLength: 1, maxLength: 5 }),
  })
  .map(({ profile, inverse, balance, orderMargin, markMoves, positions }) => {
    // Hedge mode holds one position per symbol and side: drop repeats.
    const seen = new Set<string>();
    const held = positions.filter((p) => !seen.has(`${p.symbol}/${p.side}`) && seen.add(`${p.symbol}/${p.side}`) !== undefined);
    const base = inverse ? BTCUSD_INVERSE_100_3TIER_TAKER_6BP : { ...LINEAR_USDT_TICK001, takerFeeRate: '0.00055', tiers: TIER_ROWS };
    const settle = inverse ? BTCUSD_INVERSE_100_3TIER_TAKER_6BP.settle : LINEAR_USDT_TICK001.settle;
    const symbols = [...new Set(held.map((p) => p.symbol))];
    return {
      profile,
      account: { balance, positionMode: 'hedge', asset: settle, ...(orderMargin === null ? {} : { orderMargin }) },
      instruments: symbols.map((k) => {
        const entry = Number(held.find((p) => p.symbol === k)?.entry ?? '100');
        const mark = ((entry * (markMoves[k] ?? 100)) / 100).toFixed(2);
        return { ...base, symbol: `S${k}`, markPrice: mark === '0.00' ? '0.01' : mark };
      }),
      positions: held.map((p) => ({
        symbol: `S${p.symbol}`,
        side: p.side,
        size: inverse ? String(Math.max(1, Math.round(Number(p.size)))) : p.size,
        entryPrice: p.entry,
        leverage: p.leverage,
        ...(p.isolated === null ? {} : { margin: 'isolated', isolatedBalance: p.isolated }),
      })),
    };
  });

test('poolBankruptcyPrice is the bankruptcy price of computeRisk', () => {
  let prices = 0;
  fc.assert(
    fc.property(inputArb, (input) => {
      const { request } = parseRiskInput(input);
      const report = computeRisk(request, { withPrices: 'bankruptcy' });
      const { profile, account } = request;
      const crossBalance = account.balance - (profile.orderMarginReducesPool ? account.orderMargin : 0n);
      request.positions.forEach((spec, i) => {
        const instrument = request.instruments.get(spec.symbol);
        const markPrice = request.markPrices.get(spec.symbol);
        assert.ok(instrument !== undefined && markPrice !== undefined);
        const signed = (p: typeof spec) => (p.side === 'long' ? p.size : -p.size);
        let constant: bigint;
        let legs: BankruptcyLeg[];
        if (spec.margin === 'isolated') {
          constant = spec.isolatedBalance ?? 0n;
          legs = [{ size: signed(spec), entryPrice: spec.entryPrice }];
        } else {
          const cross = request.positions.filter((p) => p.margin === 'cross');
          constant = cross
            .filter((p) => p.symbol !== spec.symbol)
            .reduce((sum, p) => {
              const other = request.instruments.get(p.symbol);
              const mark = request.markPrices.get(p.symbol);
              assert.ok(other !== undefined && mark !== undefined);
              return sum + legPnl(other, signed(p), p.entryPrice, mark);
            }, crossBalance);
          legs = cross.filter((p) => p.symbol === spec.symbol).map((p) => ({ size: signed(p), entryPrice: p.entryPrice }));
        }
        const expected = report.positions[i]?.bankruptcyPrice ?? null;
        assert.equal(poolBankruptcyPrice(profile, instrument, markPrice, constant, legs), expected);
        if (expected !== null) prices++;
      });
    }),
    { numRuns: 400, seed: 46 },
  );
  // The property is about something: most generated positions have a bankruptcy price.
  assert.ok(prices > 400, `bankruptcy prices compared: ${prices}`);
});
