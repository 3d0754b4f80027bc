/**
 * Goal: rate commands keep the engine deterministic and replayable (ADR 0025).
 * Method: the seeded random-command run of engine.property.test.ts (every command type over four
 * accounts and three symbols) with `marginRates` commands mixed in (scales from 0.5 to 4, first-
 * tier initial rates, some stale or invalid). After every command: the ledger balances and the
 * liquidation promises hold. At the end: replaying the same commands gives the same hash and
 * events; restoring half-way (the snapshot carries the venue table under the rates) and going on
 * gives the same hash and events; snapshot -> restore -> snapshot is the identity on the text.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyCommand, type EngineEvent } from '../apply/apply-command.js';
import { RiskInvariants } from '../audit/risk-invariants.js';
import { parseCommand } from '../commands/parse-command.js';
import { assertLedgerBalanced } from '../ledger/ledger.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { createEngineState } from '../state/create.js';
import { SYMBOLS, commandArb, commandsOf, symbolIndex, type Json } from '../testing/random-commands.js';

const ratesArb: fc.Arbitrary<(time: number) => Json> = fc.oneof(
  fc.tuple(symbolIndex, fc.integer({ min: 50, max: 400 })).map(([i, pct]) => (time: number) => ({
    type: 'marginRates',
    symbol: SYMBOLS[i]?.symbol,
    time: new Date(time).toISOString(),
    scale: (pct / 100).toFixed(2),
    model: 'ewma',
    inputs: { sigma: (pct / 5000).toFixed(4) },
  })),
  fc.tuple(symbolIndex, fc.integer({ min: 5, max: 120 }), fc.boolean()).map(([i, permille, capped]) => (time: number) => ({
    type: 'marginRates',
    symbol: SYMBOLS[i]?.symbol,
    time: new Date(time).toISOString(),
    initialRate: (permille / 1000).toFixed(3),
    model: 'fhs',
    ...(capped ? { capShortfall: '0.002' } : {}),
  })),
  // Stale: a time before the run's start once rates were set.
  symbolIndex.map((i) => () => ({ type: 'marginRates', symbol: SYMBOLS[i]?.symbol, time: '2020-01-01T00:00:00.000Z', scale: '2', model: 'ewma' })),
);

const mixedArb = fc.oneof({ weight: 6, arbitrary: commandArb }, { weight: 1, arbitrary: ratesArb });

interface Run {
  hash: string;
  events: EngineEvent[];
  changes: number;
  liquidationsOnRates: number;
}

function run(commands: readonly Json[], options: { check: boolean; restoreAt?: number; profile: string }): Run {
  let state = createEngineState({ profile: options.profile });
  const invariants = new RiskInvariants();
  const events: EngineEvent[] = [];
  let changes = 0;
  let liquidationsOnRates = 0;
  commands.forEach((json, i) => {
    if (options.restoreAt === i) {
      const text = snapshotState(state);
      state = restoreState(text);
      assert.equal(snapshotState(state), text, 'snapshot -> restore -> snapshot is the identity');
    }
    const result = applyCommand(state, parseCommand(json), { seq: i + 1 });
    events.push(...result.events);
    if (result.events[0]?.type === 'marginRatesChanged') {
      changes++;
      liquidationsOnRates += result.events.filter((event) => event.type === 'liquidationStarted').length;
    }
    if (!options.check) return;
    assertLedgerBalanced(state);
    invariants.observe(state, result.events);
    invariants.check(state);
  });
  return { hash: stateHash(state), events, changes, liquidationsOnRates };
}

describe('dynamic margin rates in the random-command run', () => {
  for (const [profile, seed] of [['drift-v2', 2501], ['binance-usdm', 2502]] as const) {
    it(`replays and restores to the same hash and events with rate commands (${profile})`, () => {
      let changes = 0;
      let liquidationsOnRates = 0;
      fc.assert(
        fc.property(fc.array(mixedArb, { minLength: 10, maxLength: 80, size: 'max' }), (makers) => {
          const commands = commandsOf(makers, 0);
          let live: Run;
          try {
            live = run(commands, { check: true, profile });
          } catch (error) {
            throw new Error(`${String(error)}\ncommands: ${JSON.stringify(commands)}`, { cause: error });
          }
          const replay = run(commands, { check: false, profile });
          assert.equal(replay.hash, live.hash, 'replay: same hash');
          assert.deepEqual(replay.events, live.events, 'replay: same events');
          const resumed = run(commands, { check: false, profile, restoreAt: Math.floor(commands.length / 2) });
          assert.equal(resumed.hash, live.hash, 'restore half-way: same hash');
          assert.deepEqual(resumed.events, live.events, 'restore half-way: same events');
          changes += live.changes;
          liquidationsOnRates += live.liquidationsOnRates;
        }),
        { numRuns: 80, seed },
      );
      assert.ok(changes > 100, `rate changes are accepted (${changes})`);
      assert.ok(liquidationsOnRates > 0, `a rate change liquidates in its own command (${liquidationsOnRates})`);
    });
  }
});
