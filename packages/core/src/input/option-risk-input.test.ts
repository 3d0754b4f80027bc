import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DERIBIT_BTC_PERPETUAL } from '@margin/testkit';
import { parseRiskInput } from './risk-input.js';
import { computeStandardAccount } from '../option-margin/account.js';
import { standardAccountToJson } from '../report/options-risk-json.js';
import { InputError } from '../errors.js';

const EXPIRY = '2026-01-30T08:00:00Z';

function option(symbol: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    symbol,
    kind: 'inverse-option',
    right: 'call',
    underlying: 'BTC-PERPETUAL',
    settle: 'BTC',
    contractSize: '1',
    strike: '60000',
    expiry: EXPIRY,
    tickSize: '0.0005',
    markPrice: '0.01',
    ...extra,
  };
}

function file(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    profile: 'deribit',
    time: '2026-01-01T08:00:00Z',
    account: { balance: '2' },
    instruments: [{ ...DERIBIT_BTC_PERPETUAL, markPrice: '50000' }],
    options: [option('C60'), option('P45', { right: 'put', strike: '45000', markPrice: '0.02' })],
    positions: [
      { symbol: 'BTC-PERPETUAL', side: 'long', size: '25000', entryPrice: '48000' },
      { symbol: 'C60', side: 'short', size: '1', entryPrice: '0.012' },
      { symbol: 'P45', side: 'short', size: '3', entryPrice: '0.02' },
    ],
    ...extra,
  };
}

function run(json: Record<string, unknown>, profile?: string) {
  const parsed = parseRiskInput(json, profile);
  assert.ok(parsed.options !== undefined);
  return standardAccountToJson(computeStandardAccount(parsed.request, parsed.options.book, parsed.options.rules, parsed.options.venueName));
}

test('one Deribit account of a perpetual and short options: size-based futures margin plus the options rule, one cross pool', () => {
  const json = run(file());
  // Perpetual: 25,000 USD at 50,000 = 5 BTC; IM = 5 x (4% + 5 x 0.005%) = 0.20125, MM = 5 x (2% + 0.025%) = 0.10125.
  assert.deepEqual([json.positions[0]?.initialMargin, json.positions[0]?.maintenanceMargin], ['0.20125', '0.10125']);
  assert.equal(json.futuresMarginSnapshot, 'deribit-futures');
  // Short call K 60,000 at U 50,000, mark 0.01: 0.11 / 0.085; short 3 puts K 45,000, mark 0.02: 3 x 0.12 / 3 x 0.095.
  assert.deepEqual(json.options.map((o) => [o.symbol, o.initialMargin, o.maintenanceMargin, o.marginSnapshot]), [
    ['C60', '0.11', '0.085', 'deribit-inverse'],
    ['P45', '0.36', '0.285', 'deribit-inverse'],
  ]);
  assert.equal(json.account.initialMargin, '0.67125');
  assert.equal(json.account.maintenanceMargin, '0.47125');
  // Equity = 2 + futures PnL 25,000 x (1/48,000 - 1/50,000) = 0.20833333 (floor) + option value -0.01 - 0.06.
  assert.equal(json.account.optionValue, '-0.07');
  assert.equal(json.account.equity, '2.13833333');
  assert.equal(json.positions[0]?.liquidationPrice, null);
  // Greeks: the call's coin delta is its BS delta less its coin price; totals add the perpetual's 5 BTC.
  const call = json.options[0];
  assert.ok(call !== undefined);
  assert.ok(Math.abs(Number(call.greeks.deltaCoin) - -(Number(call.delta) - 0.01)) < 1e-9);
  const totalDelta = json.options.reduce((sum, o) => sum + Number(o.greeks.deltaCoin), 5);
  assert.ok(Math.abs(Number(json.greeks[0]?.deltaCoin) - totalDelta) < 1e-9);
  assert.ok(Math.abs(Number(json.greeks[0]?.deltaQuote) - totalDelta * 50000) < 1e-6);
});

test('bad option input: one clear error each, naming the field', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [file({ options: [option('C60', { strike: '0' })] }), /^options\[0\]\.strike: must be greater than 0, got "0"$/],
    [file({ options: [option('C60', { strike: '-5' })] }), /^options\[0\]\.strike: must be greater than 0/],
    [file({ options: [option('C60', { markPrice: undefined, markIv: '0' })] }), /^options\[0\]\.markIv: must be greater than 0, got "0"$/],
    [file({ options: [option('C60', { expiry: '2025-12-31T08:00:00Z' })] }), /^options\[0\]\.expiry: the option has expired: expiry 2025-12-31T08:00:00\.000Z is not after the valuation time 2026-01-01T08:00:00\.000Z$/],
    [file({ options: [option('C60', { expiry: '2026-01-01T08:00:00Z' })] }), /^options\[0\]\.expiry: the option has expired/],
    [file({ options: [option('C60', { underlying: 'ETH-PERPETUAL' })] }), /^options\[0\]\.underlying: unknown underlying "ETH-PERPETUAL" \(not a future in instruments nor an index in indexes; known: "BTC-PERPETUAL"\)$/],
    [file({ time: undefined }), /^time: is required when options are given/],
    [file({ options: [option('C60', { markPrice: undefined })] }), /^options\[0\]\.markPrice: give markPrice or markIv$/],
    [file({ options: [option('C60', { markIv: '0.5' })] }), /^options\[0\]\.markIv: give markPrice or markIv, not both$/],
    [file({ options: [option('C60', { markPrice: '1.5' })], positions: [{ symbol: 'C60', side: 'short', size: '1', entryPrice: '0.01' }] }), /^options\[0\]\.markPrice: in quote units \(markPrice x forward\): must be within the no-arbitrage bounds of a call/],
    [file({ positions: [{ symbol: 'C60', side: 'short', size: '1', entryPrice: '0.01', margin: 'isolated', isolatedBalance: '1' }] }), /^positions\[0\]\.margin: options are margined in the cross pool only/],
    [file({ positions: [{ symbol: 'C60', side: 'short', size: '1', entryPrice: '0.01', leverage: '10' }] }), /^positions\[0\]\.leverage: does not apply to options/],
    [file({ options: [option('C60', { kind: 'linear-option', settle: 'USDC' })] }), /^options\[0\]\.base: is required for a linear option/],
    [file({ profile: 'generic', instruments: [], indexes: [{ name: 'BTC-USD', price: '50000' }], options: [option('C60', { underlying: 'BTC-USD' })], positions: [{ symbol: 'C60', side: 'short', size: '1', entryPrice: '0.01' }] }), /^options\[0\]\.marginSnapshot: venue generic has no standard options margin rules$/],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => {
        const parsed = parseRiskInput(input);
        if (parsed.options !== undefined) computeStandardAccount(parsed.request, parsed.options.book, parsed.options.rules, parsed.options.venueName);
      },
      (error: unknown) => error instanceof InputError && message.test(error.message),
      String(message),
    );
  }
});

test('an index underlying, a linear option under Bybit: option value not in equity, long needs only its premium', () => {
  const json = run({
    profile: 'bybit-linear',
    time: '2022-06-01T08:00:00Z',
    account: { balance: '10000' },
    instruments: [],
    indexes: [{ name: 'BTC-USD', price: '30000' }],
    options: [
      { symbol: 'BTC-30JUN22-31000-C', kind: 'linear-option', right: 'call', underlying: 'BTC-USD', base: 'BTC', settle: 'USDC', contractSize: '1', strike: '31000', expiry: '2022-06-30T08:00:00Z', tickSize: '5', markPrice: '300' },
      { symbol: 'BTC-30JUN22-28000-P', kind: 'linear-option', right: 'put', underlying: 'BTC-USD', base: 'BTC', settle: 'USDC', contractSize: '1', strike: '28000', expiry: '2022-06-30T08:00:00Z', tickSize: '5', markPrice: '400' },
    ],
    positions: [
      { symbol: 'BTC-30JUN22-31000-C', side: 'short', size: '1', entryPrice: '300' },
      { symbol: 'BTC-30JUN22-28000-P', side: 'long', size: '2', entryPrice: '350' },
    ],
  });
  // Bybit's example 1: position MM 1,260 USDC (https://bybit.nl/nl-NL/help-center/article?id=000001546&language=en_US).
  assert.equal(json.options[0]?.maintenanceMargin, '1260');
  assert.deepEqual([json.options[1]?.initialMargin, json.options[1]?.maintenanceMargin], ['0', '0']);
  assert.equal(json.account.optionValueInEquity, false);
  assert.equal(json.account.equity, '10000');
  assert.equal(json.account.maintenanceMargin, '1260');
  assert.equal(json.options[0]?.marginSnapshot, 'bybit-usdc@2021');
});

test('property: a short and a long of the same series (hedge mode) net to zero requirement; a long alone needs nothing beyond its premium', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 500 }),
      fc.integer({ min: 20, max: 120 }).map((k) => String(k * 1000)),
      fc.constantFrom('call', 'put'),
      fc.integer({ min: 1, max: 5000 }).map((n) => (n / 10000).toString()),
      (size, strike, right, mark) => {
        const opts = [option('X', { right, strike, markPrice: undefined, markIv: '0.7' })];
        const both = run(
          file({
            account: { balance: '1', positionMode: 'hedge' },
            options: opts,
            positions: [
              { symbol: 'X', side: 'short', size: String(size), entryPrice: mark },
              { symbol: 'X', side: 'long', size: String(size), entryPrice: mark },
            ],
          }),
        );
        assert.equal(both.options.length, 0);
        assert.equal(both.account.initialMargin, '0');
        assert.equal(both.account.maintenanceMargin, '0');
        const long = run(file({ options: opts, positions: [{ symbol: 'X', side: 'long', size: String(size), entryPrice: mark }] }));
        const position = long.options[0];
        assert.ok(position !== undefined);
        assert.ok(Number(position.initialMargin) <= Number(position.value) && Number(long.account.initialMargin) === 0);
        assert.ok(Number(long.account.maintenanceMargin) >= 0);
      },
    ),
    { numRuns: 60 },
  );
});

test('a futures-only Deribit file needs a valuation time (dated size-based snapshot) and computes by size', () => {
  assert.throws(() => parseRiskInput(file({ time: undefined, options: [], positions: [] })), { message: /^time: is required by venue deribit/ });
  const json = run(file({ options: [], positions: [{ symbol: 'BTC-PERPETUAL', side: 'short', size: '125000', entryPrice: '50000' }] }));
  // 25 BTC: IM 25 x (4% + 25 x 0.005%) = 1.03125
  assert.equal(json.positions[0]?.initialMargin, '1.03125');
});
