/**
 * The engine's SPAN requirement equals `margin span --json` on the same positions (ADR 0035): an
 * engine account in SPAN margin on the repository's test parameter set (PA2 and XML), random
 * positions in the mapped futures (ratios 1 and 2.5), and the CLI's `runSpan` on a portfolio
 * naming the same contracts with quantity = engine size x ratio. Money figures equal exactly,
 * the breakdown's report equals the CLI's report field by field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { formatFixed, parseFixed } from '@margin/core';
import { accountRiskJson, applyCommand, createEngineState, parseCommand } from '@margin/engine';
import { SPAN_USD_FUTURE, at } from '@margin/testkit';
import { runSpan } from './span.js';

const VECTORS = new URL('../../../../vectors/portfolio/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, VECTORS), 'utf8');
const FILES = [
  { format: 'pa2', content: read('span-test.pa2') },
  { format: 'spn', content: read('span-test.spn') },
] as const;
const MAP = [
  { symbol: 'ZC-DEC26', contract: 'ZC 202612', ratio: '1' },
  { symbol: 'ZS-NOV26', contract: 'ZS 202611', ratio: '2.5' },
  { symbol: 'C1-MAR26', contract: 'C1 202603', ratio: '1' },
  { symbol: 'C1-APR26', contract: 'C1 202604', ratio: '1' },
];

test('the engine SPAN requirement and breakdown equal margin span --json on the same contracts and quantities', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...FILES),
      fc.constantFrom('member', 'hedger', 'speculator'),
      fc.array(fc.integer({ min: -4, max: 4 }), { minLength: MAP.length, maxLength: MAP.length }),
      (file, accountClass, sizes) => {
        const state = createEngineState({});
        let seq = 0;
        const run = (json: Record<string, unknown>) => {
          const { events } = applyCommand(state, parseCommand({ id: `c${++seq}`, ...json }), { seq });
          const rejected = events.find((e) => e.type === 'rejected');
          assert.equal(rejected, undefined, JSON.stringify(rejected));
        };
        run({ type: 'asset', asset: 'USD', decimals: 2 });
        for (const { symbol } of MAP) {
          run({ type: 'instrument', instrument: { ...SPAN_USD_FUTURE, symbol } });
          run({ type: 'price', symbol, markPrice: '1000', time: at(0) });
        }
        run({ type: 'spanParameters', set: 'tst', format: file.format, content: file.content, symbols: MAP });
        run({ type: 'deposit', account: 'alice', asset: 'USD', amount: '10000000' });
        run({ type: 'setPortfolioMargin', account: 'alice', model: 'span', parameterSet: 'tst', accountClass });
        const positions: { symbol: string; contract: string; quantity: string }[] = [];
        MAP.forEach((m, i) => {
          const size = sizes[i] ?? 0;
          if (size === 0) return;
          run({ type: 'fill', account: 'alice', symbol: m.symbol, side: size > 0 ? 'buy' : 'sell', size: String(Math.abs(size)), price: '1000', fee: '0', time: at(1) });
          positions.push({ symbol: m.symbol, contract: m.contract, quantity: formatFixed((parseFixed(String(size)) * parseFixed(m.ratio)) / 10n ** 18n) });
        });
        const risk = accountRiskJson(state, 'alice', 'USD') as unknown as { account: { maintenanceMargin: string; initialMargin: string }; portfolio?: { span?: { report: unknown } } };
        if (positions.length === 0) {
          assert.equal(risk.account.maintenanceMargin, '0');
          return;
        }
        // The engine lists positions by key (the symbol here); the CLI's report follows its input order.
        positions.sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
        const portfolio = { accountClass, positions: positions.map(({ contract, quantity }) => ({ contract, quantity })) };
        const cli = JSON.parse(runSpan(file.content, JSON.stringify(portfolio), { json: true }).stdout) as { maintenance: string; initial: string };
        assert.equal(risk.account.maintenanceMargin, cli.maintenance);
        assert.equal(risk.account.initialMargin, cli.initial);
        assert.deepEqual(risk.portfolio?.span?.report, cli);
      },
    ),
    { numRuns: 40, seed: 35 },
  );
});

/**
 * Options in SPAN accounts (ADR 0041): an engine put mapped to the file's series `XO 202612 P 100`
 * beside the futures; the breakdown's report equals `margin span --json` on the same contracts and
 * quantities (futures by symbol, then the option), and the engine's requirement is the CLI's plus
 * its net option value (the option value the engine's equity counts at its marks).
 */
test('with options: the engine SPAN report equals margin span --json; the requirement adds back the net option value', () => {
  const PUT = { symbol: 'ZC-DEC26-P100', kind: 'linear-option', right: 'put', underlying: 'ZC-DEC26', base: 'ZC', settle: 'USD', contractSize: '1', strike: '100', expiry: '2026-12-11T18:00:00.000Z', tickSize: '0.01', lotSize: '1' };
  const SERIES = 'XO 202612 P 100';
  fc.assert(
    fc.property(
      fc.constantFrom(...FILES),
      fc.constantFrom('member', 'hedger', 'speculator'),
      fc.array(fc.integer({ min: -4, max: 4 }), { minLength: MAP.length, maxLength: MAP.length }),
      fc.integer({ min: -20, max: 20 }).filter((n) => n !== 0),
      fc.constantFrom('1', '2.5'),
      (file, accountClass, sizes, optionSize, optionRatio) => {
        const state = createEngineState({ profile: 'deribit' });
        let seq = 0;
        const run = (json: Record<string, unknown>) => {
          const { events } = applyCommand(state, parseCommand({ id: `c${++seq}`, ...json }), { seq });
          const rejected = events.find((e) => e.type === 'rejected');
          assert.equal(rejected, undefined, JSON.stringify(rejected));
        };
        run({ type: 'asset', asset: 'USD', decimals: 2 });
        for (const { symbol } of MAP) {
          run({ type: 'instrument', instrument: { ...SPAN_USD_FUTURE, symbol } });
          run({ type: 'price', symbol, markPrice: '1000', time: at(0) });
        }
        run({ type: 'instrument', instrument: PUT });
        run({ type: 'price', symbol: PUT.symbol, markPrice: '30', time: at(0) });
        run({ type: 'spanParameters', set: 'tst', format: file.format, content: file.content, symbols: [...MAP, { symbol: PUT.symbol, contract: SERIES, ratio: optionRatio }] });
        run({ type: 'deposit', account: 'alice', asset: 'USD', amount: '10000000' });
        run({ type: 'setPortfolioMargin', account: 'alice', model: 'span', parameterSet: 'tst', accountClass });
        const positions: { symbol: string; contract: string; quantity: string }[] = [];
        MAP.forEach((m, i) => {
          const size = sizes[i] ?? 0;
          if (size === 0) return;
          run({ type: 'fill', account: 'alice', symbol: m.symbol, side: size > 0 ? 'buy' : 'sell', size: String(Math.abs(size)), price: '1000', fee: '0', time: at(1) });
          positions.push({ symbol: m.symbol, contract: m.contract, quantity: formatFixed((parseFixed(String(size)) * parseFixed(m.ratio)) / 10n ** 18n) });
        });
        run({ type: 'fill', account: 'alice', symbol: PUT.symbol, side: optionSize > 0 ? 'buy' : 'sell', size: String(Math.abs(optionSize)), price: '30', time: at(1) });
        positions.sort((a, b) => (a.symbol < b.symbol ? -1 : 1));
        positions.push({ symbol: PUT.symbol, contract: SERIES, quantity: formatFixed((parseFixed(String(optionSize)) * parseFixed(optionRatio)) / 10n ** 18n) });
        const risk = accountRiskJson(state, 'alice', 'USD') as unknown as { account: { maintenanceMargin: string; initialMargin: string }; portfolio?: { span?: { report: unknown } } };
        const portfolio = { accountClass, positions: positions.map(({ contract, quantity }) => ({ contract, quantity })) };
        const cli = JSON.parse(runSpan(file.content, JSON.stringify(portfolio), { json: true }).stdout) as { maintenance: string; initial: string; netOptionValue: string };
        assert.deepEqual(risk.portfolio?.span?.report, cli);
        const nov = parseFixed(cli.netOptionValue);
        assert.equal(risk.account.maintenanceMargin, formatFixed(parseFixed(cli.maintenance) + nov));
        assert.equal(risk.account.initialMargin, formatFixed(parseFixed(cli.initial) + nov));
      },
    ),
    { numRuns: 40, seed: 41 },
  );
});
