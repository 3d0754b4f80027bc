import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averagePremium, premiumSample } from './premium.js';
import { computeImpactPrice, impactNotionalAtLeverage, impactNotionalFromMargin } from './impact-price.js';
import { ONE, formatFixed, parseFixed as d } from '../num/index.js';

test('impact notional: Binance 200 USDT / IMR (BNBUSDT 20x -> 4,000; BTCUSDT 125x -> 25,000), dYdX 500 / IMF 10% -> 5,000', () => {
  assert.equal(formatFixed(impactNotionalAtLeverage(d('200'), d('20'))), '4000');
  assert.equal(formatFixed(impactNotionalFromMargin(d('200'), d('0.05'))), '4000');
  assert.equal(formatFixed(impactNotionalAtLeverage(d('200'), d('125'))), '25000');
  assert.equal(formatFixed(impactNotionalFromMargin(d('500'), d('0.1'))), '5000');
});

const linear = { inverse: false, contractSize: ONE };

test('impact bid walks the bids from the best level and fills the last one partially (derived by hand)', () => {
  // 1,000 USDT: 0.5 @ 1,000 (500 USDT) + 500 USDT @ 990 (0.50505.. base) -> 1,000 / 1.0050505.. = 994.9748..
  const bids = [{ price: d('1000'), size: d('0.5') }, { price: d('990'), size: d('2') }];
  const impact = computeImpactPrice(bids, 'bid', d('1000'), linear);
  assert.equal(formatFixed(impact.price ?? 0n), '994.974874371859296482'); // floor of 1000 x 990 x 2 / 1990
  assert.equal(impact.levelsUsed, 2);
  const asks = [{ price: d('1010'), size: d('0.5') }, { price: d('1020'), size: d('2') }];
  // 505 USDT @ 1,010 + 495 USDT @ 1,020 -> 1,000 x 1,020 / 1,005, rounded up
  assert.equal(formatFixed(computeImpactPrice(asks, 'ask', d('1000'), linear).price ?? 0n), '1014.925373134328358209');
});

test('a book too thin for the impact notional has no impact price', () => {
  const thin = computeImpactPrice([{ price: d('100'), size: d('1') }], 'ask', d('1000'), linear);
  assert.equal(thin.price, null);
  assert.equal(formatFixed(thin.filledNotional), '100');
});

test('inverse books: each contract is a fixed quote value, and the impact price is the harmonic mean', () => {
  // 100 USD contracts: 10 @ 50,000 + 10 @ 40,000 fill 2,000 USD for 0.02 + 0.025 BTC -> 44,444.44..
  const bids = [{ price: d('50000'), size: d('10') }, { price: d('40000'), size: d('10') }];
  const impact = computeImpactPrice(bids, 'bid', d('2000'), { inverse: true, contractSize: d('100') });
  assert.equal(formatFixed(impact.price ?? 0n), '44444.444444444444444444');
});

test('premium index sample: [max(0, IB - I) - max(0, I - IA)] / I, with the BitMEX fair-basis variant', () => {
  assert.equal(formatFixed(premiumSample({ impactBid: d('10010'), impactAsk: d('10020'), indexPrice: d('10000') }, 'index')), '0.001');
  assert.equal(formatFixed(premiumSample({ impactBid: d('9980'), impactAsk: d('9990'), indexPrice: d('10000') }, 'index')), '-0.001');
  assert.equal(premiumSample({ impactBid: d('9995'), impactAsk: d('10005'), indexPrice: d('10000') }, 'index'), 0n);
  assert.equal(formatFixed(premiumSample({ impactBid: null, impactAsk: d('9990'), indexPrice: d('10000') }, 'index')), '-0.001');
  // BitMEX: against the mark, plus (mark - index) / index
  const bitmex = premiumSample({ impactBid: d('10006'), impactAsk: d('10010'), indexPrice: d('10000'), markPrice: d('10005') }, 'mark-plus-fair-basis');
  assert.equal(formatFixed(bitmex), '0.0006');
});

test('Binance averages premiums with weights 1..n; dYdX pads missing samples with zeros up to 60', () => {
  const samples = [d('0.0001'), d('0.0002'), d('0.0003')];
  assert.equal(formatFixed(averagePremium(samples, 'linear-weighted').average), '0.000233333333333333'); // 1.4/6 x 1e-3
  assert.equal(formatFixed(averagePremium(samples, 'mean').average), '0.0002');
  const padded = averagePremium(samples, 'mean', 60);
  assert.equal(formatFixed(padded.average), '0.00001');
  assert.equal(padded.paddedCount, 57);
});
