import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeIndexPrice } from './index-price.js';
import { computeMarkPrice, fundingBasisPrice } from './mark-price.js';
import { timeDecayEma } from './ema.js';
import { HOUR_MS } from './funding-schedule.js';
import { ONE, formatFixed, parseFixed as d } from '../num/index.js';

const t0 = Date.parse('2024-03-01T00:00:00Z');
const source = (name: string, price: string, weight = '1', ageMs = 0) => ({ name, price: d(price), weight: d(weight), timeMs: t0 - ageMs });

test('index: weighted mean of fresh sources; a silent source (> 10 s) and one deviating > 5% get weight 0', () => {
  const result = computeIndexPrice({
    sources: [source('a', '100', '2'), source('b', '101', '1'), source('c', '100.5', '1', 11_000), source('d', '110', '1')],
    timeMs: t0,
    method: 'weighted-mean',
    staleAfterMs: 10_000,
    maxDeviation: d('0.05'),
  });
  assert.equal(formatFixed(result.price), '100.333333333333333333');
  assert.deepEqual(result.sources.map((s) => s.status), ['used', 'used', 'dropped', 'dropped']);
  assert.match(result.sources[2]?.reason ?? '', /stale: last update 11000 ms/);
  assert.match(result.sources[3]?.reason ?? '', /deviates 8\.9109% from the median/);
});

test('index: when more than one source deviates the index is the median of the fresh sources', () => {
  const result = computeIndexPrice({
    sources: [source('a', '100'), source('b', '100.2'), source('c', '80'), source('d', '120')],
    timeMs: t0,
    method: 'weighted-mean',
    staleAfterMs: 10_000,
    maxDeviation: d('0.05'),
  });
  assert.equal(result.method, 'median-fallback');
  assert.equal(formatFixed(result.price), '100.1');
});

test('index: weighted median (Hyperliquid oracle weights)', () => {
  const result = computeIndexPrice({
    sources: [source('binance', '100', '3'), source('okx', '101', '2'), source('bybit', '102', '2'), source('kraken', '99', '1')],
    timeMs: t0,
    method: 'weighted-median',
    staleAfterMs: null,
    maxDeviation: null,
  });
  assert.equal(formatFixed(result.price), '100.5'); // cumulative 1 (99), 4 (100) = half of 8 -> mean of 100 and 101
});

test('Binance 2019 mark: FR 0.03%, 4 h to funding, index 10,000 -> 10,001.5 (Binance 2019 mark text, vector 9)', () => {
  assert.equal(formatFixed(fundingBasisPrice(d('10000'), d('0.0003'), 4 * HOUR_MS, 8 * HOUR_MS)), '10001.5');
  const mark = computeMarkPrice({ method: 'funding-basis', indexPrice: d('10000'), fundingRate: d('0.0003'), timeUntilFundingMs: 4 * HOUR_MS, intervalMs: 8 * HOUR_MS });
  assert.equal(formatFixed(mark.markPrice), '10001.5');
});

test('Binance mark: median of Price 1, Price 2 and the contract price', () => {
  const mark = computeMarkPrice({
    method: 'binance-median',
    indexPrice: d('10000'),
    fundingRate: d('0.0001'),
    timeUntilFundingMs: 2 * HOUR_MS,
    intervalMs: 8 * HOUR_MS,
    basisAverage: d('3'),
    lastPrice: d('10010'),
  });
  assert.deepEqual(mark.components.map((c) => formatFixed(c.value)), ['10000.25', '10003', '10010']);
  assert.equal(formatFixed(mark.markPrice), '10003');
});

test('Hyperliquid mark: median of oracle + EMA basis, local median, external mids', () => {
  const mark = computeMarkPrice({
    method: 'hyperliquid-median',
    indexPrice: d('100'),
    emaBasis: d('0.2'),
    bestBid: d('100.1'),
    bestAsk: d('100.3'),
    lastPrice: d('100.25'),
    externalMids: [d('100.15'), d('100.4'), d('99.9')],
  });
  assert.deepEqual(mark.components.map((c) => formatFixed(c.value)), ['100.2', '100.25', '100.15']);
  assert.equal(formatFixed(mark.markPrice), '100.2');
});

test('EMA of a constant series is that constant; it follows a step toward the new value', () => {
  const flat = [0, 3000, 6000, 9000].map((ms) => ({ timeMs: t0 + ms, value: d('5') }));
  assert.equal(timeDecayEma(flat, 150_000), d('5'));
  const step = [{ timeMs: t0, value: d('0') }, { timeMs: t0 + 150_000, value: d('0') }, { timeMs: t0 + 300_000, value: d('1') }];
  const ema = timeDecayEma(step, 150_000); // 1 / (1 + e^-1) = 0.73105857863000487925...
  assert.ok(ema - d('0.731058578630004879') <= 2n && d('0.731058578630004879') - ema <= 2n, formatFixed(ema));
});

const priceArb = fc.integer({ min: 1_000, max: 10_000_000 }).map((v) => BigInt(v) * 10n ** 16n);
const rateArb = fc.integer({ min: -30_000, max: 30_000 }).map((v) => BigInt(v) * 10n ** 12n);

test('property: the funding-basis mark stays within index x (1 +- |rate|), and any banded mark within its band', () => {
  fc.assert(
    fc.property(priceArb, rateArb, fc.integer({ min: 0, max: 8 * 3600 }), (index, rate, untilSeconds) => {
      const mark = computeMarkPrice({ method: 'funding-basis', indexPrice: index, fundingRate: rate, timeUntilFundingMs: untilSeconds * 1000, intervalMs: 8 * HOUR_MS });
      const absRate = rate < 0n ? -rate : rate;
      const distance = mark.markPrice > index ? mark.markPrice - index : index - mark.markPrice;
      return distance * ONE <= index * absRate + ONE; // one unit of rounding
    }),
  );
  fc.assert(
    fc.property(priceArb, priceArb, priceArb, priceArb, fc.integer({ min: 0, max: 100_000 }), (index, basis, last, bid, bandBps) => {
      const bandRate = BigInt(bandBps) * 10n ** 12n;
      const mark = computeMarkPrice({
        method: 'binance-median', indexPrice: index, fundingRate: 0n, timeUntilFundingMs: 0, intervalMs: 8 * HOUR_MS,
        basisAverage: basis - index, lastPrice: last, bandRate,
      });
      void bid;
      return mark.band !== null && mark.markPrice >= mark.band.low && mark.markPrice <= mark.band.high && mark.band.low * ONE >= index * (ONE - bandRate) && mark.band.high * ONE <= index * (ONE + bandRate);
    }),
  );
});
