/**
 * Drift's size discount of an asset weight (the IMF factor), golden vectors from the Drift docs
 * (https://docs.drift.trade/getting-started/cross-collateral-deposits) and its properties: the
 * discounted value is monotone in the holding and never above the tiered value.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFixed as d, formatFixed } from '../num/decimal.js';
import { ONE } from '../num/index.js';
import { haircutValue, marginalRatio, validateHaircutTable, type HaircutTable } from './haircut-tiers.js';
import { sizeDiscountRatio } from './size-discount.js';
import { InputError } from '../errors.js';
import { findVenue } from '../venues/index.js';
import { resolveCollateralSnapshot, collateralAssetRule } from './collateral-rules.js';

describe('Drift size discount', () => {
  it("the docs' example: 2000 SOL at IMF 0.003: 1.1 / (1 + 0.003 x sqrt(2000)) = 0.96987..., so the weight stays 0.80", () => {
    const ratio = sizeDiscountRatio(d('2000'), { imfFactor: d('0.003') });
    assert.equal(formatFixed(ratio).slice(0, 7), '0.96987');
    const rules = findVenue('drift-v2')?.collateral;
    assert.ok(rules !== undefined && rules !== null);
    const sol = collateralAssetRule(resolveCollateralSnapshot(rules, 'drift-v2', {}, []), 'SOL', []);
    // 2000 SOL at 150 USD: 300,000 x 0.80 = 240,000 (the discount does not bind).
    assert.equal(formatFixed(haircutValue(d('2000'), d('150'), sol.haircut)), '240000');
    assert.equal(formatFixed(marginalRatio(d('2000'), d('150'), sol.haircut)), '0.8');
  });

  it('100 wBTC at IMF 0.105: the weight falls to 1.1 / (1 + 0.105 x 10) = 0.536585365853658536 (rounded down)', () => {
    const rules = findVenue('drift-v2')?.collateral;
    assert.ok(rules !== undefined && rules !== null);
    const btc = collateralAssetRule(resolveCollateralSnapshot(rules, 'drift-v2', {}, []), 'wBTC', []);
    assert.equal(formatFixed(sizeDiscountRatio(d('100'), { imfFactor: d('0.105') })), '0.536585365853658536');
    // 100 x 30,000 x 0.536585365853658536 = 1,609,756.097560975608 (the ratio already rounded down).
    assert.equal(formatFixed(haircutValue(d('100'), d('30000'), btc.haircut)), '1609756.097560975608');
    assert.equal(btc.borrowInitialRate, d('0.2'));
    assert.equal(btc.borrowMaintenanceRate, d('0.1'));
  });

  it('a negative IMF factor is refused naming the field', () => {
    assert.throws(
      () => validateHaircutTable({ unit: 'quantity', tiers: [{ upTo: null, ratio: d('0.8') }], sizeDiscount: { imfFactor: d('-0.1') } }, ['haircut']),
      (error: unknown) => error instanceof InputError && error.message.includes('sizeDiscount') && error.message.includes('imfFactor'),
    );
  });

  it('value is monotone in the holding and never above the tiered value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 24n }), fc.bigInt({ min: 1n, max: 10n ** 22n }), fc.integer({ min: 0, max: 200000 }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (q, extra, imf, price) => {
        const table: HaircutTable = { unit: 'quantity', tiers: [{ upTo: null, ratio: d('0.8') }], sizeDiscount: { imfFactor: (BigInt(imf) * ONE) / 1_000_000n } };
        const plain: HaircutTable = { unit: 'quantity', tiers: [{ upTo: null, ratio: d('0.8') }] };
        const p = price * ONE;
        const a = haircutValue(q, p, table);
        const b = haircutValue(q + extra, p, table);
        assert.ok(b >= a, `${formatFixed(q)} -> ${formatFixed(a)}, ${formatFixed(q + extra)} -> ${formatFixed(b)}`);
        assert.ok(a <= haircutValue(q, p, plain));
      }),
      { numRuns: 300 },
    );
  });
});
