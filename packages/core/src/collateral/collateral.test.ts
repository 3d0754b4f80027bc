/**
 * Multi-collateral golden vectors (each with its public source) and the bad-input errors.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseFixed as d, formatFixed } from '../num/decimal.js';
import { InputError } from '../errors.js';
import { venue } from '../venues/registry.js';
import { parseMultiAssetRiskInput } from '../input/collateral-input.js';
import { multiAssetRiskToJson } from '../report/collateral-risk-json.js';
import { computeMultiAssetRisk } from './multi-asset-risk.js';
import { haircutValue } from './haircut-tiers.js';
import { collateralAssetRule, resolveCollateralSnapshot } from './collateral-rules.js';
import { quantityToCover, quoteConversion } from './conversion.js';
import { accruedInterest } from './interest.js';
import { creditFigures } from './credit-line.js';
import { planLoanCover } from './loan-cover.js';

const example = (): Record<string, unknown> => JSON.parse(readFileSync(new URL('../../../../examples/binance-multi-assets.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const run = (json: unknown) => multiAssetRiskToJson(computeMultiAssetRisk(parseMultiAssetRiskInput(json).request));
const rules = (name: string) => {
  const r = venue(name).collateral;
  assert.ok(r);
  return r;
};

function throwsAt(fn: () => unknown, path: string, rule: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof InputError, String(error));
    assert.match(error.message, new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: `));
    assert.match(error.message, rule);
    return true;
  });
}

describe('multi-collateral golden vectors', () => {
  // https://www.binance.com/en/support/faq/how-to-calculate-margin-in-multi-assets-mode-c983a9268cfa4e70a4916c276bb3b7bc
  // (2022-07-06): USDT 200 at USDTUSD 0.99 (bid buffer 0.01, ask 0.005), USDC 220 at 1;
  // BTCUSDT 0.5 @ 20,000 at 100x (MMR 0.8%), ETHUSDC 20 @ 600 at 50x (MMR 1%).
  it('Binance Multi-Assets: equity 416.02, available 76.525, MM 199.596, margin ratio 47.98%', () => {
    const json = run(example());
    assert.equal(json.snapshot, 'binance-multi-assets-2022-07-06');
    assert.equal(json.account.equity, '416.02');
    assert.equal(json.account.initialMargin, '339.495');
    assert.equal(json.account.availableBalance, '76.525');
    assert.equal(json.account.maintenanceMargin, '199.596');
    assert.equal(json.account.marginRatio?.slice(0, 6), '0.4797');
    assert.equal(json.collateral[0]?.bidPrice, '0.9801');
    assert.equal(json.collateral[0]?.askPrice, '0.99495');
  });

  it('Binance Multi-Assets without positions: equity 416.02 and all of it available', () => {
    const json = run({ ...example(), positions: [] });
    assert.equal(json.account.equity, '416.02');
    assert.equal(json.account.availableBalance, '416.02');
    assert.equal(json.account.marginRatio, '0');
  });

  // https://www.binance.com/en-NG/futures/trading-rules/perpetual/multi-asset-info: a -20,000 BUSD
  // balance sells 20,000 / 97.5% = 20,513 BUSD of BTC.
  it('Binance auto-exchange: 20,000 / 97.5% = 20,513 of collateral value sold', () => {
    const snapshot = resolveCollateralSnapshot(rules('binance-usdm'), 'binance-usdm', { timeMs: Date.parse('2021-07-01T00:00:00Z') }, []);
    const sold = quantityToCover(d('20000'), d('1'), d('1'), snapshot.conversionDiscount, d('1000000'));
    assert.equal(formatFixed(sold).slice(0, 9), '20512.820');
    assert.equal(Math.round(Number(formatFixed(sold))), 20513);
    const quote = quoteConversion('BTC', 'BUSD', sold, d('1'), d('1'), snapshot.conversionDiscount);
    assert.ok(quote.toQuantity >= d('20000'));
  });

  // https://www.binance.com/en/support/faq/29b45c485d664028b9ca1cdf90b24f6f: "BNB with a market
  // value of $1000 will be valued at $950 and ADA ... at $900".
  it('Binance Multi-Assets 2021: BNB $1,000 counts $950, ADA $1,000 counts $900', () => {
    const snapshot = resolveCollateralSnapshot(rules('binance-usdm'), 'binance-usdm', { id: 'binance-multi-assets-2021-06-07' }, []);
    assert.equal(haircutValue(d('2'), d('500'), collateralAssetRule(snapshot, 'BNB', []).haircut), d('950'));
    assert.equal(haircutValue(d('4000'), d('0.25'), collateralAssetRule(snapshot, 'ADA', []).haircut), d('900'));
  });

  // https://testnet.bytick.com/en/help-center/article/Assets-Collateral-Value-Ratio-List-UTA: BTC
  // tiers by quantity 0-10 0.98, 10-20 0.95, 20-30 0.9, 30-40 0.85, 40-50 0.8, > 50 0, per slice
  // (derived: the page's own worked total is truncated in every copy).
  it('Bybit UTA: 35 BTC at 60,000 = (9.8 + 9.5 + 9 + 4.25) x 60,000; 50 BTC = 44.8 x 60,000 and past 50 BTC nothing more', () => {
    const btc = collateralAssetRule(resolveCollateralSnapshot(rules('bybit-linear'), 'bybit-linear', {}, []), 'BTC', []).haircut;
    assert.equal(haircutValue(d('35'), d('60000'), btc), d('1953000'));
    assert.equal(haircutValue(d('50'), d('60000'), btc), d('2688000'));
    assert.equal(haircutValue(d('60'), d('60000'), btc), d('2688000'));
  });

  // https://www.globenewswire.com/news-release/2024/07/18/2915393/0/en/OKX-Adjusts-Discount-Rates-for-BETH.html
  it('OKX BETH by USD tiers: $5,000,000 counts $2,550,000 before 2024-07-18 and $4,100,000 after', () => {
    const before = resolveCollateralSnapshot(rules('okx'), 'okx', { timeMs: Date.parse('2024-07-17T12:00:00Z') }, []);
    const after = resolveCollateralSnapshot(rules('okx'), 'okx', { timeMs: Date.parse('2024-07-18T12:00:00Z') }, []);
    assert.equal(before.id, 'okx-mcm-2024-07-11');
    assert.equal(after.id, 'okx-mcm-2024-07-18');
    assert.equal(haircutValue(d('2000'), d('2500'), collateralAssetRule(before, 'BETH', []).haircut), d('2550000'));
    assert.equal(haircutValue(d('2000'), d('2500'), collateralAssetRule(after, 'BETH', []).haircut), d('4100000'));
  });

  it('interest accrues exactly: 10,000 at 10% a year for one day = 1,000 / 365, rounded up at E18', () => {
    const day = 24 * 60 * 60 * 1000;
    assert.equal(formatFixed(accruedInterest(d('10000'), d('0.1'), 0, day)), '2.739726027397260274');
    // Two halves add up to at most one unit more than the whole (each rounds up once).
    const half = accruedInterest(d('10000'), d('0.1'), 0, day / 2) * 2n;
    assert.ok(half - accruedInterest(d('10000'), d('0.1'), 0, day) <= 1n);
  });

  it('credit line: LTV bands, undrawn limit counts toward margin but is never withdrawable', () => {
    const bands = { initial: d('0.5'), marginCall: d('0.7'), liquidation: d('0.8') };
    assert.equal(creditFigures({ limit: d('100'), used: d('40'), bands }, d('100')).status, 'ok');
    assert.equal(creditFigures({ limit: d('100'), used: d('75'), bands }, d('100')).status, 'margin-call');
    assert.equal(creditFigures({ limit: d('100'), used: d('80'), bands }, d('100')).status, 'liquidation');
    assert.equal(creditFigures({ limit: d('100'), used: d('60'), bands }, d('100')).canDraw, false);
    const base = example();
    const withCredit = run({ ...base, collateral: { ...(base['collateral'] as object), creditLine: { limit: '1000', used: '0' } } });
    const without = run(base);
    assert.equal(withCredit.account.equity, '1416.02');
    assert.equal(withCredit.account.ownEquity, '416.02');
    assert.equal(withCredit.account.availableBalance, '1076.525');
    assert.equal(withCredit.account.withdrawable, without.account.withdrawable);
    assert.equal(withCredit.credit?.available, '1000');
  });

  it('borrowing: a USDT loan counts at 100% at the ask plus its OKX margin (IMR 10%, MMR 3%)', () => {
    const json = run({
      profile: 'okx',
      time: '2024-08-01T00:00:00Z',
      instruments: [],
      positions: [],
      collateral: { assets: [{ asset: 'BETH', quantity: '10', indexPrice: '3000' }, { asset: 'USDT', quantity: '-10000', indexPrice: '1' }] },
    });
    assert.equal(json.collateral[0]?.value, '28500');
    assert.equal(json.collateral[1]?.liability, '10000');
    assert.equal(json.account.ownEquity, '18500');
    assert.equal(json.account.initialMargin, '1000');
    assert.equal(json.account.maintenanceMargin, '300');
    assert.equal(json.account.availableBalance, '17500');
  });
});

describe('multi-collateral bad input', () => {
  it('unknown collateral asset names the field', () => {
    const base = example();
    throwsAt(() => run({ ...base, collateral: { assets: [{ asset: 'DOGE', quantity: '1', indexPrice: '0.1' }, { asset: 'USDT', quantity: '0', indexPrice: '1' }, { asset: 'USDC', quantity: '0', indexPrice: '1' }] } }),
      'collateral.assets[0].asset', /unknown collateral asset "DOGE"/);
  });
  it('haircut tiers out of order name the tier', () => {
    const base = example();
    throwsAt(() => run({ ...base, collateral: { assets: [
      { asset: 'USDT', quantity: '1', indexPrice: '1', haircut: { tiers: [{ upTo: '10', ratio: '1' }, { upTo: '5', ratio: '0.9' }, { ratio: '0' }] } },
      { asset: 'USDC', quantity: '0', indexPrice: '1' },
    ] } }), 'collateral.assets[0].haircut.tiers[1].upTo', /tiers out of order/);
  });
  it('negative credit names the field', () => {
    const base = example();
    throwsAt(() => run({ ...base, collateral: { ...(base['collateral'] as object), creditLine: { limit: '-1' } } }), 'collateral.creditLine.limit', /must not be negative/);
  });
  it('a loan of an asset the venue does not lend is refused', () => {
    const base = example();
    throwsAt(() => run({ ...base, collateral: { assets: [{ asset: 'BTC', quantity: '-1', indexPrice: '20000' }, { asset: 'USDT', quantity: '0', indexPrice: '1' }, { asset: 'USDC', quantity: '0', indexPrice: '1' }] } }),
      'collateral.assets[0].quantity', /cannot be borrowed/);
  });
  it('a settle asset missing from the pool is named', () => {
    const base = example();
    throwsAt(() => run({ ...base, collateral: { assets: [{ asset: 'USDT', quantity: '100', indexPrice: '1' }] } }), 'positions[1].symbol', /settles in USDC, which is not in collateral.assets/);
  });
  it('a venue without collateral rules is named', () => {
    throwsAt(() => run({ ...example(), profile: 'hyperliquid' }), 'profile', /has no multi-collateral rules/);
  });
});

describe('loan cover (the collateral step of a multi-asset liquidation)', () => {
  // https://www.binance.com/en-NG/futures/trading-rules/perpetual/multi-asset-info: a -20,000 BUSD
  // balance sells 20,000 / 97.5% = 20,513 BUSD of BTC (index values: BTC at 40,000 here).
  it('Binance: -20,000 BUSD covered by BTC at 97.5%: 20,512.82 of BTC value sold, the loan repaid', () => {
    const plan = planLoanCover(
      [
        { asset: 'BUSD', quantity: d('-20000'), indexPrice: d('1') },
        { asset: 'BTC', quantity: d('2'), indexPrice: d('40000') },
      ],
      { kind: 'proportional' },
      d('0.025'),
    );
    assert.equal(plan.length, 1);
    const soldValue = (plan[0]!.fromQuantity * d('40000')) / 10n ** 18n;
    assert.equal(Math.round(Number(formatFixed(soldValue))), 20513);
    assert.ok(plan[0]!.toQuantity >= d('20000'));
  });

  it('pro rata to value across assets; in priority order asset by asset', () => {
    const holdings = [
      { asset: 'USDT', quantity: d('-3000'), indexPrice: d('1') },
      { asset: 'BTC', quantity: d('0.1'), indexPrice: d('30000') },
      { asset: 'ETH', quantity: d('1'), indexPrice: d('3000') },
    ];
    const pro = planLoanCover(holdings, { kind: 'proportional' }, 0n);
    // BTC holds 3,000 and ETH 3,000 of value: each covers half.
    assert.deepEqual(pro.map((c) => [c.fromAsset, formatFixed(c.fromQuantity), formatFixed(c.toQuantity)]), [['BTC', '0.05', '1500'], ['ETH', '0.5', '1500']]);
    const ranked = planLoanCover(holdings, { kind: 'priority', assets: ['ETH', 'BTC'] }, 0n);
    assert.deepEqual(ranked.map((c) => [c.fromAsset, formatFixed(c.toQuantity)]), [['ETH', '3000']]);
  });
});
