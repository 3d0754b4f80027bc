import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fundingAmountUnits, settleFunding, type FundingContract } from './funding-settlement.js';
import { ONE, Rational, parseFixed as d } from '../num/index.js';

const linear: FundingContract = { kind: 'linear-perpetual', contractSize: ONE };
const xbtusd: FundingContract = { kind: 'inverse-perpetual', contractSize: ONE };

test('BitMEX: long 15,000 XBTUSD valued at 750 (20 XBT) pays 0.05 XBT at 0.25% (bitmex.com/app/perpetualContractsGuideExamples, vector 18)', () => {
  assert.equal(fundingAmountUnits(xbtusd, d('15000'), d('750'), d('0.0025'), 8), -5_000_000n);
  assert.equal(fundingAmountUnits(xbtusd, d('-15000'), d('750'), d('0.0025'), 8), 5_000_000n);
});

test('BitMEX: funding 1% on a 100 XBT long pays 1 XBT (BitMEX PnL guide as archived in github.com/bradkyle/Qenv)', () => {
  // 100,000 contracts of 1 USD at 1,000 USD/XBT are worth 100 XBT.
  assert.equal(fundingAmountUnits(xbtusd, d('100000'), d('1000'), d('0.01'), 8), -100_000_000n);
});

test('payers round up, receivers down, and the rounding account closes the sum to zero', () => {
  // 1 contract x 3 x 0.000000001 = 3e-9 USDT: the long pays 1 unit (1e-8), the short receives 0.
  const result = settleFunding({
    positions: [{ account: 'long', size: ONE }, { account: 'short', size: -ONE }],
    price: d('3'),
    rate: d('0.000000001'),
    instrument: linear,
    roundingAccount: 'funding-rounding',
  });
  assert.deepEqual(result.payments.map((p) => p.amountUnits), [-1n, 0n]);
  assert.equal(result.roundingUnits, 1n);
  assert.equal(result.balanced, true);
});

test('only positions open at the funding time take part; unmatched size is reported as unbalanced', () => {
  const t = Date.parse('2024-01-01T08:00:00Z');
  const result = settleFunding({
    positions: [
      { account: 'a', size: d('2'), openedAtMs: t - 1 },
      { account: 'b', size: d('-1'), openedAtMs: t + 5000 },
      { account: 'c', size: d('-1'), closedAtMs: t },
      { account: 'd', size: d('-2'), openedAtMs: t, closedAtMs: t + 1 },
    ],
    price: d('30000'),
    rate: d('0.0001'),
    instrument: linear,
    assetDecimals: 2,
    roundingAccount: 'r',
    fundingTimeMs: t,
  });
  assert.deepEqual(result.payments.map((p) => [p.account, p.amountUnits]), [['a', -600n], ['d', 600n]]);
  assert.deepEqual(result.excluded.map((e) => [e.account, e.reason]), [
    ['b', 'opened after the funding time'],
    ['c', 'closed at or before the funding time'],
  ]);
  assert.equal(result.roundingUnits, 0n);
});

const decimal = (maxUnits: number, scale: number) => fc.integer({ min: 1, max: maxUnits }).map((v) => BigInt(v) * 10n ** BigInt(18 - scale));

test('property: zero-sum with the rounding account, each amount within one unit of exact, in the right direction', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(decimal(10_000_000, 3), fc.boolean()), { minLength: 1, maxLength: 12 }),
      decimal(100_000_000, 2),
      fc.integer({ min: -3_000_000, max: 3_000_000 }).map((v) => BigInt(v) * 10n ** 10n), // |rate| <= 3%, 8 digits
      fc.boolean(),
      fc.integer({ min: 0, max: 8 }),
      (sizes, price, rate, inverse, decimals) => {
        const instrument: FundingContract = { kind: inverse ? 'inverse-perpetual' : 'linear-perpetual', contractSize: inverse ? 10n * ONE : ONE };
        // Build a balanced book: every long gets an opposite short of the same size.
        const positions = sizes.flatMap(([size, flip], i) => [
          { account: `l${i}`, size: flip ? -size : size },
          { account: `s${i}`, size: flip ? size : -size },
        ]);
        const result = settleFunding({ positions, price, rate, instrument, assetDecimals: decimals, roundingAccount: 'r' });
        const sum = result.payments.reduce((total, p) => total + p.amountUnits, 0n);
        assert.equal(sum + result.roundingUnits, 0n);
        assert.ok(result.roundingUnits >= 0n && result.roundingUnits < BigInt(result.payments.length));
        for (const payment of result.payments) {
          const q = Rational.fromFixed(payment.size).mul(Rational.fromFixed(instrument.contractSize)).mul(Rational.fromFixed(rate));
          const value = inverse ? q.div(Rational.fromFixed(price)) : q.mul(Rational.fromFixed(price));
          const exact = value.neg().mul(new Rational(10n ** BigInt(decimals)));
          const diff = exact.sub(new Rational(payment.amountUnits)); // >= 0 and < 1: floored
          assert.ok(diff.sign() >= 0 && diff.cmp(new Rational(1n)) < 0);
        }
      },
    ),
    { numRuns: 300 },
  );
});
