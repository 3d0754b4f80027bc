/**
 * Goal: options in random command streams keep the engine's promises.
 * Method: fast-check (seeded) streams over 4 accounts under the `deribit` record: an inverse
 * perpetual (BTC) and a linear one (USDC), three inverse options (one expiring during the stream)
 * and a linear one; deposits, withdrawals, futures and option prices (mark price and mark IV, with
 * gaps), option and futures fills, expiry settlement. After every command: the ledger sums to
 * zero per asset; the liquidation promises hold (audit/risk-invariants.ts); no cross pool holding
 * a short option is left below maintenance (short options are bought back in lot steps only down
 * to maintenance, Deribit's incremental rule; some liquidations leave part open). At the end: replaying the commands gives the same hash
 * and events, and restoring half-way from a snapshot and continuing gives the same hash.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DERIBIT_BTC_PERPETUAL, DERIBIT_BTC_USDC_PERPETUAL, T0_MS } from '@margin/testkit';
import { applyCommand, type EngineEvent } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { assertLedgerBalanced } from '../ledger/ledger.js';
import { RiskInvariants } from '../audit/risk-invariants.js';
import { accountFigures } from '../risk/pool-figures.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { createEngineState } from '../state/create.js';
import type { EngineState } from '../state/types.js';
import { optionPositionsOf } from '../state/option-book.js';

type Json = Record<string, unknown>;
const iso = (ms: number): string => new Date(ms).toISOString();
const ACCOUNTS = ['a', 'b', 'c', 'd'];
const LATER = '2026-03-27T08:00:00Z';
/** The short-dated option expires 30 s into the stream; commands come one per second. */
const SOON_MS = T0_MS + 30_000;
const LINEAR_PERP = DERIBIT_BTC_USDC_PERPETUAL;
const inverse = (symbol: string, right: string, strike: string, expiry: string) => ({ symbol, kind: 'inverse-option', right, underlying: 'BTC-PERPETUAL', settle: 'BTC', contractSize: '1', strike, expiry, tickSize: '0.0005', lotSize: '0.1' });
const OPTIONS = [
  { spec: inverse('C50', 'call', '50000', LATER), linear: false },
  { spec: inverse('P45', 'put', '45000', LATER), linear: false },
  { spec: inverse('C55S', 'call', '55000', iso(SOON_MS)), linear: false },
  { spec: { symbol: 'L50', kind: 'linear-option', right: 'call', underlying: 'BTC_USDC-PERPETUAL', base: 'BTC', settle: 'USDC', contractSize: '0.01', strike: '50000', expiry: LATER, tickSize: '5' }, linear: true },
];

const SETUP: Json[] = [
  { type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL },
  { type: 'instrument', instrument: LINEAR_PERP },
  { type: 'prices', time: iso(T0_MS), prices: [{ symbol: 'BTC-PERPETUAL', markPrice: '50000', indexPrice: '50000' }, { symbol: 'BTC_USDC-PERPETUAL', markPrice: '50000' }] },
  ...OPTIONS.map((option) => ({ type: 'instrument', instrument: option.spec })),
  ...OPTIONS.map((option) => ({ type: 'price', symbol: option.spec.symbol, markIv: '0.6', time: iso(T0_MS) })),
  ...ACCOUNTS.flatMap((id, i) => [
    { type: 'deposit', account: id, asset: 'BTC', amount: (0.5 * (i + 1)).toFixed(1) },
    { type: 'deposit', account: id, asset: 'USDC', amount: String(20000 * (i + 1)) },
  ]),
];

const account = fc.constantFrom(...ACCOUNTS);
const optionIndex = fc.integer({ min: 0, max: OPTIONS.length - 1 });
/** An option price on its tick: inverse 0 .. 0.25 BTC, linear 0 .. 12,500 USDC. */
const optionPrice = (i: number, k: number): string => (OPTIONS[i]?.linear === true ? String(5 * k * 5) : (0.0005 * k).toFixed(4));

const commandArb: fc.Arbitrary<(time: number) => Json> = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(account, fc.boolean(), fc.integer({ min: 1, max: 5000 })).map(([acc, btc, n]) => () => ({ type: 'deposit', account: acc, asset: btc ? 'BTC' : 'USDC', amount: btc ? (n / 10000).toFixed(4) : String(n * 2) })) },
  { weight: 2, arbitrary: fc.tuple(account, fc.boolean(), fc.integer({ min: 1, max: 5000 })).map(([acc, btc, n]) => () => ({ type: 'withdraw', account: acc, asset: btc ? 'BTC' : 'USDC', amount: btc ? (n / 10000).toFixed(4) : String(n * 2) })) },
  {
    weight: 4,
    arbitrary: fc.tuple(fc.boolean(), fc.integer({ min: -350, max: 350 })).map(([linear, pm]) => (time: number) => ({ type: 'price', symbol: linear ? 'BTC_USDC-PERPETUAL' : 'BTC-PERPETUAL', markPrice: String(Math.round(50000 * (1 + pm / 1000))), time: iso(time) })),
  },
  { weight: 3, arbitrary: fc.tuple(optionIndex, fc.integer({ min: 1, max: 500 })).map(([i, k]) => (time: number) => ({ type: 'price', symbol: OPTIONS[i]?.spec.symbol, markPrice: optionPrice(i, k), time: iso(time) })) },
  { weight: 3, arbitrary: fc.tuple(optionIndex, fc.integer({ min: 10, max: 200 })).map(([i, iv]) => (time: number) => ({ type: 'price', symbol: OPTIONS[i]?.spec.symbol, markIv: (iv / 100).toFixed(2), time: iso(time) })) },
  {
    weight: 10,
    arbitrary: fc.tuple(account, optionIndex, fc.boolean(), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300 })).map(([acc, i, buy, lots, k]) => (time: number) => ({
      type: 'fill',
      account: acc,
      symbol: OPTIONS[i]?.spec.symbol,
      side: buy ? 'buy' : 'sell',
      size: OPTIONS[i]?.linear === true ? String(lots * 10) : (lots / 10).toFixed(1),
      price: optionPrice(i, k),
      time: iso(time),
    })),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(account, fc.boolean(), fc.integer({ min: 1, max: 500 }), fc.integer({ min: -50, max: 50 })).map(([acc, buy, n, pm]) => (time: number) => ({
      type: 'fill',
      account: acc,
      symbol: 'BTC-PERPETUAL',
      side: buy ? 'buy' : 'sell',
      size: String(n * 10),
      price: String(Math.round(50000 * (1 + pm / 1000))),
      fee: '0',
      time: iso(time),
    })),
  },
  { weight: 1, arbitrary: fc.integer({ min: 40000, max: 70000 }).map((price) => (time: number) => ({ type: 'settleExpiry', symbol: 'C55S', price: String(price), time: iso(time) })) },
);

function commandsOf(makers: readonly ((time: number) => Json)[]): Json[] {
  return [...SETUP.map((json, i) => ({ ...json, id: `s${i}` })), ...makers.map((make, i) => ({ ...make(T0_MS + (i + 1) * 1000), id: `c${i}` }))];
}

interface Run {
  readonly hash: string;
  readonly events: EngineEvent[];
  readonly optionFills: number;
  readonly optionLiquidations: number;
  /** Option liquidation fills that left part of the position open (the venue's incremental rule). */
  readonly partialLiquidations: number;
  readonly settled: number;
}

function checkOptionPools(state: EngineState): void {
  for (const account of state.accounts.values()) {
    for (const asset of ['BTC', 'USDC']) {
      const held = optionPositionsOf(state, account.id, asset);
      if (!held.some((position) => position.size < 0n)) continue;
      const cross = accountFigures(state, account, asset)?.cross;
      assert.ok(cross === null || cross === undefined || cross.equity >= cross.maintenance, `${account.id} ${asset}: a pool with short options is below maintenance after a command`);
    }
  }
}

function run(commands: readonly Json[], check: boolean, restoreAt = -1): Run {
  let state = createEngineState({ profile: 'deribit' });
  const invariants = new RiskInvariants();
  const events: EngineEvent[] = [];
  let optionFills = 0;
  let optionLiquidations = 0;
  let partialLiquidations = 0;
  let settled = 0;
  commands.forEach((json, i) => {
    if (i === restoreAt) state = restoreState(snapshotState(state));
    const result = applyCommand(state, parseCommand(json), { seq: i + 1 });
    events.push(...result.events);
    for (const event of result.events) {
      if (event.type === 'filled' && OPTIONS.some((option) => option.spec.symbol === event['symbol'])) optionFills++;
      if (event.type === 'liquidationFill' && OPTIONS.some((option) => option.spec.symbol === event['symbol'])) {
        optionLiquidations++;
        if (event['remainingSize'] !== '0') partialLiquidations++;
      }
      if (event.type === 'expirySettled') settled++;
    }
    if (!check) return;
    assertLedgerBalanced(state);
    invariants.observe(state, result.events);
    invariants.check(state);
    checkOptionPools(state);
  });
  return { hash: stateHash(state), events, optionFills, optionLiquidations, partialLiquidations, settled };
}

describe('options in random command streams', () => {
  it('conserve money, keep option pools above maintenance, and reproduce the hash on replay and restore', () => {
    const totals = { fills: 0, liquidations: 0, partial: 0, settled: 0 };
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 10, maxLength: 70, size: 'max' }), (makers) => {
        const commands = commandsOf(makers);
        let live: Run;
        try {
          live = run(commands, true);
        } catch (error) {
          throw new Error(`${String(error)}\ncommands: ${JSON.stringify(commands.slice(SETUP.length))}`, { cause: error });
        }
        const replay = run(commands, false);
        assert.equal(replay.hash, live.hash, 'replaying the same commands gives the same hash');
        assert.deepEqual(replay.events, live.events, 'and the same events');
        const resumed = run(commands, false, Math.floor(commands.length / 2));
        assert.equal(resumed.hash, live.hash, 'restore half-way and continue: same hash');
        totals.fills += live.optionFills;
        totals.liquidations += live.optionLiquidations;
        totals.partial += live.partialLiquidations;
        totals.settled += live.settled;
      }),
      { numRuns: 150, seed: 1010 },
    );
    assert.ok(totals.fills > 300, `many option fills are accepted (${totals.fills})`);
    assert.ok(totals.liquidations > 5, `short options are liquidated (${totals.liquidations})`);
    assert.ok(totals.partial > 2, `some only in part, down to maintenance in lot steps (${totals.partial})`);
    assert.ok(totals.settled > 20, `options settle at expiry (${totals.settled})`);
  });
});
