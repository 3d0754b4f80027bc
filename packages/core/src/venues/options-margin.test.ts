import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFixed as d, formatFixed } from '../num/decimal.js';
import { mul, type Fixed } from '../num/fixed.js';
import { intrinsicPerCoin } from '../instrument/option-instrument.js';
import { venue } from './registry.js';
import { optionPositionRequirement, shortOptionPerCoin, sizeBasedRequirement, type ShortOptionInputs } from '../option-margin/formulas.js';
import { optionTradeFee } from '../option-margin/fee.js';
import { optionMarginSnapshot, sizeBasedFuturesSnapshot } from '../option-margin/resolve.js';
import type { OptionMarginFormula } from '../option-margin/rules.js';

const f = (value: Fixed): string => formatFixed(value);
const rules = (name: string) => venue(name).standardOptions;
const at = (iso: string): number => Date.parse(iso);

function snapshotFormula(name: string, settlement: 'linear-option' | 'inverse-option', base = 'BTC', time = '2026-01-01', pinned: string | null = null): OptionMarginFormula {
  return optionMarginSnapshot(rules(name), name, settlement, base, at(time), pinned, ['profile']).formula;
}

function inputs(partial: Partial<ShortOptionInputs> & Pick<ShortOptionInputs, 'kind' | 'right' | 'strike' | 'mark' | 'underlying'>): ShortOptionInputs {
  return { entry: partial.mark, index: partial.underlying, forward: partial.underlying, ...partial };
}

test('Bybit: short 1 BTC-31JUN22-31000-C at index 30,000, mark 300: position MM 1,260 USDC (Bybit example 1)', () => {
  // https://bybit.nl/nl-NL/help-center/article?id=000001546&language=en_US
  const formula = snapshotFormula('bybit-linear', 'linear-option', 'BTC', '2023-12-04');
  const req = optionPositionRequirement(formula, 'short', d('1'), inputs({ kind: 'linear-option', right: 'call', strike: d('31000'), mark: d('300'), underlying: d('30000') }));
  assert.equal(f(req.maintenance), '1260');
  // IM = max(max(4500 - 1000, 3000) + 300, 1260) = 3800 (the same page's IM formula)
  assert.equal(f(req.initial), '3800');
});

test('Bybit fee: 0.3 BTC bought at 3,500 with the index at 42,000: min(0.03% x 42,000, 12.5% x 3,500) x 0.3 = 3.78 USDC', () => {
  // https://mobie.io/bybit-options-how-to-calculate-initial-margin-and-maintenance-margin
  const snapshot = optionMarginSnapshot(rules('bybit-linear'), 'bybit-linear', 'linear-option', 'BTC', at('2022-01-01'), null, []);
  assert.equal(snapshot.id, 'bybit-usdc@2021');
  assert.equal(f(optionTradeFee(snapshot.takerFeeRate, snapshot.feeCapOfPremium, d('42000'), d('3500'), d('0.3'))), '3.78');
  // The cap binds on a cheap option: 12.5% x 20 x 0.3 = 0.75 < 0.03% x 42,000 x 0.3 = 3.78.
  assert.equal(f(optionTradeFee(snapshot.takerFeeRate, snapshot.feeCapOfPremium, d('42000'), d('20'), d('0.3'))), '0.75');
  assert.equal(optionMarginSnapshot(rules('bybit-linear'), 'bybit-linear', 'linear-option', 'BTC', at('2025-01-01'), null, []).id, 'bybit-usdc@2024-10');
});

test('Deribit-style linear put: ETH-USDT-17NOV23-1850-P, underlying 2,098, mark 2.4: IM 212.2, MM 159.75 per ETH; 50 ETH: 10,610 / 7,987.5 (BIT example)', () => {
  // https://hc.bitexch.dev/en/articles/9771460-margin-rules-for-usdt-margined-options (BIT publishes Deribit's 0.15/0.10/0.075 linear form)
  const formula = snapshotFormula('deribit', 'linear-option', 'ETH');
  const option = inputs({ kind: 'linear-option', right: 'put', strike: d('1850'), mark: d('2.4'), underlying: d('2098') });
  const perCoin = shortOptionPerCoin(formula, option);
  assert.equal(f(perCoin.initial), '212.2');
  assert.equal(f(perCoin.maintenance), '159.75');
  const position = optionPositionRequirement(formula, 'short', d('50'), option);
  assert.deepEqual([f(position.initial), f(position.maintenance)], ['10610', '7987.5']);
});

test('Deribit inverse: short call K 60,000 at U 50,000, mark 0.01 BTC: IM 0.11, MM 0.085; short put K 45,000, mark 0.02: IM 0.12, MM 0.095', () => {
  // derived from the rule as published (doc.tslab.pro copy of Deribit's page, see the snapshot's sources)
  const formula = snapshotFormula('deribit', 'inverse-option');
  const call = shortOptionPerCoin(formula, inputs({ kind: 'inverse-option', right: 'call', strike: d('60000'), mark: d('0.01'), underlying: d('50000') }));
  assert.deepEqual([f(call.initial), f(call.maintenance)], ['0.11', '0.085']);
  const put = shortOptionPerCoin(formula, inputs({ kind: 'inverse-option', right: 'put', strike: d('45000'), mark: d('0.02'), underlying: d('50000') }));
  assert.deepEqual([f(put.initial), f(put.maintenance)], ['0.12', '0.095']);
  // Deep in-the-money put worth 2.5 coins: MM = max(0.075, 0.075 x 2.5) + 2.5 = 2.6875 is above 0.15 + 2.5, so IM is floored at MM.
  const deep = shortOptionPerCoin(formula, inputs({ kind: 'inverse-option', right: 'put', strike: d('200000'), mark: d('2.5'), underlying: d('40000') }));
  assert.deepEqual([f(deep.initial), f(deep.maintenance)], ['2.6875', '2.6875']);
});

test('inverse against an independent derivation: the coin requirement x U equals the linear requirement with the mark in quote (float64 check)', () => {
  // Independent route: the linear rule in quote units, computed in float64, divided by U.
  const linearFloat = (right: 'call' | 'put', k: number, u: number, markQuote: number): [number, number] => {
    const otm = Math.max(right === 'call' ? k - u : u - k, 0);
    const base = Math.max(0.15 * u - otm, 0.1 * u);
    if (right === 'call') return [base + markQuote, 0.075 * u + markQuote];
    const mm = Math.max(0.075 * u, 0.075 * markQuote) + markQuote;
    return [Math.max(base + markQuote, mm), mm];
  };
  const formula = snapshotFormula('deribit', 'inverse-option');
  fc.assert(
    fc.property(
      fc.constantFrom<'call' | 'put'>('call', 'put'),
      fc.integer({ min: 1000, max: 200000 }),
      fc.integer({ min: 1000, max: 200000 }),
      fc.integer({ min: 0, max: 20000 }),
      (right, strike, underlying, markMicros) => {
        const mark = markMicros / 10000; // coin, 0 .. 2
        const coin = shortOptionPerCoin(formula, inputs({ kind: 'inverse-option', right, strike: d(String(strike)), mark: d(String(mark)), underlying: d(String(underlying)) }));
        const [im, mm] = linearFloat(right, strike, underlying, mark * underlying);
        assert.ok(Math.abs(Number(f(coin.initial)) * underlying - im) <= 1e-9 * Math.max(im, 1) + 1e-12 * underlying, `IM ${right} ${strike} ${underlying} ${mark}`);
        assert.ok(Math.abs(Number(f(coin.maintenance)) * underlying - mm) <= 1e-9 * Math.max(mm, 1) + 1e-12 * underlying, `MM ${right} ${strike} ${underlying} ${mark}`);
      },
    ),
  );
});

test('OKX: the forward and underlying OTM conventions are named snapshots; coin-margined call and put', () => {
  // https://www.okx.com/help/ii-option-margin: IMR = max(0.1, 0.15 - OTM/F) + mark; MMR call = 0.03 + mark; put = max(0.03, 0.03 mark) + mark
  const forward = snapshotFormula('okx', 'inverse-option');
  const underlying = snapshotFormula('okx', 'inverse-option', 'BTC', '2026-01-01', 'okx-btc-coin-underlying');
  const option = inputs({ kind: 'inverse-option', right: 'call', strike: d('55000'), mark: d('0.02'), underlying: d('50000'), forward: d('51000') });
  // OTM vs F = 4,000 / 51,000 -> 0.15 - 0.0784... = 0.0715... < 0.1 -> 0.1 + 0.02
  assert.equal(f(shortOptionPerCoin(forward, option).initial), '0.12');
  // OTM vs U = 5,000 / 50,000 = 0.1 -> max(0.1, 0.05) + 0.02
  assert.equal(f(shortOptionPerCoin(underlying, option).initial), '0.12');
  const near = { ...option, strike: d('52000') };
  // vs F: OTM 1,000/51,000 -> IM 0.15 - 0.019607843137254901 (floor) + 0.02 = 0.150392156862745099
  assert.equal(f(shortOptionPerCoin(forward, near).initial), '0.150392156862745099');
  // vs U: OTM 2,000/50,000 = 0.04 -> 0.11 + 0.02
  assert.equal(f(shortOptionPerCoin(underlying, near).initial), '0.13');
  assert.equal(f(shortOptionPerCoin(forward, near).maintenance), '0.05');
  const eth = snapshotFormula('okx', 'inverse-option', 'ETH');
  const put = inputs({ kind: 'inverse-option', right: 'put', strike: d('3000'), mark: d('0.1'), underlying: d('3000') });
  assert.equal(f(shortOptionPerCoin(eth, put).maintenance), '0.15');
});

test('Deribit futures (size-based): 25 BTC needs 2.125% = 0.53125 BTC, 350 BTC 3.75% = 13.125 BTC under the legacy parameters', () => {
  // https://test.deribit.com/pages/docs/futures
  const legacy = sizeBasedFuturesSnapshot(rules('deribit'), 'BTC', at('2019-06-01'));
  assert.equal(legacy?.id, 'deribit-futures@legacy');
  if (legacy === null) return;
  assert.equal(f(sizeBasedRequirement(d('25'), d('25'), legacy.initialBase, legacy.ratePerCoin)), '0.53125');
  assert.equal(f(sizeBasedRequirement(d('350'), d('350'), legacy.initialBase, legacy.ratePerCoin)), '13.125');
  const current = sizeBasedFuturesSnapshot(rules('deribit'), 'BTC', at('2026-01-01'));
  assert.equal(current?.id, 'deribit-futures');
  assert.equal(sizeBasedFuturesSnapshot(rules('okx'), 'BTC', at('2026-01-01')), null);
});

test('inverse settlement in coin: long call K 10,000 settles at 12,500 for 0.2 BTC; long put K 10,000 at 5,000 for 1 BTC (Deribit)', () => {
  // https://testapp.deribit.com/pages/docs/options
  assert.equal(f(intrinsicPerCoin({ kind: 'inverse-option', right: 'call', strike: d('10000') }, d('12500'))), '0.2');
  assert.equal(f(intrinsicPerCoin({ kind: 'inverse-option', right: 'put', strike: d('10000') }, d('5000'))), '1');
  assert.equal(f(intrinsicPerCoin({ kind: 'linear-option', right: 'put', strike: d('10000') }, d('5000'))), '5000');
  assert.equal(intrinsicPerCoin({ kind: 'linear-option', right: 'call', strike: d('10000') }, d('5000')), 0n);
});

test('a venue without options rules and a missing snapshot are clear errors', () => {
  assert.throws(() => optionMarginSnapshot(rules('generic'), 'generic', 'linear-option', 'BTC', 0, null, ['profile']), {
    message: 'profile: venue generic has no standard options margin rules',
  });
  assert.throws(() => optionMarginSnapshot(rules('bybit-linear'), 'bybit-linear', 'inverse-option', 'BTC', 0, null, ['profile']), /has no inverse-option snapshot in force for BTC/);
  assert.throws(() => optionMarginSnapshot(rules('okx'), 'okx', 'inverse-option', 'BTC', 0, 'nope', ['x']), /x: venue okx has no inverse-option snapshot "nope" \(snapshots: okx-btc-coin-forward/);
});

// Properties over every shipped snapshot.
const allSnapshots = ['deribit', 'bybit-linear', 'okx'].flatMap((name) => rules(name)?.options ?? []);
const price = (max: number) => fc.integer({ min: 1, max }).map((n) => BigInt(n) * 10n ** 14n); // 0.0001 .. max/10^4

test('properties: requirements are never negative, IM >= MM, a long needs nothing beyond its premium', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...allSnapshots),
      fc.constantFrom<'call' | 'put'>('call', 'put'),
      price(2_000_000_000),
      price(2_000_000_000),
      price(2_000_000_000),
      price(2_000_000_000),
      price(100_000_000),
      fc.integer({ min: 1, max: 1_000_000 }).map((n) => BigInt(n) * 10n ** 15n),
      (snapshot, right, strike, underlying, index, forward, markRaw, quantity) => {
        // Inverse marks are in coin: keep them below 2 coins.
        const mark = snapshot.settlement === 'inverse-option' ? markRaw % (2n * 10n ** 18n) : markRaw;
        const option: ShortOptionInputs = { kind: snapshot.settlement, right, strike, mark, entry: mark, underlying, index, forward };
        const short = optionPositionRequirement(snapshot.formula, 'short', quantity, option);
        assert.ok(short.initial >= 0n && short.maintenance >= 0n);
        // OKX's published rule has no IM floor at MM: a deep in-the-money put can need more MM than IM.
        if (snapshot.formula.kind !== 'floor-times-multiplier') assert.ok(short.initial >= short.maintenance, `${snapshot.id} IM ${f(short.initial)} < MM ${f(short.maintenance)}`);
        // A short always needs at least the option's value (it could be bought back at the mark).
        assert.ok(short.maintenance >= mul(mark, quantity, 'floor'));
        const long = optionPositionRequirement(snapshot.formula, 'long', quantity, option);
        const premium = mul(mark, quantity, 'ceil');
        assert.ok(long.initial <= premium && long.maintenance <= premium && long.initial === 0n && long.maintenance === 0n);
      },
    ),
  );
});
