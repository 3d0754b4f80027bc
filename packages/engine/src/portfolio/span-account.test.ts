/**
 * SPAN accounts in the engine (ADR 0035, docs/portfolio-margin.md "SPAN accounts in the engine"):
 * loading a parameter set (refusals name the line and field, nothing is applied), the explicit
 * symbol map, setPortfolioMargin with `span`, the requirement of the CME corn/soy inter-spread
 * example (https://www.cmegroup.com/clearing/margins/spread-calc.html : 2,700 maintenance,
 * 2,970 speculator initial) in pre-trade checks, withdrawals, the risk report and preview, a
 * replaced set (event, review), snapshot round trip, and liquidation exactly where equity crosses
 * the SPAN maintenance.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { at } from '@margin/testkit';
import { riskJsonSchema } from '@margin/wire';
import { SPAN_PA2, SPAN_SPN, SPAN_SYMBOLS as SYMBOLS, spanMarket } from '../testing/span-market.js';
import type { EngineEvent } from '../apply/apply-command.js';
import { accountRiskJson } from '../report/account-risk.js';
import { preview } from '../preview/preview.js';
import { parseCommand } from '../commands/parse-command.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';

const codeOf = (events: EngineEvent[]): string | null => {
  const rejected = events.find((e) => e.type === 'rejected');
  return rejected === undefined ? null : String(rejected['code']);
};
const reasonOf = (events: EngineEvent[]): string => String(events.find((e) => e.type === 'rejected')?.['reason']);

const spanFill = (account: string, symbol: string, side: 'buy' | 'sell', size: string, price = '1000') => ({ type: 'fill', account, symbol, side, size, price, fee: '0', time: at(1) });

describe('spanParameters', () => {
  it('loads a PA2 or XML set with an explicit symbol map; bad content is refused with line and field, nothing applied', () => {
    const h = spanMarket([], '1');
    const loaded = h.run({ type: 'spanParameters', set: 'xml', format: 'spn', content: SPAN_SPN, symbols: SYMBOLS });
    assert.equal(loaded[0]?.type, 'spanParametersLoaded');
    assert.equal(loaded[0]?.['exchangeComplex'], 'TEST');
    assert.equal(loaded[0]?.['replaced'], false);
    assert.match(String(loaded[0]?.['digest']), /^[0-9a-f]{64}$/);
    const lines = SPAN_PA2.split('\n');
    const bad = [...lines.slice(0, 25), lines[25]?.slice(0, 60) + 'x0000+' + lines[25]?.slice(66), ...lines.slice(26)].join('\n');
    const refused = h.run({ type: 'spanParameters', set: 'bad', format: 'pa2', content: bad, symbols: SYMBOLS });
    assert.equal(codeOf(refused), 'span_parameters_invalid');
    assert.match(reasonOf(refused), /line 26\.scenario2: columns 61-66/);
    assert.equal(h.state.span?.sets.has('bad'), false);
    const unknown = h.run({ type: 'spanParameters', set: 'bad', format: 'pa2', content: SPAN_PA2, symbols: [{ symbol: 'ZC-DEC26', contract: 'ZC 202701' }] });
    assert.equal(codeOf(unknown), 'span_parameters_invalid');
    assert.match(reasonOf(unknown), /symbols\[0\]\.contract: "ZC 202701" is not a contract of the set/);
    const option = h.run({ type: 'spanParameters', set: 'bad', format: 'pa2', content: SPAN_PA2, symbols: [{ symbol: 'ZC-DEC26', contract: 'XO 202612 P 100' }] });
    assert.match(reasonOf(option), /is an option/);
    assert.equal(codeOf(h.run({ type: 'spanParameters', set: 'bad', format: 'spn', content: SPAN_PA2, symbols: SYMBOLS })), 'span_parameters_invalid');
    assert.deepEqual([...(h.state.span?.sets.keys() ?? [])], ['tst', 'xml']);
  });
});

describe('setPortfolioMargin span', () => {
  it('needs a loaded set; refuses unmapped symbols; margins the corn/soy spread at 2,700 / 2,970 (CME spread-calc example)', () => {
    const h = spanMarket(['alice', 'bob'], '3000');
    assert.equal(codeOf(h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'span' })), 'span_parameters_unknown');
    assert.equal(codeOf(h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'span', parameterSet: 'nope' })), 'span_parameters_unknown');
    assert.equal(codeOf(h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'okx-pm', parameterSet: 'tst' })), 'span_parameters_unknown');
    h.run(spanFill('bob', 'OTHER', 'buy', '1'));
    const cannot = h.run({ type: 'setPortfolioMargin', account: 'bob', model: 'span', parameterSet: 'tst' });
    assert.equal(codeOf(cannot), 'portfolio_model_cannot_hold');
    assert.match(reasonOf(cannot), /maps no contract to OTHER/);
    const set = h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'span', parameterSet: 'tst' });
    assert.deepEqual(set.map((e) => [e.type, e['model'], e['parameterSet'], e['accountClass']]), [['portfolioMarginSet', 'span', 'tst', 'speculator']]);
    assert.equal(codeOf(h.run(spanFill('alice', 'OTHER', 'buy', '1'))), 'portfolio_model_cannot_hold');
    h.run(spanFill('alice', 'ZS-NOV26', 'sell', '1'));
    h.run(spanFill('alice', 'ZC-DEC26', 'buy', '2'));
    const raw = accountRiskJson(h.state, 'alice', 'USD');
    assert.ok(raw !== null);
    const json = riskJsonSchema.parse(raw);
    assert.equal(json.account.maintenanceMargin, '2700');
    assert.equal(json.account.initialMargin, '2970');
    const span = json.portfolio?.span;
    assert.ok(span !== undefined);
    assert.equal(span.report.maintenance, '2700');
    assert.equal(span.report.combinedCommodities.length, 2);
    assert.equal(span.report.combinedCommodities[0]?.scenarios.length, 16);
    assert.deepEqual(span.positions.map((p) => [p.symbol, p.contract, p.quantity]), [['ZC-DEC26', 'ZC 202612', '2'], ['ZS-NOV26', 'ZS 202611', '-1']]);
    const sum = (lines: readonly { amount: string }[]) => lines.reduce((s, l) => s + Number(l.amount), 0);
    assert.equal(sum(json.portfolio?.explain.maintenance ?? []), 2700);
    assert.equal(sum(json.portfolio?.explain.initial ?? []), 2970);
    // Withdrawals and fills are checked against the SPAN initial requirement (free = 3000 - 2970 = 30).
    assert.equal(codeOf(h.run({ type: 'withdraw', account: 'alice', asset: 'USD', amount: '31' })), 'available_balance_insufficient');
    assert.deepEqual(h.run({ type: 'withdraw', account: 'alice', asset: 'USD', amount: '30' }).map((e) => e.type), ['withdrawn']);
    assert.equal(codeOf(h.run(spanFill('alice', 'ZC-DEC26', 'buy', '1'))), 'initial_margin_insufficient');
    // Preview of a fill reports the SPAN figures of the what-if; the state is untouched.
    const before = snapshotState(h.state);
    const seen = preview(h.state, parseCommand({ ...spanFill('alice', 'ZS-NOV26', 'buy', '1'), id: 'p1' }), { accounts: ['alice'] });
    assert.equal(snapshotState(h.state), before);
    assert.ok(JSON.stringify(seen).includes('maintenanceMargin'));
    // Off: back to tiers, the span book forgets the account.
    h.run({ type: 'deposit', account: 'alice', asset: 'USD', amount: '100000' });
    assert.equal(h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'off' })[0]?.type, 'portfolioMarginSet');
    assert.equal(h.state.span?.accounts.has('alice'), false);
  });

  it('a replaced set emits its event with the accounts on it and reviews them; a set that cannot hold their symbols is refused', () => {
    const h = spanMarket(['alice'], '3000');
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'span', parameterSet: 'tst', accountClass: 'member' });
    h.run(spanFill('alice', 'ZS-NOV26', 'sell', '1'));
    h.run(spanFill('alice', 'ZC-DEC26', 'buy', '2'));
    assert.equal(accountRiskJson(h.state, 'alice', 'USD')?.account.initialMargin, '2700');
    const inUse = h.run({ type: 'spanParameters', set: 'tst', format: 'pa2', content: SPAN_PA2, symbols: [SYMBOLS[0]] });
    assert.equal(codeOf(inUse), 'span_parameters_in_use');
    assert.match(reasonOf(inUse), /account alice: .*ZS-NOV26/);
    // ZC doubled (ratio 2): the requirement changes, with an event naming the account; the review runs at once.
    h.run({ type: 'deposit', account: 'alice', asset: 'USD', amount: '100000' });
    const swapped = h.run({ type: 'spanParameters', set: 'tst', format: 'spn', content: SPAN_SPN, symbols: [{ symbol: 'ZC-DEC26', contract: 'ZC 202612', ratio: '2' }, SYMBOLS[1]] });
    assert.deepEqual(swapped.map((e) => e.type), ['spanParametersLoaded']);
    assert.equal(swapped[0]?.['replaced'], true);
    assert.deepEqual(swapped[0]?.['accounts'], ['alice']);
    assert.deepEqual(swapped[0]?.['symbols'], [{ symbol: 'ZC-DEC26', contract: 'ZC 202612', ratio: '2' }, { symbol: 'ZS-NOV26', contract: 'ZS 202611', ratio: '1' }]);
    const after = riskJsonSchema.parse(accountRiskJson(h.state, 'alice', 'USD'));
    assert.deepEqual(after.portfolio?.span?.positions.map((p) => p.quantity), ['4', '-1']);
    assert.ok(Number(after.account.maintenanceMargin) > 2700);
    // Equity below the new maintenance: the replacement's review liquidates at once.
    assert.equal(h.run({ type: 'withdraw', account: 'alice', asset: 'USD', amount: after.account.availableBalance })[0]?.type, 'withdrawn');
    const tighter = h.run({ type: 'spanParameters', set: 'tst', format: 'pa2', content: SPAN_PA2, symbols: [{ symbol: 'ZC-DEC26', contract: 'ZC 202612', ratio: '10' }, SYMBOLS[1]] });
    assert.equal(tighter[0]?.type, 'spanParametersLoaded');
    assert.ok(tighter.some((e) => e.type === 'liquidationStarted'));
  });

  it('snapshot round trip keeps the set, the account and the state hash; a snapshot naming span without a set is refused', () => {
    const h = spanMarket(['alice'], '3000');
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'span', parameterSet: 'tst' });
    h.run(spanFill('alice', 'ZS-NOV26', 'sell', '1'));
    h.run(spanFill('alice', 'ZC-DEC26', 'buy', '2'));
    const text = snapshotState(h.state);
    const restored = restoreState(text);
    assert.equal(snapshotState(restored), text);
    assert.equal(stateHash(restored), stateHash(h.state));
    assert.equal(accountRiskJson(restored, 'alice', 'USD')?.account.maintenanceMargin, '2700');
    const json = JSON.parse(text) as { span: { accounts: unknown[] } };
    json.span.accounts = [];
    assert.throws(() => restoreState(JSON.stringify(json)), /is "span" but the snapshot names no parameter set/);
  });
});

describe('SPAN margin calls', () => {
  it('a price that lifts maintenance / equity to a call level raises the margin call against the SPAN maintenance', () => {
    const h = spanMarket(['alice'], '4000');
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'span', parameterSet: 'tst' });
    h.run(spanFill('alice', 'ZS-NOV26', 'sell', '1'));
    h.run(spanFill('alice', 'ZC-DEC26', 'buy', '2'));
    // 2,700 / 4,000 = 0.675: no level. ZC at 850: equity 3,700, ratio 0.73: none; at 650: 3,300, ratio 0.818: warning (0.8).
    assert.deepEqual(h.run({ type: 'price', symbol: 'ZC-DEC26', markPrice: '850', time: at(2) }).map((e) => e.type), ['priceUpdated']);
    const warned = h.run({ type: 'price', symbol: 'ZC-DEC26', markPrice: '650', time: at(3) });
    const call = warned.find((e) => e.type === 'marginCall');
    assert.ok(call !== undefined, JSON.stringify(warned));
    assert.deepEqual([call['level'], call['maintenanceMargin'], call['equity']], ['warning', '2700', '3300']);
    assert.equal(warned.some((e) => e.type === 'liquidationStarted'), false);
  });
});

describe('SPAN liquidation', () => {
  it('closes first the position whose close lowers the SPAN maintenance most', () => {
    // ZC +4 and ZS -3: maintenance with both (computeSpan on the test set) is above either alone;
    // ZC alone needs 7,000, ZS alone 7,500, so closing ZS (the smaller notional) lowers it most.
    const h = spanMarket(['alice'], '9000');
    h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'span', parameterSet: 'tst' });
    h.run(spanFill('alice', 'ZC-DEC26', 'buy', '4'));
    h.run(spanFill('alice', 'ZS-NOV26', 'sell', '3'));
    const mm = Number(riskJsonSchema.parse(accountRiskJson(h.state, 'alice', 'USD')).account.maintenanceMargin);
    assert.ok(mm > 7500 && mm < 9000, `maintenance ${mm}`);
    const events = h.run({ type: 'price', symbol: 'ZC-DEC26', markPrice: '600', time: at(2) });
    const closes = events.filter((e) => e.type === 'liquidationFill').map((e) => e['symbol']);
    assert.ok(events.some((e) => e.type === 'liquidationStarted'));
    assert.equal(closes[0], 'ZS-NOV26', JSON.stringify(events.map((e) => e.type)));
  });

  it('a SPAN account is liquidated exactly when equity falls below its SPAN maintenance (2,700)', () => {
    // Equity = 3000 + 2 x (ZC mark - 1000) - (ZS mark - 1000); the SPAN maintenance does not move with marks.
    fc.assert(
      fc.property(fc.integer({ min: 80_000, max: 95_000 }), fc.integer({ min: 95_000, max: 105_000 }), (zcCents, zsCents) => {
        const h = spanMarket(['alice'], '3000');
        h.run({ type: 'setPortfolioMargin', account: 'alice', model: 'span', parameterSet: 'tst' });
        h.run(spanFill('alice', 'ZS-NOV26', 'sell', '1'));
        h.run(spanFill('alice', 'ZC-DEC26', 'buy', '2'));
        const zs = zsCents / 100;
        const zc = zcCents / 100;
        const events = h.run({ type: 'prices', time: at(2), prices: [{ symbol: 'ZS-NOV26', markPrice: zs.toFixed(2) }, { symbol: 'ZC-DEC26', markPrice: zc.toFixed(2) }] });
        const equityCents = 300_000 + 2 * (zcCents - 100_000) - (zsCents - 100_000);
        const liquidated = events.some((e) => e.type === 'liquidationStarted');
        assert.equal(liquidated, equityCents < 270_000, `ZC ${zc} ZS ${zs}: equity ${equityCents / 100}`);
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
