import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DERIBIT_BTC_PERPETUAL } from '@margin/testkit';
import { parseFixed as d } from '../num/decimal.js';
import { parseRiskInput } from '../input/risk-input.js';
import { computeStandardAccount } from './account.js';
import { maintenanceFilter, standardMarginBatch, subBook } from './batch.js';
import { venue } from '../venues/registry.js';

const STRIKES = ['40000', '45000', '50000', '55000', '60000'];

test('property: the batch kernel gives the same exact IM and MM as computeStandardAccount (Deribit, inverse options and a perpetual)', () => {
  const rules = venue('deribit').standardOptions;
  const formula = rules?.options.find((s) => s.id === 'deribit-inverse')?.formula;
  const futures = rules?.sizeBasedFutures.find((s) => s.id === 'deribit-futures');
  assert.ok(formula !== undefined && futures !== undefined);
  fc.assert(
    fc.property(
      fc.array(fc.record({ series: fc.integer({ min: 0, max: 9 }), size: fc.integer({ min: -50, max: 50 }).filter((n) => n !== 0) }), { minLength: 1, maxLength: 10 }),
      fc.integer({ min: -200000, max: 200000 }).filter((n) => n !== 0),
      (legs, perpetual) => {
        // One position per series (one-way): merge the legs.
        const bySeries = new Map<number, number>();
        for (const leg of legs) bySeries.set(leg.series, (bySeries.get(leg.series) ?? 0) + leg.size);
        const held = [...bySeries.entries()].filter(([, size]) => size !== 0);
        const marks = ['0.21', '0.12', '0.05', '0.02', '0.006', '0.004', '0.015', '0.05', '0.11', '0.21'];
        const options = marks.map((mark, i) => ({
          symbol: `S${i}`,
          kind: 'inverse-option',
          right: i < 5 ? 'call' : 'put',
          underlying: 'BTC-PERPETUAL',
          settle: 'BTC',
          contractSize: '1',
          strike: STRIKES[i % 5],
          expiry: '2026-02-27T08:00:00Z',
          tickSize: '0.0001',
          markPrice: mark,
        }));
        const parsed = parseRiskInput({
          profile: 'deribit',
          time: '2026-01-01T08:00:00Z',
          account: { balance: '10' },
          instruments: [{ ...DERIBIT_BTC_PERPETUAL, markPrice: '50000' }],
          options,
          positions: [
            { symbol: 'BTC-PERPETUAL', side: perpetual > 0 ? 'long' : 'short', size: String(Math.abs(perpetual)), entryPrice: '50000' },
            ...held.map(([series, size]) => ({ symbol: `S${series}`, side: size > 0 ? 'long' : 'short', size: String(Math.abs(size)), entryPrice: '0.01' })),
          ],
        });
        assert.ok(parsed.options !== undefined);
        const exact = computeStandardAccount(parsed.request, parsed.options.book, parsed.options.rules, 'deribit');
        const batch = standardMarginBatch(
          {
            series: marks.map((mark, i) => ({ kind: 'inverse-option', right: i < 5 ? 'call' : 'put', strike: d(STRIKES[i % 5] ?? '1'), mark: d(mark), entry: d(mark), underlying: d('50000'), index: d('50000'), forward: d('50000') })),
            futuresMarks: [d('50000')],
            futuresContractSize: [d('10')],
            offsets: Int32Array.from([0, held.length + 1]),
            instrument: Int32Array.from([-1, ...held.map(([series]) => series)]),
            quantity: [d(String(perpetual)), ...held.map(([, size]) => d(String(size)))],
          },
          formula,
          futures,
        );
        assert.equal(batch.initialMargin[0], exact.account.initialMargin);
        assert.equal(batch.maintenanceMargin[0], exact.account.maintenanceMargin);
      },
    ),
    { numRuns: 50 },
  );
});

test('property: the float filter never misses an account whose exact maintenance margin exceeds its equity', () => {
  const rules = venue('deribit').standardOptions;
  const formula = rules?.options.find((s) => s.id === 'deribit-inverse')?.formula;
  const futures = rules?.sizeBasedFutures.find((s) => s.id === 'deribit-futures');
  assert.ok(formula !== undefined && futures !== undefined);
  const marks = ['0.21', '0.12', '0.05', '0.02', '0.006', '0.004', '0.015', '0.05', '0.11', '0.21'];
  const series = marks.map((mark, i) => ({ kind: 'inverse-option' as const, right: i < 5 ? ('call' as const) : ('put' as const), strike: d(STRIKES[i % 5] ?? '1'), mark: d(mark), entry: d(mark), underlying: d('50000'), index: d('50000'), forward: d('50000') }));
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.record({ which: fc.integer({ min: -1, max: 9 }), q: fc.bigInt({ min: -(10n ** 21n), max: 10n ** 21n }) }), { minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 20 }),
      fc.array(fc.bigInt({ min: -(10n ** 18n), max: 5n * 10n ** 18n }), { minLength: 20, maxLength: 20 }),
      fc.boolean(),
      (accounts, equities, nearTheEdge) => {
        const offsets = [0];
        const instrument: number[] = [];
        const quantity: bigint[] = [];
        for (const positions of accounts) {
          for (const position of positions) {
            instrument.push(position.which);
            quantity.push(position.q);
          }
          offsets.push(instrument.length);
        }
        const book = { series, futuresMarks: [d('50000')], futuresContractSize: [d('10')], offsets: Int32Array.from(offsets), instrument: Int32Array.from(instrument), quantity };
        const exact = standardMarginBatch(book, formula, futures);
        // Equity exactly at (or one unit around) the exact MM for some accounts: the hardest cases.
        const equity = accounts.map((_, a) => (nearTheEdge ? (exact.maintenanceMargin[a] ?? 0n) + ((equities[a] ?? 0n) % 3n) - 1n : (equities[a] ?? 0n)));
        const flagged = new Set(maintenanceFilter(book, formula, futures, Float64Array.from(equity, (e) => Number(e) / 1e18)));
        equity.forEach((e, a) => {
          if (e < (exact.maintenanceMargin[a] ?? 0n)) assert.ok(flagged.has(a), `account ${a} missed`);
        });
        const confirmed = standardMarginBatch(subBook(book, Int32Array.from(flagged)), formula, futures);
        [...flagged].forEach((a, i) => assert.equal(confirmed.maintenanceMargin[i], exact.maintenanceMargin[a]));
      },
    ),
    { numRuns: 100 },
  );
});
