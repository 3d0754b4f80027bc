/**
 * Goal: a stress test is exactly what the engine does with the same shocks, and leaves no trace.
 * Method: fast-check builds random books (accounts with random balances, long and short BTC/ETH
 * positions, cross and isolated, a random insurance fund) under an ADL profile and a socialize
 * profile, and random shocks (-60% .. +60%, sometimes ALL). Two copies get the same commands; the
 * stress runs on copy A, the same `prices` command is applied to copy B (never stressed) and its
 * events are tallied the same way. Checked: equal per-symbol and total results; A's state hash
 * unchanged; counts equal direct counts of the applied events (distinct accounts with
 * liquidationStarted / bankruptcy, insurance paid); per asset the deficit equals the sum of the
 * engine's bankruptcy deficits.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BTCUSDT_LINEAR_3TIER, ETHUSDT_LINEAR_2TIER, at } from '@margin/testkit';
import { formatFixed, parseFixed } from '@margin/core';
import { applyCommand } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { stateHash } from '../snapshot/snapshot.js';
import { createEngineState } from '../state/create.js';
import type { EngineState } from '../state/types.js';
import { parseShocks, resolveShocks } from './shocks.js';
import { stressCommand, stressTest, tallyStress } from './stress.js';

type Json = Record<string, unknown>;

const legArb = fc.record({
  symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT'),
  long: fc.boolean(),
  isolated: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  lots: fc.integer({ min: 1, max: 40 }),
});
const accountArb = fc.record({ balance: fc.integer({ min: 50, max: 20_000 }), legs: fc.array(legArb, { minLength: 1, maxLength: 2 }) });
const bookArb = fc.record({ accounts: fc.array(accountArb, { minLength: 2, maxLength: 14 }), insurance: fc.integer({ min: 0, max: 3000 }) });
const shockArb = fc.oneof(
  fc.record({ btc: fc.integer({ min: -600, max: 600 }), eth: fc.option(fc.integer({ min: -600, max: 600 })) }).map(({ btc, eth }) => `BTCUSDT=${btc / 10}%${eth === null ? '' : `,ETHUSDT=${eth / 10}%`}`),
  fc.integer({ min: -600, max: 600 }).map((all) => `ALL=${all / 10}%`),
);

type Book = { accounts: { balance: number; legs: { symbol: string; long: boolean; isolated: boolean; lots: number }[] }[]; insurance: number };

const PRICE: Record<string, number> = { BTCUSDT: 30000, ETHUSDT: 2000 };
const LOT: Record<string, number> = { BTCUSDT: 0.01, ETHUSDT: 0.1 };

function commandsOf(book: Book): Json[] {
  const out: Json[] = [
    { type: 'instrument', id: 'i1', instrument: BTCUSDT_LINEAR_3TIER },
    { type: 'instrument', id: 'i2', instrument: ETHUSDT_LINEAR_2TIER },
    { type: 'prices', id: 'p0', time: at(0), prices: [{ symbol: 'BTCUSDT', markPrice: '30000', indexPrice: '30000' }, { symbol: 'ETHUSDT', markPrice: '2000', indexPrice: '2000' }] },
  ];
  if (book.insurance > 0) out.push({ type: 'insuranceDeposit', id: 'ins', asset: 'USDT', amount: String(book.insurance) });
  book.accounts.forEach((spec, a) => {
    out.push({ type: 'deposit', id: `d${a}`, account: `u${a}`, asset: 'USDT', amount: String(spec.balance) });
    spec.legs.forEach((leg, j) => {
      if (leg.isolated) out.push({ type: 'setMarginMode', id: `m${a}.${j}`, account: `u${a}`, symbol: leg.symbol, mode: 'isolated' });
      const size = (leg.lots * (LOT[leg.symbol] as number)).toFixed(2);
      out.push({ type: 'fill', id: `f${a}.${j}`, account: `u${a}`, symbol: leg.symbol, side: leg.long ? 'buy' : 'sell', size, price: String(PRICE[leg.symbol]), fee: '0', time: at(1) });
    });
  });
  return out;
}

function build(commands: readonly Json[], profile: string): EngineState {
  const state = createEngineState({ profile });
  commands.forEach((json, i) => applyCommand(state, parseCommand(json), { seq: i + 1 }));
  return state;
}

const distinct = (events: readonly Json[], type: string): number => new Set(events.filter((e) => e['type'] === type).map((e) => e['account'])).size;
const sum = (events: readonly Json[], keep: (e: Json) => boolean, field: string): string =>
  formatFixed(events.filter(keep).reduce((total, e) => total + parseFixed(String(e[field])), 0n));

describe('stress property', () => {
  it('equals applying the same shocks to a copy through the engine, and leaves no trace', () => {
    const seen = { liquidated: 0, bankrupt: 0, adl: 0, insurance: 0, socialized: 0 };
    for (const [profile, numRuns] of [['binance-usdm', 60], ['drift-v2', 40]] as const) {
      fc.assert(
        fc.property(bookArb, shockArb, (book, shockText) => {
          const commands = commandsOf(book);
          const a = build(commands, profile);
          const b = build(commands, profile);
          const hash = stateHash(a);
          const result = stressTest(a, parseShocks(shockText));
          assert.equal(stateHash(a), hash, 'the stress leaves the state hash unchanged');
          const command = stressCommand(b, resolveShocks(b, parseShocks(shockText)));
          const { events } = applyCommand(b, command, { seq: b.lastSeq + 1 });
          const applied = tallyStress(a, events);
          assert.deepEqual({ symbols: result.symbols, totals: result.totals, events: result.events }, applied, 'same tally as the applied copy');
          assert.equal(result.accepted, events[0]?.type !== 'rejected');
          const total = result.totals.find((t) => t.asset === 'USDT');
          const json = events as unknown as Json[];
          assert.equal(total?.liquidated ?? 0, distinct(json, 'liquidationStarted'), 'liquidated = distinct accounts liquidated');
          assert.equal(total?.bankrupt ?? 0, distinct(json, 'bankruptcy'), 'bankrupt = distinct bankrupt accounts');
          assert.equal(total?.deficit ?? '0', sum(json, (e) => e['type'] === 'bankruptcy', 'deficit'), 'deficit = the engine\'s bankruptcy deficits');
          assert.equal(total?.insuranceUsed ?? '0', sum(json, (e) => e['type'] === 'deficitCovered' && e['by'] === 'insurance', 'amount'), 'insurance used');
          assert.equal(total?.adlHaircut ?? '0', sum(json, (e) => e['type'] === 'autoDeleveraged', 'haircut'), 'ADL haircuts');
          const perSymbolDeficit = result.symbols.reduce((s, row) => s + parseFixed(row.deficit), 0n);
          assert.equal(formatFixed(perSymbolDeficit), total?.deficit ?? '0', 'per-symbol deficits add up to the total');
          seen.liquidated += total?.liquidated ?? 0;
          seen.bankrupt += total?.bankrupt ?? 0;
          seen.adl += total?.adlAccounts ?? 0;
          seen.insurance += total !== undefined && total.insuranceUsed !== '0' ? 1 : 0;
          seen.socialized += total !== undefined && total.socialized !== '0' ? 1 : 0;
        }),
        { numRuns, seed: 1717 },
      );
    }
    // The generators reach every path the tally reads.
    assert.ok(seen.liquidated > 0 && seen.bankrupt > 0 && seen.adl > 0 && seen.insurance > 0 && seen.socialized > 0, JSON.stringify(seen));
  });
});
