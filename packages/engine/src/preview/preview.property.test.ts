/**
 * Goal: a preview is exactly what the engine then does, and leaves no trace.
 * Method: fast-check builds random states (random command sequences: cross and isolated, one-way
 * and hedge accounts, orders, books, gaps that liquidate) and then random probes of one or two
 * commands (mostly fills: reduce-only, flips, sizes beyond the margin; also hypothetical prices
 * followed by a command). Two copies of the state get the same commands; only copy A is previewed.
 * For every probe: A's state hash is unchanged by the preview; applying the probe to A gives the
 * preview's events and verdicts; every reported account's after-risk equals `accountRiskJson`
 * after applying; copy B (never previewed) gives the same events, and at the end the same hash
 * and the same scan rows (so the rollback left nothing that changes later behaviour).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyCommand, type EngineEvent } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { accountRiskJson } from '../report/account-risk.js';
import { stateHash } from '../snapshot/snapshot.js';
import { createEngineState } from '../state/create.js';
import type { EngineState } from '../state/types.js';
import { commandArb, commandsOf, type Json } from '../testing/random-commands.js';
import { preview } from './preview.js';

/** The scan rows that decide later behaviour (live rows only; capacities and dedupe stamps excluded). */
function scanRows(state: EngineState): unknown {
  const scan = state.scan as unknown as Record<string, unknown>;
  const rows = (name: string, count: number): number[] => Array.from(scan[name] as ArrayLike<number>).slice(0, count);
  const slotRows = scan['slotRows'] as number;
  const poolRows = scan['poolRows'] as number;
  const symbolRows = scan['symbolRows'] as number;
  const slotPool = rows('slotPool', slotRows);
  const live = (name: string): (number | null)[] => rows(name, slotRows).map((value, slot) => (slotPool[slot] === -1 ? null : value));
  // Pool owners are columns (scan/pool-owners.ts): read back as the owner objects.
  const ownerColumns = scan['poolOwner'] as { get(pool: number): unknown };
  const owners = Array.from({ length: poolRows }, (_, pool) => ownerColumns.get(pool));
  const livePool = (name: string): (number | null)[] => rows(name, poolRows).map((value, pool) => (owners[pool] === undefined ? null : value));
  return {
    slotRows,
    poolRows,
    symbolRows,
    freeSlots: scan['freeSlots'],
    freePools: scan['freePools'],
    markF: rows('markF', symbolRows),
    symHead: rows('symHead', symbolRows),
    symSlotCount: rows('symSlotCount', symbolRows),
    slotPool,
    ...Object.fromEntries(['slotSymbol', 'slotNextInPool', 'slotPrevInPool', 'slotNextInSymbol', 'slotPrevInSymbol', 'slotQty', 'slotEntry', 'slotPnl', 'slotMm', 'slotMag'].map((name) => [name, live(name)])),
    ...Object.fromEntries(['poolBalance', 'poolLevel', 'poolHead', 'poolSlotCount'].map((name) => [name, livePool(name)])),
    owners,
  };
}

/** Drop or add a fill's positionSide (so hedge accounts forget it and one-way accounts name one). */
function toggleSide(make: (time: number) => Json): (time: number) => Json {
  return (time) => {
    const json = make(time);
    if (json['type'] !== 'fill') return json;
    if (json['positionSide'] === undefined) return { ...json, positionSide: 'long' };
    const { positionSide: _dropped, ...rest } = json;
    return rest;
  };
}

/** A probe: one command, or a hypothetical (price, book, anything) followed by a second one. */
const probeArb = fc
  .tuple(commandArb, fc.option(commandArb, { freq: 3 }), fc.integer({ min: 0, max: 9 }))
  .map(([first, second, toggle]): [(time: number) => Json, ((time: number) => Json) | null] => [toggle === 0 ? toggleSide(first) : first, second]);

interface Tally {
  probes: number;
  accepted: number;
  codes: Map<string, number>;
  liquidations: number;
  hedgeFills: number;
  isolatedFills: number;
  flips: number;
}

function runCase(makers: readonly ((time: number) => Json)[], probes: readonly [(time: number) => Json, ((time: number) => Json) | null][], profile: string, tally: Tally): void {
  const a = createEngineState({ profile });
  const b = createEngineState({ profile });
  let seq = 0;
  for (const json of commandsOf(makers, 0)) {
    seq++;
    applyCommand(a, parseCommand(json), { seq });
    applyCommand(b, parseCommand(json), { seq });
  }
  let time = 1_800_000_000_000;
  probes.forEach(([first, second], p) => {
    const jsons = [first, ...(second === null ? [] : [second])].map((make, i) => ({ ...make((time += 1000)), id: `probe${p}-${i}` }));
    const commands = jsons.map((json) => parseCommand(json));
    const hash = stateHash(a);
    const result = preview(a, commands, { seq: seq + 1 });
    assert.equal(stateHash(a), hash, 'preview leaves the state hash unchanged');
    const applied: EngineEvent[][] = commands.map((command, i) => applyCommand(a, command, { seq: seq + 1 + i }).events);
    const twin: EngineEvent[][] = commands.map((command, i) => applyCommand(b, command, { seq: seq + 1 + i }).events);
    seq += commands.length;
    assert.deepEqual(result.steps.map((step) => step.events), applied, 'preview events = applyCommand events');
    assert.deepEqual(twin, applied, 'a state that was never previewed does the same');
    result.steps.forEach((step, i) => {
      const first = applied[i]?.[0];
      assert.equal(step.verdict.accepted, first?.type !== 'rejected' && first?.type !== 'duplicate');
      assert.equal(step.verdict.code, first?.type === 'rejected' ? first['code'] : null);
    });
    for (const report of result.accounts) {
      assert.deepEqual(report.after, accountRiskJson(a, report.account, report.asset ?? undefined), `after-risk of ${report.account}`);
    }
    const named = new Set(applied.flat().flatMap((event) => (typeof event['account'] === 'string' ? [event['account']] : [])));
    for (const id of named) assert.ok(result.accounts.some((report) => report.account === id), `${id} is reported`);
    tally.probes++;
    if (result.verdict.accepted) tally.accepted++;
    else if (result.verdict.code !== null) tally.codes.set(result.verdict.code, (tally.codes.get(result.verdict.code) ?? 0) + 1);
    for (const event of applied.flat()) {
      if (event.type === 'liquidationStarted') tally.liquidations++;
      if (event.type !== 'filled') continue;
      const position = event['position'] as { margin: string; size: string };
      if (event['positionSide'] !== null) tally.hedgeFills++;
      if (position.margin === 'isolated') tally.isolatedFills++;
      // A flip went through zero: the position now lies on the fill's side but is smaller than the fill.
      const after = Number(position.size);
      const size = Number(event['size']);
      if (event['side'] === 'buy' ? after > 0 && after < size : after < 0 && -after < size) tally.flips++;
    }
  });
  assert.equal(stateHash(a), stateHash(b), 'same hash as the never-previewed twin');
  assert.deepEqual(scanRows(a), scanRows(b), 'same scan rows as the never-previewed twin');
}

describe('preview property', () => {
  it('equals what applyCommand then does, over random orders on random states, and leaves no trace', () => {
    const tally: Tally = { probes: 0, accepted: 0, codes: new Map(), liquidations: 0, hedgeFills: 0, isolatedFills: 0, flips: 0 };
    for (const [profile, numRuns] of [['drift-v2', 120], ['binance-usdm', 40], ['dydx-v4', 40]] as const) {
      fc.assert(
        fc.property(fc.array(commandArb, { minLength: 5, maxLength: 60 }), fc.array(probeArb, { minLength: 1, maxLength: 12 }), (makers, probes) => {
          try {
            runCase(makers, probes, profile, tally);
          } catch (error) {
            throw new Error(`${profile}: ${String(error)}`, { cause: error });
          }
        }),
        { numRuns, seed: 8008 },
      );
    }
    const codes = Object.fromEntries(tally.codes);
    const summary = JSON.stringify({ ...tally, codes });
    assert.ok(tally.accepted > tally.probes / 4, `a good share of probes is accepted: ${summary}`);
    for (const code of ['initial_margin_insufficient', 'reduce_only_would_increase_position', 'position_side_required', 'position_side_not_allowed', 'reduce_exceeds_position']) {
      assert.ok((tally.codes.get(code) ?? 0) > 0, `${code} is previewed: ${summary}`);
    }
    assert.ok(tally.liquidations > 10 && tally.hedgeFills > 20 && tally.isolatedFills > 5 && tally.flips > 5, `liquidations, hedge and isolated fills happen: ${summary}`);
  });
});
