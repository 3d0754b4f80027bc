/**
 * Goal: random command sequences keep the engine's promises.
 * Method: fast-check generates sequences over 4 accounts, 2 linear symbols (USDT) and 1 inverse
 * symbol (BTC) mixing every command type. After every command: the ledger balances per asset;
 * the event entries, replayed by an independent auditor, reproduce every ledger balance; an
 * accepted fill that opened or increased a position, or an accepted order, leaves its pools at
 * or above initial margin. At the end: snapshot -> restore gives the same hash; replaying the same
 * commands from scratch gives the same hash and the same events; restoring half-way and
 * continuing gives the same hash and events as the uninterrupted run. With gaps, order books and
 * insurance deposits in the mix, liquidations run too: after every command the liquidation
 * promises hold (audit/risk-invariants.ts), under drift-v2 (socialised losses), generic and four
 * venue profiles (ADL).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyCommand, type EngineEvent } from './apply/apply-command.js';
import { parseCommand } from './commands/parse-command.js';
import { assertLedgerBalanced, type EntryJson } from './ledger/ledger.js';
import { ledgerBalances } from './inspect.js';
import { crossFigures, currentView, riskOfView } from './risk/pool-risk.js';
import { restoreState } from './snapshot/restore.js';
import { snapshotState, stateHash } from './snapshot/snapshot.js';
import { createEngineState } from './state/create.js';
import type { EngineState } from './state/types.js';
import { RiskInvariants } from './audit/risk-invariants.js';
import { accountFigures } from './risk/pool-figures.js';
import { SETUP, commandArb, commandsOf } from './testing/random-commands.js';

type Json = Record<string, unknown>;

/** Rebuilds every ledger balance from the events' entries alone. */
class Auditor {
  readonly books = new Map<string, Map<string, bigint>>();
  constructor(private readonly decimals: (asset: string) => number) {}
  post(entry: EntryJson): void {
    const scale = 10 ** this.decimals(entry.asset);
    const units = BigInt(Math.round(Number(entry.amount) * scale)); // amounts here stay below 2^53 units
    const book = this.books.get(entry.asset) ?? new Map<string, bigint>();
    book.set(entry.from, (book.get(entry.from) ?? 0n) - units);
    book.set(entry.to, (book.get(entry.to) ?? 0n) + units);
    this.books.set(entry.asset, book);
  }
  postEvent(event: EngineEvent): void {
    const entries = event['entries'];
    if (Array.isArray(entries)) for (const entry of entries) this.post(entry as EntryJson);
  }
  matches(state: EngineState): void {
    const balances = ledgerBalances(state);
    for (const [asset, book] of this.books) {
      const decimals = this.decimals(asset);
      for (const [name, units] of book) {
        const actual = balances[asset]?.[name] ?? '0';
        assert.equal(BigInt(Math.round(Number(actual) * 10 ** decimals)), units, `${asset} ${name}`);
      }
    }
  }
}

function absSize(state: EngineState, accountId: string, key: string): bigint {
  const size = state.accounts.get(accountId)?.positions.get(key)?.size ?? 0n;
  return size < 0n ? -size : size;
}

/** Accepted risk-increasing fills and accepted orders leave every pool of the asset at or above IM. */
function orderMarginOf(state: EngineState, json: Json): bigint {
  const account = state.accounts.get(String(json['account']));
  const market = state.markets.get(String(json['symbol']));
  if (account === undefined || market === undefined) return 0n;
  return crossFigures(state, account, currentView(state, account, market.instrument.settle)).orderMargin;
}

function checkInitialMargin(
  state: EngineState,
  json: Json,
  events: readonly EngineEvent[],
  before: { size: bigint; long: boolean; orderMargin: bigint },
): void {
  const sizeBefore = before.size;
  const signBefore = before.long;
  const first = events[0];
  if (first === undefined || (first.type !== 'filled' && first.type !== 'orderPlaced')) return;
  const accountId = String(json['account']);
  const account = state.accounts.get(accountId);
  const market = state.markets.get(String(json['symbol']));
  if (account === undefined || market === undefined) return;
  if (first.type === 'filled') {
    const position = first['position'] as { key: string; size: string };
    const after = absSize(state, accountId, position.key);
    const flipped = after > 0n && sizeBefore > 0n && (state.accounts.get(accountId)?.positions.get(position.key)?.size ?? 0n) > 0n !== signBefore;
    if (after <= sizeBefore && !flipped) return;
  } else if (orderMarginOf(state, json) <= before.orderMargin) {
    return; // the reservation did not grow (reduce-only, a closing side, or the other side's total is larger)
  }
  const view = currentView(state, account, market.instrument.settle);
  const figures = crossFigures(state, account, view);
  assert.ok(figures.free >= 0n, `${String(json['id'])}: cross equity ${figures.equity} >= IM ${figures.initialMargin} + orders ${figures.orderMargin}`);
  if (first.type !== 'filled') return; // orders reserve from the cross pool only
  const key = (first['position'] as { key: string }).key;
  for (const [index, risk] of riskOfView(state, account, view).positions.entries()) {
    if (risk.isolated !== null && view.positions[index]?.key === key) {
      assert.ok(risk.isolated.equity >= risk.initialMargin, `${String(json['id'])}: isolated equity >= IM`);
    }
  }
}

interface RunStats {
  hash: string;
  events: EngineEvent[];
  accepted: number;
  fills: number;
  calls: number;
  liquidations: number;
  bankruptcies: number;
  adl: number;
  socialized: number;
}

/** The margin-call and liquidation hot path (`accountFigures`) equals the full kernel report. */
function checkFastFigures(state: EngineState): void {
  for (const account of state.accounts.values()) {
    for (const asset of ['USDT', 'BTC']) {
      const fast = accountFigures(state, account, asset);
      if (fast === null) return; // profiles that need price solves take the full report anyway
      const view = currentView(state, account, asset);
      const report = riskOfView(state, account, view);
      const crossHeld = view.positions.some((position) => position.margin === 'cross');
      assert.deepEqual(fast.cross, crossHeld ? { equity: report.account.equity, maintenance: report.account.maintenanceMargin } : null);
      report.positions.forEach((risk, i) => {
        if (risk.isolated === null) return;
        assert.deepEqual(fast.isolated.get(view.positions[i]?.key ?? ''), { equity: risk.isolated.equity, maintenance: risk.maintenanceMargin });
      });
    }
  }
}

function run(commands: readonly Json[], options: { check: boolean; restoreAt?: number; profile?: string }): RunStats {
  let state = createEngineState({ profile: options.profile ?? 'generic' });
  const invariants = new RiskInvariants();
  const auditor = new Auditor((asset) => state.assets.get(asset)?.decimals ?? 8);
  const events: EngineEvent[] = [];
  let accepted = 0;
  let fills = 0;
  let calls = 0;
  let liquidations = 0;
  let bankruptcies = 0;
  let adl = 0;
  let socialized = 0;
  commands.forEach((json, i) => {
    if (options.restoreAt === i) state = restoreState(snapshotState(state));
    const key = json['positionSide'] === undefined ? String(json['symbol']) : `${String(json['symbol'])}/${String(json['positionSide'])}`;
    const sizeBefore = state.accounts.get(String(json['account']))?.positions.get(key)?.size ?? 0n;
    const orderMarginBefore = options.check && json['type'] === 'placeOrder' ? orderMarginOf(state, json) : 0n;
    const result = applyCommand(state, parseCommand(json), { seq: i + 1 });
    events.push(...result.events);
    if (result.events[0]?.type !== 'rejected' && result.events[0]?.type !== 'duplicate') accepted++;
    if (result.events[0]?.type === 'filled') fills++;
    calls += result.events.filter((event) => event.type === 'marginCall').length;
    for (const event of result.events) {
      if (event.type === 'liquidationStarted') liquidations++;
      if (event.type === 'bankruptcy') bankruptcies++;
      if (event.type === 'autoDeleveraged') adl++;
      if (event.type === 'lossSocialized') socialized++;
    }
    if (!options.check) return;
    assertLedgerBalanced(state);
    invariants.observe(state, result.events);
    invariants.check(state);
    checkFastFigures(state);
    for (const event of result.events) auditor.postEvent(event);
    auditor.matches(state);
    checkInitialMargin(state, json, result.events, { size: sizeBefore < 0n ? -sizeBefore : sizeBefore, long: sizeBefore > 0n, orderMargin: orderMarginBefore });
  });
  return { hash: stateHash(state), events, accepted, fills, calls, liquidations, bankruptcies, adl, socialized };
}

/** Live run with every check, then replay and restore-half-way runs that must agree with it. */
function runAndReplay(commands: readonly Json[], profile: string): RunStats {
  let live: RunStats;
  try {
    live = run(commands, { check: true, profile });
  } catch (error) {
    // The commands as JSON make a failing case easy to turn into a regression test.
    throw new Error(`${String(error)}\ncommands: ${JSON.stringify(commands.slice(SETUP.length))}`, { cause: error });
  }
  const replay = run(commands, { check: false, profile });
  assert.equal(replay.hash, live.hash, 'replaying the same commands gives the same hash');
  assert.deepEqual(replay.events, live.events, 'and the same events');
  const half = Math.floor(commands.length / 2);
  const resumed = run(commands, { check: false, restoreAt: half, profile });
  assert.equal(resumed.hash, live.hash, 'restore half-way and continue: same hash');
  assert.deepEqual(resumed.events, live.events, 'and the same events');
  return live;
}

describe('engine simulation', () => {
  it('keeps conservation, IM on accepted trades, and reproduces its hash on restore and replay', () => {
    let acceptedTotal = 0;
    let commandTotal = 0;
    let fillTotal = 0;
    let callTotal = 0;
    let liquidationTotal = 0;
    let socializedTotal = 0;
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 10, maxLength: 80, size: 'max' }), fc.integer({ min: 0, max: 7 }), (makers, duplicateEvery) => {
        const commands = commandsOf(makers, duplicateEvery);
        const live = runAndReplay(commands, 'drift-v2');
        acceptedTotal += live.accepted;
        fillTotal += live.fills;
        callTotal += live.calls;
        liquidationTotal += live.liquidations;
        socializedTotal += live.socialized;
        commandTotal += commands.length;
      }),
      { numRuns: 400, seed: 4242 },
    );
    assert.ok(acceptedTotal > commandTotal / 3, `a good share of commands is accepted (${acceptedTotal}/${commandTotal})`);
    assert.ok(fillTotal > 1500, `many fills are accepted (${fillTotal})`);
    assert.ok(callTotal > 20, `margin calls happen (${callTotal})`);
    assert.ok(liquidationTotal > 50, `liquidations happen (${liquidationTotal})`);
    assert.ok(socializedTotal > 5, `losses are socialised (${socializedTotal})`);
  });

  it('keeps the same promises under the venue profiles (tier steps, chunks, backstop, ADL)', () => {
    const totals = { liquidations: 0, bankruptcies: 0, adl: 0 };
    for (const profile of ['generic', 'binance-usdm', 'bybit-linear', 'hyperliquid', 'dydx-v4']) {
      fc.assert(
        fc.property(fc.array(commandArb, { minLength: 10, maxLength: 80, size: 'max' }), (makers) => {
          const live = runAndReplay(commandsOf(makers, 0), profile);
          totals.liquidations += live.liquidations;
          totals.bankruptcies += live.bankruptcies;
          totals.adl += live.adl;
        }),
        { numRuns: 60, seed: 515 },
      );
    }
    assert.ok(totals.liquidations > 50 && totals.bankruptcies > 10 && totals.adl > 5, `liquidations, bankruptcies and ADL happen (${JSON.stringify(totals)})`);
  });

  it('snapshot -> restore -> snapshot is the identity on the text', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 5, maxLength: 40 }), (makers) => {
        const state = createEngineState();
        commandsOf(makers, 0).forEach((json, i) => applyCommand(state, parseCommand(json), { seq: i + 1 }));
        const text = snapshotState(state);
        const restored = restoreState(text);
        assert.equal(snapshotState(restored), text);
        assert.equal(stateHash(restored), stateHash(state));
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
