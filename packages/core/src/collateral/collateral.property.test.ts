/**
 * Properties of the multi-asset pool: haircut value monotone and continuous across tier bounds;
 * adding collateral never lowers the pool's collateral value; a conversion conserves value at the
 * index less the stated discount (to within one E18 unit, never in the account's favour); credit
 * is never withdrawable; a position is liquidatable exactly from its reported liquidation price.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ONE } from '../num/index.js';
import { parseFixed as d, formatFixed } from '../num/decimal.js';
import { haircutValue, type HaircutTable } from './haircut-tiers.js';
import { computeMultiAssetPool, type AssetHolding } from './multi-asset-pool.js';
import { quoteConversion } from './conversion.js';
import { computeMultiAssetRisk } from './multi-asset-risk.js';
import { BTCUSDT_LINEAR_MMR05_100X } from '@margin/testkit';
import { parseMultiAssetRiskInput } from '../input/collateral-input.js';
import type { CollateralSnapshot } from './collateral-rules.js';

const amount = fc.bigInt({ min: 1n, max: 10n ** 6n * ONE });
const price = fc.bigInt({ min: ONE / 10_000n, max: 100_000n * ONE });
const ratio = fc.bigInt({ min: 0n, max: ONE });

const tableArb: fc.Arbitrary<HaircutTable> = fc
  .record({
    unit: fc.constantFrom('quantity' as const, 'reference' as const),
    widths: fc.array(fc.bigInt({ min: 1n, max: 10n ** 5n * ONE }), { minLength: 1, maxLength: 6 }),
    ratios: fc.array(ratio, { minLength: 7, maxLength: 7 }),
    unbounded: fc.boolean(),
  })
  .map(({ unit, widths, ratios, unbounded }) => {
    let bound = 0n;
    const tiers = widths.map((w, i) => {
      bound += w;
      return { upTo: bound as bigint | null, ratio: ratios[i] ?? 0n };
    });
    if (unbounded) tiers.push({ upTo: null, ratio: ratios[6] ?? 0n });
    return { unit, tiers };
  });

const snapshotOf = (tables: readonly HaircutTable[]): CollateralSnapshot => ({
  id: 'test',
  effectiveFrom: '2026-01-01',
  reference: 'USD',
  title: 'test',
  sources: [],
  assets: tables.map((haircut, i) => ({ asset: `A${i}`, haircut, borrowable: true, borrowInitialRate: d('0.1'), borrowMaintenanceRate: d('0.05'), borrowLimit: null })),
  conversionOrder: { kind: 'proportional' },
  conversionDiscount: 0n,
  assumptions: [],
});

describe('haircut tiers', () => {
  it('value is monotone in the holding', () => {
    fc.assert(
      fc.property(tableArb, amount, amount, price, (table, a, b, p) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(haircutValue(lo, p, table) <= haircutValue(hi, p, table));
      }),
      { numRuns: 400 },
    );
  });

  it('value is continuous across every tier bound (one unit either side moves it by at most one unit at the price)', () => {
    fc.assert(
      fc.property(tableArb, price, (table, p) => {
        for (const tier of table.tiers) {
          if (tier.upTo === null) continue;
          // The bound in quantity units (reference tiers: the quantity whose value is the bound).
          const q = table.unit === 'quantity' ? tier.upTo : (tier.upTo * ONE) / p;
          const at = haircutValue(q, p, table);
          const above = haircutValue(q + 1n, p, table);
          const below = q > 1n ? haircutValue(q - 1n, p, table) : 0n;
          // One E18 unit of quantity is worth p / E18 reference units; allow the rounding unit.
          const step = p / ONE + 2n;
          assert.ok(above - at <= step, `jump above ${formatFixed(q)}: ${above - at}`);
          assert.ok(at - below <= step, `jump below ${formatFixed(q)}: ${at - below}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('multi-asset pool', () => {
  const holdingsArb = fc.array(fc.record({ quantity: fc.oneof(amount, amount.map((v) => -v), fc.constant(0n)), indexPrice: price }), { minLength: 1, maxLength: 4 });

  it('adding collateral never lowers the collateral value nor the equity', () => {
    fc.assert(
      fc.property(fc.array(tableArb, { minLength: 4, maxLength: 4 }), holdingsArb, fc.nat({ max: 3 }), amount, (tables, rows, which, extra) => {
        const snapshot = snapshotOf(tables);
        const holdings: AssetHolding[] = rows.map((r, i) => ({ asset: `A${i}`, ...r }));
        const before = computeMultiAssetPool({ snapshot, holdings, settles: [], credit: null, orderMargin: 0n });
        const index = which % holdings.length;
        const more = holdings.map((h, i) => (i === index ? { ...h, quantity: h.quantity + extra } : h));
        const after = computeMultiAssetPool({ snapshot, holdings: more, settles: [], credit: null, orderMargin: 0n });
        assert.ok(after.ownEquity >= before.ownEquity);
        if (holdings[index]!.quantity >= 0n) assert.ok(after.collateralValue >= before.collateralValue);
      }),
      { numRuns: 300 },
    );
  });

  it('credit is never withdrawable: the withdrawable amount never grows with the credit limit', () => {
    fc.assert(
      fc.property(fc.array(tableArb, { minLength: 4, maxLength: 4 }), holdingsArb, amount, fc.bigInt({ min: 0n, max: 10n ** 6n * ONE }), (tables, rows, limit, im) => {
        const snapshot = snapshotOf(tables);
        const holdings: AssetHolding[] = rows.map((r, i) => ({ asset: `A${i}`, ...r }));
        const settles = [{ asset: 'A0', unrealizedPnl: 0n, initialMargin: im, maintenanceMargin: im / 2n }];
        const without = computeMultiAssetPool({ snapshot, holdings, settles, credit: null, orderMargin: 0n });
        const withCredit = computeMultiAssetPool({ snapshot, holdings, settles, credit: { limit, used: 0n, bands: null }, orderMargin: 0n });
        assert.equal(withCredit.withdrawable, without.withdrawable);
        assert.ok(withCredit.withdrawable <= (withCredit.ownEquity > 0n ? withCredit.ownEquity : 0n));
        assert.ok(withCredit.availableBalance >= without.availableBalance);
      }),
      { numRuns: 300 },
    );
  });
});

describe('conversion', () => {
  it('conserves value at the index less the discount, never in the account\'s favour, short by under one unit of the target', () => {
    fc.assert(
      fc.property(amount, price, price, fc.bigInt({ min: 0n, max: ONE / 2n }), (q, fromIndex, toIndex, discount) => {
        const quote = quoteConversion('A', 'B', q, fromIndex, toIndex, discount);
        const given = q * fromIndex * (ONE - discount); // E54
        const received = quote.toQuantity * toIndex * ONE; // E54
        assert.ok(received <= given);
        assert.ok(given - received < toIndex * ONE);
      }),
      { numRuns: 500 },
    );
  });
});

describe('liquidation of a multi-asset pool', () => {
  // ADR 0002 on the reporting grid (Binance: 8 decimals): a long is liquidatable strictly below its
  // reported price and not at it; the other assets, their index prices and buffers held.
  const grid = d('0.00000001');
  it('a long is liquidatable one grid step below its reported price and not at it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 20_000, max: 60_000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('1', '0.99', '1.002'),
        (btc, usdc, mark, sizeTenths, usdtIndex) => {
          const doc = (markPrice: string) => ({
            profile: 'binance-usdm',
            instruments: [{ ...BTCUSDT_LINEAR_MMR05_100X, markPrice }],
            positions: [{ symbol: 'BTCUSDT', side: 'long', size: (sizeTenths / 10).toString(), entryPrice: String(mark), leverage: '10' }],
            collateral: {
              assets: [
                { asset: 'BTC', quantity: String(btc / 10), indexPrice: '30000' },
                { asset: 'USDT', quantity: '-100', indexPrice: usdtIndex, bidBuffer: '0.01', askBuffer: '0.005' },
                { asset: 'USDC', quantity: String(usdc), indexPrice: '1' },
              ],
            },
          });
          const report = computeMultiAssetRisk(parseMultiAssetRiskInput(doc(String(mark))).request);
          const liquidation = report.positions[0]?.liquidationPrice ?? null;
          if (liquidation === null || liquidation <= grid) return;
          const at = computeMultiAssetRisk(parseMultiAssetRiskInput(doc(formatFixed(liquidation))).request);
          assert.ok(!at.pool.liquidatable, `liquidatable at ${formatFixed(liquidation)}`);
          const below = computeMultiAssetRisk(parseMultiAssetRiskInput(doc(formatFixed(liquidation - grid))).request);
          assert.ok(below.pool.liquidatable, `not liquidatable below ${formatFixed(liquidation)}`);
        },
      ),
      { numRuns: 60 },
    );
  });
});
