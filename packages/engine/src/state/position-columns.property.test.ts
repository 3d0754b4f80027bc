/**
 * Positions as columns (ADR 0038 step 3, issue 16):
 * - the words keep every E18 value exactly: inside their range in the words, outside it in the
 *   spill map, and a value written back inside the range leaves the spill map;
 * - the columnar state equals the object state (every position its own copy, the layout before
 *   step 3) after every command of the seeded simulation of engine.property.test.ts, with a
 *   preview of each command first (the preview's rollback detaches and re-attaches positions):
 *   same events, same snapshot hash, same values position by position;
 * - a position whose size or entry is out of the words' range goes to the spill map through the
 *   engine's own open, resize, snapshot and close, and stays exact; a closed position keeps its
 *   values when its slot is reused.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyCommand } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { preview } from '../preview/preview.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, stateHash } from '../snapshot/snapshot.js';
import { createEngineState } from './create.js';
import { PositionColumns, SPILLED } from './position-columns.js';
import { PositionRow } from './position-row.js';
import { closePosition, newAccount, openPosition, resizePosition } from './positions.js';
import type { EngineState } from './types.js';
import { commandArb, commandsOf } from '../testing/random-commands.js';

/** Lowest and highest values the two words hold (ADR 0038 addendum). */
const WORDS_MIN = -(2n ** 63n - 1n) * 2n ** 64n;
const WORDS_MAX = 2n ** 127n - 1n;

function objectState(): EngineState {
  const state = createEngineState();
  (state as { positionColumns: PositionColumns }).positionColumns = new PositionColumns('objects');
  return state;
}

function positionsOf(state: EngineState): string[] {
  const out: string[] = [];
  for (const account of state.accounts.values()) {
    for (const p of account.positions.values()) {
      out.push(`${p.accountId} ${p.key} ${p.margin} size=${p.size} entry=${p.entryPrice} iso=${p.isolatedUnits} slot=${p.slot} pool=${p.pool}`);
    }
  }
  return out;
}

describe('position columns', () => {
  it('keep every value exactly: words inside the range, the spill map outside', () => {
    const edges = [0n, 1n, -1n, 2n ** 64n - 1n, 2n ** 64n, -(2n ** 64n), -(2n ** 64n) - 1n, WORDS_MAX, WORDS_MAX + 1n, WORDS_MIN, WORDS_MIN - 1n, -(2n ** 127n), 10n ** 40n, -(10n ** 40n)];
    const valueArb = fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }), fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), valueArb, valueArb), { minLength: 1, maxLength: 60 }), (writes) => {
        const columns = new PositionColumns();
        const expected = new Map<number, [bigint, bigint]>();
        for (const [slot, size, entry] of writes) {
          columns.reserve(slot);
          columns.setSizeAt(slot, size);
          columns.setEntryAt(slot, entry);
          expected.set(slot, [size, entry]);
        }
        for (const [slot, [size, entry]] of expected) {
          assert.equal(columns.sizeAt(slot), size);
          assert.equal(columns.entryAt(slot), entry);
          assert.equal(columns.sizeSpill.has(slot), size < WORDS_MIN || size > WORDS_MAX, `size ${size} spilled iff out of range`);
          assert.equal(columns.entrySpill.has(slot), entry < WORDS_MIN || entry > WORDS_MAX, `entry ${entry} spilled iff out of range`);
        }
        for (const [slot, [size, entry]] of expected) {
          const detached = columns.detach(slot);
          assert.equal(detached.sizeAt(), size);
          assert.equal(detached.entryAt(), entry);
          assert.ok(!columns.sizeSpill.has(slot) && !columns.entrySpill.has(slot), 'a detached slot leaves nothing in the spill maps');
        }
      }),
      { numRuns: 300, seed: 1638 },
    );
    assert.equal(SPILLED, -(2n ** 63n));
  });

  it('equal the object state after every command of the seeded simulation (events, hash, values)', () => {
    let commandsRun = 0;
    let positionsSeen = 0;
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 10, maxLength: 60, size: 'max' }), (makers) => {
        const columns = createEngineState();
        const objects = objectState();
        commandsOf(makers, 0).forEach((json, i) => {
          const command = parseCommand(json);
          const previewed = preview(columns, command, { seq: i + 1 });
          assert.deepEqual(previewed.steps.length, 1);
          const a = applyCommand(columns, command, { seq: i + 1 });
          const b = applyCommand(objects, parseCommand(json), { seq: i + 1 });
          assert.deepEqual(a.events, b.events, `events of ${JSON.stringify(json)}`);
          const held = positionsOf(columns);
          assert.deepEqual(held, positionsOf(objects), `positions after ${JSON.stringify(json)}`);
          assert.equal(stateHash(columns), stateHash(objects), `hash after ${JSON.stringify(json)}`);
          for (const account of columns.accounts.values()) {
            for (const p of account.positions.values()) assert.ok(p instanceof PositionRow && p.attached, 'a held position reads the columns');
          }
          for (const account of objects.accounts.values()) {
            for (const p of account.positions.values()) assert.ok(p instanceof PositionRow && !p.attached, 'the object layout keeps its own copies');
          }
          commandsRun++;
          positionsSeen += held.length;
        });
      }),
      { numRuns: 60, seed: 4243 },
    );
    assert.ok(commandsRun > 2000 && positionsSeen > 2000, `the simulation holds positions (${commandsRun} commands, ${positionsSeen} positions seen)`);
  });

  it('spill a size or entry out of the words\' range and keep it exact through open, resize, snapshot and close', () => {
    // Command decimals stay below 10^15 (E18 below 10^33, inside the words); a size summed over
    // more than ~170,000 maximal fills could still pass 2^127: the engine's own paths keep it.
    const state = createEngineState();
    commandsOf([], 0).forEach((json, i) => applyCommand(state, parseCommand(json), { seq: i + 1 }));
    const market = state.markets.get('BTCUSDT');
    assert.ok(market !== undefined);
    const account = newAccount('whale');
    state.accounts.set(account.id, account);
    const huge = 2n ** 127n + 12345n;
    const entry = 30_000n * 10n ** 18n + 1n;
    const position = openPosition(state, account, market, { symbol: 'BTCUSDT', positionSide: null, size: -huge, entryPrice: entry, margin: 'cross' });
    assert.equal(position.size, -huge);
    assert.equal(position.entryPrice, entry);
    const columns = state.positionColumns;
    assert.ok(columns.sizeSpill.has(position.slot) && !columns.entrySpill.has(position.slot));
    const text = snapshotState(state);
    assert.ok(text.includes(`"-${huge / 10n ** 18n}.${String(huge % 10n ** 18n).padStart(18, '0')}"`), 'the snapshot writes the exact size');
    const hugeEntry = 10n ** 39n + 7n;
    resizePosition(state, market, position, 5n * 10n ** 18n, hugeEntry);
    assert.equal(position.size, 5n * 10n ** 18n);
    assert.equal(position.entryPrice, hugeEntry);
    assert.ok(!columns.sizeSpill.has(position.slot) && columns.entrySpill.has(position.slot), 'back in range: the size leaves the spill map');
    const slot = position.slot;
    closePosition(state, account, position);
    assert.ok(position instanceof PositionRow && !position.attached, 'a closed position is detached');
    assert.equal(position.entryPrice, hugeEntry, 'a closed position keeps its values');
    assert.ok(!columns.entrySpill.has(slot), 'its slot leaves the spill map');
    // The slot is reused by the next position; the closed object still reads its own copy.
    const next = openPosition(state, account, market, { symbol: 'BTCUSDT', positionSide: null, size: 10n ** 18n, entryPrice: entry, margin: 'cross' });
    assert.equal(next.slot, slot);
    assert.equal(position.size, 5n * 10n ** 18n);
    assert.equal(next.size, 10n ** 18n);
    const restored = restoreState(snapshotState(state));
    assert.equal(stateHash(restored), stateHash(state));
  });
});
