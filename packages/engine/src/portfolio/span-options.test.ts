/**
 * Options in SPAN accounts (ADR 0041, docs/portfolio-margin.md "Options in SPAN accounts"): an
 * engine put on ZC-DEC26 is mapped to the test file's option series `XO 202612 P 100`
 * (vectors/portfolio/span-test.pa2, built from CME's PA2 layout); the mapping is refused with its
 * field and rule when the kinds or the put/call do not match or the file has no such series; the
 * requirement is core's SPAN figure (risk arrays of the series, short option minimum, net option
 * value) plus the net option value at the file's prices, since equity counts the options at the
 * engine's marks (CME: total margin = SPAN risk requirement - net option value, met by cash); the
 * breakdown lists the option row with its scenario losses and sums to the requirement; snapshot,
 * liquidation exactly at maintenance, settlement at expiry with money conserved.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { at } from '@margin/testkit';
import { computeSpan, formatFixed, parseFixed } from '@margin/core';
import { riskJsonSchema } from '@margin/wire';
import { SPAN_PA2, SPAN_SPN, SPAN_SYMBOLS, spanMarket } from '../testing/span-market.js';
import type { EngineEvent } from '../apply/apply-command.js';
import type { Harness } from '../testing/harness.js';
import { accountRiskJson } from '../report/account-risk.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { preview } from '../preview/preview.js';
import { parseCommand } from '../commands/parse-command.js';
import { portfolioCloseTarget } from './liquidation-order.js';

const EXPIRY = '2026-12-11T18:00:00.000Z';
/** A put on ZC-DEC26, settled in USD: the engine's view of the file's series XO 202612 P 100. */
const PUT = { symbol: 'ZC-DEC26-P100', kind: 'linear-option', right: 'put', underlying: 'ZC-DEC26', base: 'ZC', settle: 'USD', contractSize: '1', strike: '100', expiry: EXPIRY, tickSize: '0.01', lotSize: '1' };
const CALL = { ...PUT, symbol: 'ZC-DEC26-C100', right: 'call' };
const SERIES = 'XO 202612 P 100';
const WITH_PUT = [...SPAN_SYMBOLS, { symbol: PUT.symbol, contract: SERIES }];

const codeOf = (events: EngineEvent[]): string | null => {
  const rejected = events.find((e) => e.type === 'rejected');
  return rejected === undefined ? null : String(rejected['code']);
};
const reasonOf = (events: EngineEvent[]): string => String(events.find((e) => e.type === 'rejected')?.['reason']);
const fill = (account: string, symbol: string, side: 'buy' | 'sell', size: string, price: string) => ({ type: 'fill', account, symbol, side, size, price, fee: '0', time: at(2) });

/** The SPAN market with the put (and call) listed at `putMark`, the set reloaded with the put mapped, `accounts` in SPAN margin. */
function optionMarket(accounts: readonly string[], deposit: string, putMark = '30', content = SPAN_PA2, format = 'pa2', profile = 'deribit'): Harness {
  const h = spanMarket(accounts, deposit, content, format, { profile });
  for (const option of [PUT, CALL]) {
    assert.equal(h.one({ type: 'instrument', instrument: option }).type, 'instrumentDefined');
    h.run({ type: 'price', symbol: option.symbol, markPrice: putMark, time: at(1) });
  }
  assert.equal(h.one({ type: 'spanParameters', set: 'tst', format, content, symbols: WITH_PUT }).type, 'spanParametersLoaded');
  for (const account of accounts) assert.equal(h.one({ type: 'setPortfolioMargin', account, model: 'span', parameterSet: 'tst' }).type, 'portfolioMarginSet');
  return h;
}

/** core's SPAN result of the same SPAN positions (futures by key, then options by symbol). */
function coreSpan(h: Harness, positions: { contract: string; quantity: number }[]) {
  const set = h.state.span?.sets.get('tst');
  assert.ok(set !== undefined);
  return computeSpan(set.params, { accountClass: 'speculator', positions });
}

describe('spanParameters with option series', () => {
  it('maps an engine option to the file series; refuses a wrong kind, the other right, or a series the file lacks, naming the field and rule', () => {
    const h = spanMarket([], '1', SPAN_PA2, 'pa2', { profile: 'deribit' });
    for (const option of [PUT, CALL]) h.run({ type: 'instrument', instrument: option });
    const load = (symbols: unknown) => h.run({ type: 'spanParameters', set: 'opt', format: 'pa2', content: SPAN_PA2, symbols });
    assert.equal(load(WITH_PUT)[0]?.type, 'spanParametersLoaded');
    const missing = load([{ symbol: PUT.symbol, contract: 'XO 202612 P 120' }]);
    assert.equal(codeOf(missing), 'span_parameters_invalid');
    assert.match(reasonOf(missing), /symbols\[0\]\.contract: "XO 202612 P 120" is not a contract of the set \(option series: XO 202612 P 100\)/);
    assert.match(reasonOf(load([{ symbol: PUT.symbol, contract: 'YY 202612 P 100' }])), /no option series of product YY/);
    const wrongRight = load([{ symbol: CALL.symbol, contract: SERIES }]);
    assert.equal(codeOf(wrongRight), 'span_parameters_invalid');
    assert.match(reasonOf(wrongRight), /symbols\[0\]\.contract: "XO 202612 P 100" is a put series; ZC-DEC26-C100 is a call/);
    assert.match(reasonOf(load([{ symbol: PUT.symbol, contract: 'ZC 202612' }])), /symbols\[0\]\.contract: "ZC 202612" is a futures contract; ZC-DEC26-P100 is an option/);
    assert.match(reasonOf(load([{ symbol: 'ZC-DEC26', contract: SERIES }])), /symbols\[0\]\.contract: "XO 202612 P 100" is an option series; ZC-DEC26 is a future/);
    assert.deepEqual([...(h.state.span?.sets.keys() ?? [])], ['tst', 'opt']);
  });

  it('a SPAN account refuses an option its set does not map, and a set that drops a held option is in use', () => {
    const h = optionMarket(['alice'], '10000');
    const refused = h.run(fill('alice', CALL.symbol, 'buy', '1', '30'));
    assert.equal(codeOf(refused), 'portfolio_model_cannot_hold');
    assert.match(reasonOf(refused), /maps no contract to ZC-DEC26-C100/);
    assert.equal(codeOf(h.run(fill('alice', PUT.symbol, 'sell', '2', '30'))), null);
    const inUse = h.run({ type: 'spanParameters', set: 'tst', format: 'pa2', content: SPAN_PA2, symbols: SPAN_SYMBOLS });
    assert.equal(codeOf(inUse), 'span_parameters_in_use');
    assert.match(reasonOf(inUse), /account alice: .*maps no contract to ZC-DEC26-P100/);
  });
});

describe('switching and replacing with options held', () => {
  it('an account holding puts goes on SPAN (refused while the set does not map them); a replaced set re-margins an options-only account', () => {
    const h = spanMarket(['carl'], '100000', SPAN_PA2, 'pa2', { profile: 'deribit' });
    h.run({ type: 'instrument', instrument: PUT });
    h.run({ type: 'price', symbol: PUT.symbol, markPrice: '30', time: at(1) });
    h.run(fill('carl', PUT.symbol, 'sell', '10', '30'));
    const unmapped = h.run({ type: 'setPortfolioMargin', account: 'carl', model: 'span', parameterSet: 'tst' });
    assert.equal(codeOf(unmapped), 'portfolio_model_cannot_hold');
    assert.match(reasonOf(unmapped), /maps no contract to ZC-DEC26-P100/);
    h.run({ type: 'spanParameters', set: 'tst', format: 'pa2', content: SPAN_PA2, symbols: WITH_PUT });
    assert.equal(h.one({ type: 'setPortfolioMargin', account: 'carl', model: 'span', parameterSet: 'tst' }).type, 'portfolioMarginSet');
    assert.equal(accountRiskJson(h.state, 'carl', 'USD')?.account.maintenanceMargin, '4000');
    // Ratio 2: 20 SPAN puts; the event names carl and the review runs on the options' settle asset.
    const replaced = h.run({ type: 'spanParameters', set: 'tst', format: 'spn', content: SPAN_SPN, symbols: [...SPAN_SYMBOLS, { symbol: PUT.symbol, contract: SERIES, ratio: '2' }] });
    assert.deepEqual(replaced[0]?.['accounts'], ['carl']);
    const expected = coreSpan(h, [{ contract: SERIES, quantity: -20 }]);
    assert.equal(accountRiskJson(h.state, 'carl', 'USD')?.account.maintenanceMargin, formatFixed(expected.maintenance + expected.netOptionValue));
  });
});

describe('the SPAN requirement with options', () => {
  for (const [format, content] of [['pa2', SPAN_PA2], ['spn', SPAN_SPN]] as const) {
    it(`short puts with long futures (${format}): core's SPAN figure plus the net option value, the option row in the breakdown, explain sums`, () => {
      const h = optionMarket(['alice'], '100000', '30', content, format);
      h.run(fill('alice', 'ZC-DEC26', 'buy', '1', '1000'));
      h.run(fill('alice', PUT.symbol, 'sell', '10', '30'));
      const expected = coreSpan(h, [{ contract: 'ZC 202612', quantity: 1 }, { contract: SERIES, quantity: -10 }]);
      assert.ok(expected.shortOptionValue > 0n && expected.netOptionValue < 0n);
      const json = riskJsonSchema.parse(accountRiskJson(h.state, 'alice', 'USD'));
      // Equity counts the short puts at the engine's marks (-10 x 30); the requirement adds NOV back.
      assert.equal(json.account.maintenanceMargin, formatFixed(expected.maintenance + expected.netOptionValue));
      assert.equal(json.account.initialMargin, formatFixed(expected.initial + expected.netOptionValue));
      const span = json.portfolio?.span;
      assert.ok(span !== undefined);
      assert.equal(span.report.maintenance, formatFixed(expected.maintenance));
      assert.deepEqual(span.positions.map((p) => [p.id, p.symbol, p.contract, p.quantity]), [['ZC-DEC26', 'ZC-DEC26', 'ZC 202612', '1'], [PUT.symbol, PUT.symbol, SERIES, '-10']]);
      const option = span.report.combinedCommodities.find((cc) => cc.scenarios.some((sc) => sc.byPosition.some((p) => p.contract === SERIES)));
      assert.ok(option !== undefined, 'the option series has its combined commodity with per-position scenario losses');
      const sum = (lines: readonly { amount: string }[]) => lines.reduce((s, l) => s + parseFixed(l.amount), 0n);
      assert.equal(sum(json.portfolio?.explain.maintenance ?? []), parseFixed(json.account.maintenanceMargin));
      assert.equal(sum(json.portfolio?.explain.initial ?? []), parseFixed(json.account.initialMargin));
      assert.ok(json.portfolio?.explain.maintenance.some((l) => l.kind === 'option-value-in-equity'));
    });
  }

  it('long puts only: the requirement is their value at the file prices, met by the option value in equity', () => {
    const h = optionMarket(['alice'], '1000');
    h.run(fill('alice', PUT.symbol, 'buy', '2', '30'));
    const expected = coreSpan(h, [{ contract: SERIES, quantity: 2 }]);
    const json = riskJsonSchema.parse(accountRiskJson(h.state, 'alice', 'USD'));
    assert.equal(json.account.maintenanceMargin, formatFixed(expected.maintenance + expected.netOptionValue));
    assert.ok(parseFixed(json.account.maintenanceMargin) >= expected.longOptionValue);
  });

  it('buying puts: the premium is paid from cash and the free margin is cash less core\'s initial (the option value is not excluded twice)', () => {
    const h = optionMarket(['alice'], '4000');
    h.run(fill('alice', 'ZC-DEC26', 'buy', '1', '1000'));
    const bought = h.run(fill('alice', PUT.symbol, 'buy', '50', '30'));
    assert.equal(codeOf(bought), null, reasonOf(bought));
    const expected = coreSpan(h, [{ contract: 'ZC 202612', quantity: 1 }, { contract: SERIES, quantity: 50 }]);
    const json = riskJsonSchema.parse(accountRiskJson(h.state, 'alice', 'USD'));
    // CME: cash >= SPAN risk - NOV; here cash = the wallet (no futures P&L at the fill price).
    assert.equal(parseFixed(json.account.availableBalance), parseFixed(json.account.walletBalance) - expected.initial);
  });

  it('a venue that keeps option value out of equity (bybit-linear): the requirement is core\'s figure after NOV as is', () => {
    const h = optionMarket(['alice'], '100000', '30', SPAN_PA2, 'pa2', 'bybit-linear');
    h.run(fill('alice', PUT.symbol, 'sell', '10', '30'));
    const expected = coreSpan(h, [{ contract: SERIES, quantity: -10 }]);
    const json = riskJsonSchema.parse(accountRiskJson(h.state, 'alice', 'USD'));
    assert.equal(json.account.maintenanceMargin, formatFixed(expected.maintenance));
    assert.equal(json.portfolio?.explain.maintenance.some((l) => l.kind === 'option-value-in-equity'), false);
  });

  it('snapshot round trip with options keeps the state hash and the requirement; preview leaves the state alone', () => {
    const h = optionMarket(['alice'], '100000');
    h.run(fill('alice', PUT.symbol, 'sell', '3', '30'));
    const text = snapshotState(h.state);
    const restored = restoreState(text);
    assert.equal(stateHash(restored), stateHash(h.state));
    assert.equal(accountRiskJson(restored, 'alice', 'USD')?.account.maintenanceMargin, accountRiskJson(h.state, 'alice', 'USD')?.account.maintenanceMargin);
    const seen = preview(h.state, parseCommand({ ...fill('alice', PUT.symbol, 'sell', '1', '30'), id: 'p1' }), { accounts: ['alice'] });
    assert.equal(snapshotState(h.state), text);
    assert.ok(JSON.stringify(seen).includes('maintenanceMargin'));
  });
});

describe('SPAN liquidation with options', () => {
  it('a SPAN account with short puts is liquidated exactly when equity (puts at the engine marks) falls below its SPAN maintenance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4_500, max: 6_000 }), fc.integer({ min: 3_000, max: 20_000 }), (deposit, markCents) => {
        const h = optionMarket(['alice'], String(deposit));
        assert.equal(codeOf(h.run(fill('alice', PUT.symbol, 'sell', '10', '30'))), null);
        const before = riskJsonSchema.parse(accountRiskJson(h.state, 'alice', 'USD'));
        const maintenanceCents = parseFixed(before.account.maintenanceMargin) / 10n ** 16n;
        // Equity moves by -10 x (mark - 30) in cents; the SPAN maintenance stays the file's.
        const equityCents = parseFixed(before.account.equity) / 10n ** 16n - 10n * BigInt(markCents - 3_000);
        const events = h.run({ type: 'price', symbol: PUT.symbol, markPrice: (markCents / 100).toFixed(2), time: at(3) });
        const started = events.some((e) => e.type === 'liquidationStarted');
        assert.equal(started, equityCents < maintenanceCents, `deposit ${deposit}, mark ${markCents / 100}: equity ${equityCents} maintenance ${maintenanceCents} (cents)`);
        if (started) assert.ok(events.some((e) => e.type === 'liquidationFill' && e['symbol'] === PUT.symbol), 'the short puts are bought back');
      }),
      { numRuns: 60, seed: 41 },
    );
  });

  it('ranks the futures closes by the SPAN maintenance with the options in it, as computeSpan orders them', () => {
    const h = optionMarket(['alice'], '100000');
    h.run(fill('alice', 'ZC-DEC26', 'buy', '2', '1000'));
    h.run(fill('alice', 'ZS-NOV26', 'sell', '3', '1000'));
    h.run(fill('alice', PUT.symbol, 'sell', '10', '30'));
    const account = h.state.accounts.get('alice');
    const set = h.state.span?.sets.get('tst');
    assert.ok(account !== undefined && set !== undefined);
    const members = [...account.positions.values()].map((position) => ({ position }));
    const target = portfolioCloseTarget(h.state, { account, positionKey: null }, members);
    // Closing one future leaves the other with the puts: the smaller SPAN maintenance wins.
    const left = (contract: string, quantity: number) => computeSpan(set.params, { accountClass: 'speculator', positions: [{ contract, quantity }, { contract: SERIES, quantity: -10 }] }).maintenance;
    const expected = left('ZS 202611', -3) < left('ZC 202612', 2) ? 'ZC-DEC26' : 'ZS-NOV26';
    assert.equal(target?.position.symbol, expected);
  });

  it('with long puts the liquidation sees the same equity as the trigger (options at their marks) and stops once restored', () => {
    const h = optionMarket(['alice'], '7000');
    h.run(fill('alice', 'ZC-DEC26', 'buy', '1', '1000'));
    h.run(fill('alice', 'ZS-NOV26', 'buy', '1', '1000'));
    assert.equal(codeOf(h.run(fill('alice', PUT.symbol, 'buy', '50', '30'))), null);
    const events = h.run({ type: 'prices', time: at(3), prices: [{ symbol: 'ZC-DEC26', markPrice: '200' }, { symbol: 'ZS-NOV26', markPrice: '200' }] });
    const call = events.find((e) => e.type === 'marginCall');
    const started = events.find((e) => e.type === 'liquidationStarted');
    assert.ok(call !== undefined && started !== undefined, JSON.stringify(events.map((e) => e.type)));
    assert.equal(started['equity'], call['equity']);
    // One close restores the account: the long puts' value is equity, not a reason to close the other future.
    assert.equal(events.filter((e) => e.type === 'liquidationFill').length, 1);
    assert.equal(events.find((e) => e.type === 'liquidationEnded')?.['outcome'], 'restored');
  });
});

describe('options expiring in a SPAN account', () => {
  it('settlement pays the intrinsic value between the holders with money conserved, and the requirement drops the series', () => {
    const h = optionMarket(['alice', 'bob'], '100000');
    h.run(fill('alice', PUT.symbol, 'sell', '10', '30'));
    h.run(fill('bob', PUT.symbol, 'buy', '10', '30'));
    h.run(fill('alice', 'ZC-DEC26', 'buy', '1', '1000'));
    const walletOf = (account: string) => parseFixed(riskJsonSchema.parse(accountRiskJson(h.state, account, 'USD')).account.walletBalance);
    const before = { alice: walletOf('alice'), bob: walletOf('bob') };
    // Settled at 60: each put pays 100 - 60 = 40 per contract, 400 in all (the Harness checks the ledger after every command).
    const settled = h.run({ type: 'settleExpiry', symbol: PUT.symbol, price: '60', time: EXPIRY });
    assert.ok(settled.some((e) => e.type === 'expirySettled'), JSON.stringify(settled));
    assert.equal(walletOf('alice'), before.alice - parseFixed('400'));
    assert.equal(walletOf('bob'), before.bob + parseFixed('400'));
    const json = riskJsonSchema.parse(accountRiskJson(h.state, 'alice', 'USD'));
    assert.deepEqual(json.portfolio?.span?.positions.map((p) => p.contract), ['ZC 202612']);
    const futuresOnly = coreSpan(h, [{ contract: 'ZC 202612', quantity: 1 }]);
    assert.equal(json.account.maintenanceMargin, formatFixed(futuresOnly.maintenance));
    assert.equal(accountRiskJson(h.state, 'bob', 'USD')?.account.maintenanceMargin, '0');
  });
});
