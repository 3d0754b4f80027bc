import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BTC_TIERS_4, BTCUSDT_FUTURE_261225, BTCUSDT_LINEAR_4TIER_TICK001, BYBIT_BTCUSD_INVERSE_TAKER_75, LINEAR_USDT_TICK01 } from '@margin/testkit';
import { computeRisk } from './compute-risk.js';
import { parseRiskInput } from '../input/risk-input.js';
import { riskReportToJson } from '../report/risk-json.js';
import { Rational } from '../num/rational.js';
import { refRoot, refSlack, refTiers, type RefPosition } from '../testing/reference-model.js';

const TIERS = BTC_TIERS_4;
const REF_TIERS = refTiers(TIERS.map((t) => ({ floor: t.notionalFloor, rate: t.maintenanceRate ?? '0', maxLeverage: t.maxLeverage })));

function risk(account: object, positions: object[], mark = '10000', profile = 'generic') {
  const input = {
    profile,
    account,
    instruments: [{ ...BTCUSDT_LINEAR_4TIER_TICK001, markPrice: mark }],
    positions,
  };
  return riskReportToJson(computeRisk(parseRiskInput(input).request));
}

function ref(side: 1 | -1, size: string, entry: string): RefPosition {
  return { instrument: { inverse: false, contractSize: Rational.of('1'), tiers: REF_TIERS }, symbol: 'BTCUSDT', side, size: Rational.of(size), entry: Rational.of(entry), leverage: null };
}

test('hedge-mode cross: long and short of one symbol share one liquidation price, solved with both legs', () => {
  const json = risk({ balance: '3000', positionMode: 'hedge' }, [
    { symbol: 'BTCUSDT', side: 'long', size: '2', entryPrice: '10000', leverage: '50' },
    { symbol: 'BTCUSDT', side: 'short', size: '0.5', entryPrice: '10100', leverage: '50' },
  ]);
  const [long, short] = json.positions;
  assert.ok(long && short && long.liquidationPrice !== null);
  assert.equal(long.liquidationPrice, short.liquidationPrice);
  // Net long: breached below. The slack of the whole pool is >= 0 at the price, < 0 one tick below.
  const pool = [
    { position: ref(1, '2', '10000'), mark: Rational.of('10000') },
    { position: { ...ref(-1, '0.5', '10100'), symbol: 'BTCUSDT' }, mark: Rational.of('10000') },
  ];
  const price = Rational.of(long.liquidationPrice);
  assert.ok(refSlack(Rational.of('3000'), pool, 'BTCUSDT', price, true).sign() >= 0);
  assert.ok(refSlack(Rational.of('3000'), pool, 'BTCUSDT', price.sub(Rational.of('0.01')), true).sign() < 0);
});

test('isolated hedge sides each have their own price', () => {
  const json = risk({ balance: '0', positionMode: 'hedge' }, [
    { symbol: 'BTCUSDT', side: 'long', size: '1', entryPrice: '10000', leverage: '10', margin: 'isolated', isolatedBalance: '1000' },
    { symbol: 'BTCUSDT', side: 'short', size: '1', entryPrice: '10000', leverage: '10', margin: 'isolated', isolatedBalance: '1000' },
  ]);
  // long: 1000 + (P - 10000) = 0.004 P -> P = 9000 / 0.996; short: 1000 + (10000 - P) = 0.004 P -> 11000 / 1.004
  assert.equal(json.positions[0]?.liquidationPrice, '9036.15');
  assert.equal(json.positions[1]?.liquidationPrice, '10956.17');
});

test('the liquidation price is re-solved in the tier it lands in', () => {
  // Short 90 BTC @ 10,000: 900,000 notional (tier 3, 1%) at the mark; with 400,000 isolated the root is
  // near 14,300, where the notional (1.29M) is in tier 4 (2.5%, amount 16,300).
  const json = risk({ balance: '0' }, [{ symbol: 'BTCUSDT', side: 'short', size: '90', entryPrice: '10000', leverage: '20', margin: 'isolated', isolatedBalance: '400000' }]);
  const reported = json.positions[0]?.liquidationPrice;
  assert.ok(reported);
  const short = ref(-1, '90', '10000');
  const exact = refRoot(Rational.of('400000'), [{ position: short, mark: Rational.of('10000') }], short, Rational.of('10000'), true);
  assert.ok(exact);
  // (400000 + 900000 + 16300) / (90 x 1.025) = 14,268.834...: floor to the tick for a short
  assert.equal(reported, '14268.83');
  assert.equal(json.positions[0]?.tier, 3); // at the mark
  assert.ok(Rational.of(reported).mul(Rational.of('90')).cmp(Rational.of('1000000')) > 0); // tier 4 at the root
  assert.ok(Rational.of(reported).cmp(exact) <= 0 && exact.sub(Rational.of(reported)).cmp(Rational.of('0.01')) < 0);
});

test('no positive root gives null: a long backed by its whole notional is never bankrupt', () => {
  const json = risk({ balance: '0' }, [{ symbol: 'BTCUSDT', side: 'long', size: '1', entryPrice: '10000', leverage: '1', margin: 'isolated', isolatedBalance: '10000' }]);
  assert.equal(json.positions[0]?.bankruptcyPrice, null);
  assert.equal(json.positions[0]?.liquidationPrice, null);
});

test('a pool already below maintenance is flagged, and its price is still reported', () => {
  const json = risk({ balance: '100' }, [{ symbol: 'BTCUSDT', side: 'long', size: '1', entryPrice: '10000', leverage: '100' }], '9930');
  assert.equal(json.account.liquidatable, true); // equity 30 < MM 39.72
  assert.equal(json.account.equity, '30');
  assert.equal(json.positions[0]?.liquidationPrice, '9939.76'); // 9,900 / 0.996
});

test('equity <= 0 with a requirement has no margin ratio', () => {
  const json = risk({ balance: '10' }, [{ symbol: 'BTCUSDT', side: 'long', size: '1', entryPrice: '10000', leverage: '100' }], '9000');
  assert.equal(json.account.marginRatio, null);
  assert.equal(json.account.availableBalance, '0');
});

test('leverage above the tier maximum is capped and reported', () => {
  const json = risk({ balance: '100000' }, [{ symbol: 'BTCUSDT', side: 'long', size: '30', entryPrice: '10000', leverage: '125' }]);
  assert.equal(json.positions[0]?.tier, 3);
  assert.equal(json.positions[0]?.leverage, '50');
  assert.equal(json.positions[0]?.leverageCapped, true);
  assert.equal(json.positions[0]?.initialMargin, '6000');
});

test('withPrices false skips the solves but keeps every requirement', () => {
  const input = {
    account: { balance: '1000' },
    instruments: [{ ...BTCUSDT_LINEAR_4TIER_TICK001, markPrice: '10000' }],
    positions: [{ symbol: 'BTCUSDT', side: 'long', size: '1', entryPrice: '10000', leverage: '20' }],
  };
  const request = parseRiskInput(input).request;
  const full = riskReportToJson(computeRisk(request));
  const light = riskReportToJson(computeRisk(request, { withPrices: false }));
  assert.equal(light.positions[0]?.liquidationPrice, null);
  assert.equal(light.positions[0]?.maintenanceMargin, full.positions[0]?.maintenanceMargin);
  assert.deepEqual(light.account, full.account);
});

test('dated futures are margined like perpetuals and need an expiry', () => {
  const input = {
    account: { balance: '1000' },
    instruments: [{ ...BTCUSDT_FUTURE_261225, markPrice: '10000' }],
    positions: [{ symbol: 'BTCUSDT-261225', side: 'short', size: '1', entryPrice: '10000', leverage: '20' }],
  };
  const { request } = parseRiskInput(input);
  assert.equal(request.instruments.get('BTCUSDT-261225')?.expiryMs, Date.UTC(2026, 11, 25, 8));
  assert.equal(riskReportToJson(computeRisk(request)).positions[0]?.liquidationPrice, '10956.1'); // 11000 / 1.004, floored to 0.1
});

test('open-order margin leaves the available balance, and on Bybit the pool before prices are solved', () => {
  const instrument = { ...BYBIT_BTCUSD_INVERSE_TAKER_75, markPrice: '10000' };
  const position = { symbol: 'BTCUSD', side: 'long', size: '10000', entryPrice: '10000', leverage: '100' };
  const run = (profile: string, orderMargin?: string) =>
    riskReportToJson(computeRisk(parseRiskInput({ profile, account: { balance: '1', ...(orderMargin ? { orderMargin } : {}) }, instruments: [instrument], positions: [position] }).request));
  const plain = run('bybit-inverse');
  const withOrders = run('bybit-inverse', '0.5');
  assert.equal(plain.account.availableBalance, '0.99');
  assert.equal(withOrders.account.availableBalance, '0.49');
  // BP = 1.00075 x Qty / (Qty / Entry + Balance - OrderMargin) = 10,007.5 / 1.5
  assert.equal(withOrders.positions[0]?.bankruptcyPrice, '6671.67');
  assert.equal(plain.positions[0]?.bankruptcyPrice, '5003.75');
  // Binance keeps the pool whole: only the available balance moves.
  assert.equal(run('binance-coinm', '0.5').positions[0]?.bankruptcyPrice, run('binance-coinm').positions[0]?.bankruptcyPrice);
});

/** The pool's own liquidatable flag with one symbol's mark moved (what the engine's trigger evaluates). */
function liquidatableAt(input: object, symbol: string, price: string): boolean {
  const { request } = parseRiskInput(input);
  const marks = new Map(request.markPrices);
  marks.set(symbol, Rational.of(price).toUnits(18, 'trunc'));
  return computeRisk({ ...request, markPrices: marks }, { withPrices: false }).account.liquidatable;
}

test('Bybit cross: the other symbol\'s fee at its own bankruptcy price moves with this price (review finding, fixed point)', () => {
  const tiers = TIERS;
  const input = {
    profile: 'bybit-linear',
    account: { balance: '146064.54' },
    instruments: [
      { ...LINEAR_USDT_TICK01, symbol: 'S0', markPrice: '6468.0', takerFeeRate: '0.00075', tiers },
      { ...LINEAR_USDT_TICK01, symbol: 'S1', markPrice: '27155.2', takerFeeRate: '0.00075', tiers },
    ],
    positions: [
      { symbol: 'S0', side: 'long', size: '28.968', entryPrice: '7932.3', leverage: '13' },
      { symbol: 'S1', side: 'long', size: '4.961', entryPrice: '21726.0', leverage: '75' },
    ],
  };
  const json = riskReportToJson(computeRisk(parseRiskInput(input).request));
  const price = json.positions[0]?.liquidationPrice;
  assert.equal(price, '2020'); // was 2016.7, where the pool is already below maintenance
  assert.equal(liquidatableAt(input, 'S0', '2020'), false);
  assert.equal(liquidatableAt(input, 'S0', '2019.9'), true);
});

test('hedge mode reports the root nearest the mark when the slack has one on each side (review finding)', () => {
  const tiers = [...TIERS, { notionalFloor: '10000000', maintenanceRate: '0.25', maxLeverage: '2' }];
  const input = {
    profile: 'generic',
    account: { balance: '1968294.14', positionMode: 'hedge' },
    instruments: [{ ...LINEAR_USDT_TICK01, symbol: 'S', markPrice: '45747.3', tiers }],
    positions: [
      { symbol: 'S', side: 'long', size: '358.939', entryPrice: '41485.0' },
      { symbol: 'S', side: 'short', size: '222.720', entryPrice: '41299.0' },
    ],
  };
  const json = riskReportToJson(computeRisk(parseRiskInput(input).request));
  assert.equal(json.positions[0]?.liquidationPrice, '35232.4'); // was 87,912.6, the far root
  assert.equal(json.positions[1]?.liquidationPrice, '35232.4');
  assert.equal(liquidatableAt(input, 'S', '35232.4'), false);
  assert.equal(liquidatableAt(input, 'S', '35232.3'), true);
  assert.equal(liquidatableAt(input, 'S', '87912.7'), true); // the far root exists too
});

test('impossible calendar dates are refused, not rolled over', () => {
  const input = {
    account: { balance: '1' },
    instruments: [{ ...BTCUSDT_FUTURE_261225, symbol: 'F', markPrice: '1', expiry: '2026-02-30T00:00:00Z' }], // February 30th
    positions: [],
  };
  assert.throws(() => parseRiskInput(input), /instruments\[0\]\.expiry: must be an ISO 8601 time like "2026-03-27T08:00:00Z", got "2026-02-30T00:00:00Z"/);
});
