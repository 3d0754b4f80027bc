/**
 * Runs a crash simulation through the engine, in memory, on the same `applyCommand` path as
 * `margin run`: the population's setup commands, then per scenario step an order-book snapshot
 * and a mark for each market. After every step the liquidation promises are checked
 * (`RiskInvariants`: conservation per asset with the funds and rounding accounts, nobody left
 * below maintenance, negative balances only as declared unresolved deficits); a broken promise
 * stops the run with `InvariantError`.
 */
import { performance } from 'node:perf_hooks';
import { accountRiskJson, applyCommand, createEngineState, insuranceFunds, parseCommand, type EngineEvent, type EngineState } from '@margin/engine';
import { RiskInvariants } from '@margin/engine/audit';
import { formatUnits } from '@margin/core';
import { toStep } from '../markets.js';
import { Rng } from '../rng.js';
import { BOOK_LEVELS, bookAround } from './book-model.js';
import { buildCrashPopulation, crashMarkets, type Json } from './population.js';
import type { Scenario } from './scenarios.js';
import type { PopulationGroup } from './population-file.js';
import { buildGroupPopulation, type GroupPopulation } from './group-population.js';
import { OutcomeTracker, type AccountOutcome } from './outcomes.js';

export interface SimulationOptions {
  readonly seed: number;
  readonly accounts: number;
  readonly scenario: Scenario;
  readonly profile: string;
  readonly fundRatio: number;
  /** Groups of a population file: drawn by the seed instead of the built-in population (`accounts` unused). */
  readonly population?: readonly PopulationGroup[];
  readonly onProgress?: (progress: SimulationProgress) => void;
}

export interface SimulationProgress {
  readonly phase: 'setup' | 'steps';
  readonly done: number;
  readonly total: number;
  readonly liquidations: number;
}

export interface StepRow {
  readonly step: number;
  readonly time: string;
  readonly atSeconds: number;
  readonly marks: Record<string, number>;
  readonly liquidations: number;
  readonly liquidationFills: number;
  readonly bankruptcies: number;
  readonly adlEvents: number;
  readonly lossShares: number;
  /** Socialised losses settled (one per symbol and round, each shared by many holders). */
  readonly socializations: number;
  readonly unresolved: number;
  /** Sum of the insurance funds per settle asset. */
  readonly funds: Record<string, number>;
  /** Long open interest per symbol, contracts. */
  readonly openInterest: Record<string, number>;
  readonly events: number;
}

export interface NegativeAccount {
  readonly account: string;
  readonly asset: string;
  /** Equity of the account's cross pool in the asset (no position left: its wallet). */
  readonly balance: string;
}

export interface SimulationResult {
  readonly scenario: string;
  readonly seed: number;
  readonly profile: string;
  readonly traders: number;
  readonly makers: number;
  readonly setupCommands: number;
  readonly setupRejected: number;
  readonly positionsAtStart: number;
  readonly fundsAtStart: Record<string, number>;
  readonly rows: readonly StepRow[];
  readonly totals: { liquidations: number; liquidationFills: number; bankruptcies: number; adlEvents: number; lossShares: number; socializations: number; unresolved: number; events: number };
  readonly negativeAccounts: readonly NegativeAccount[];
  readonly invariantChecks: number;
  readonly elapsedMs: number;
  /** Every account's start, path and end (outcomes.ts). */
  readonly accounts: readonly AccountOutcome[];
}

const START_MS = Date.UTC(2026, 0, 1);

function fundTotals(state: EngineState): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const [asset, funds] of Object.entries(insuranceFunds(state))) {
    totals[asset] = Object.values(funds).reduce((sum, value) => sum + Number(value), 0);
  }
  return totals;
}

function longInterest(state: EngineState): Record<string, number> {
  const interest: Record<string, number> = {};
  for (const account of state.accounts.values()) {
    for (const position of account.positions.values()) {
      if (position.size > 0n) interest[position.symbol] = (interest[position.symbol] ?? 0) + Number(position.size) / 1e18;
    }
  }
  return interest;
}

function countPositions(state: EngineState): number {
  let count = 0;
  for (const account of state.accounts.values()) count += account.positions.size;
  return count;
}

/** Accounts an event list names (checked after the step). */
function touchedAccounts(events: readonly EngineEvent[]): Set<string> {
  const touched = new Set<string>();
  for (const event of events) {
    const account = event['account'];
    if (typeof account === 'string') touched.add(account);
  }
  return touched;
}

export function runSimulation(options: SimulationOptions): SimulationResult {
  const started = performance.now();
  const state = createEngineState({ profile: options.profile });
  const invariants = new RiskInvariants();
  let seq = 0;
  const apply = (json: Json): EngineEvent[] => applyCommand(state, parseCommand(json), { seq: ++seq }).events;
  const longShare = options.scenario.name === 'squeeze-up' ? 0.4 : 0.6;
  const startMs = options.scenario.startMs ?? START_MS;
  const startTime = new Date(startMs).toISOString();
  const groups = options.population;
  const population =
    groups === undefined
      ? buildCrashPopulation({ accounts: options.accounts, seed: options.seed, fundRatio: options.fundRatio, longShare }, startTime)
      : buildGroupPopulation(groups, { seed: options.seed, fundRatio: options.fundRatio }, startTime);
  const outcomes = new OutcomeTracker(population.commands);
  const groupOf = (account: string): string =>
    account.startsWith('mm-') ? 'maker' : groups === undefined ? 'trader' : ((population as GroupPopulation).groupOf.get(account) ?? '');
  let setupRejected = 0;
  population.commands.forEach((json, i) => {
    const events = apply(json);
    if (events[0]?.type === 'rejected') setupRejected++;
    invariants.observe(state, events);
    if ((i + 1) % 2000 === 0) options.onProgress?.({ phase: 'setup', done: i + 1, total: population.commands.length, liquidations: 0 });
  });
  invariants.check(state);
  let checks = 1;
  const fundsAtStart = fundTotals(state);
  const positionsAtStart = countPositions(state);
  const markets = crashMarkets();
  const depth = new Map(markets.map((market) => [market.symbol, Math.max(Number(market.lotSize), (longInterest(state)[market.symbol] ?? 0) / (BOOK_LEVELS * 40))]));
  const path = options.scenario.path(new Rng(options.seed ^ 0x5eed));
  const totals = { liquidations: 0, liquidationFills: 0, bankruptcies: 0, adlEvents: 0, lossShares: 0, socializations: 0, unresolved: 0, events: 0 };
  const rows: StepRow[] = [];
  let previousLevel = 1;
  path.forEach((step, index) => {
    const time = new Date(startMs + step.atSeconds * 1000).toISOString();
    const move = Math.abs(Math.log(step.level / previousLevel));
    previousLevel = step.level;
    const events: EngineEvent[] = [];
    const marks: Record<string, number> = {};
    for (const market of markets) {
      const mark = market.startPrice * step.level;
      marks[market.symbol] = Number(toStep(mark, market.tickSize));
      for (const event of apply({ type: 'book', id: `b${index}-${market.symbol}`, symbol: market.symbol, time, ...bookAround(market, mark, depth.get(market.symbol) ?? 1, move) })) events.push(event);
    }
    // A crash step can return hundreds of thousands of events: no spread (call stack).
    for (const event of apply({ type: 'prices', id: `p${index}`, time, prices: markets.map((market) => ({ symbol: market.symbol, markPrice: toStep(market.startPrice * step.level, market.tickSize) })) })) events.push(event);
    const rejected = events.find((event) => event.type === 'rejected');
    if (rejected !== undefined) throw new RangeError(`condition failed: scenario command accepted, got ${JSON.stringify(rejected)}`);
    invariants.observe(state, events);
    invariants.check(state, touchedAccounts(events));
    outcomes.observe(events, time);
    checks++;
    const count = (type: string): number => events.reduce((n, event) => n + (event.type === type ? 1 : 0), 0);
    const row: StepRow = {
      step: index + 1,
      time,
      atSeconds: step.atSeconds,
      marks,
      liquidations: count('liquidationStarted'),
      liquidationFills: count('liquidationFill'),
      bankruptcies: count('bankruptcy'),
      adlEvents: count('autoDeleveraged'),
      lossShares: count('lossShared'),
      socializations: count('lossSocialized'),
      unresolved: count('deficitUnresolved'),
      funds: fundTotals(state),
      openInterest: longInterest(state),
      events: events.length,
    };
    rows.push(row);
    totals.liquidations += row.liquidations;
    totals.liquidationFills += row.liquidationFills;
    totals.bankruptcies += row.bankruptcies;
    totals.adlEvents += row.adlEvents;
    totals.lossShares += row.lossShares;
    totals.socializations += row.socializations;
    totals.unresolved += row.unresolved;
    totals.events += row.events;
    options.onProgress?.({ phase: 'steps', done: index + 1, total: path.length, liquidations: totals.liquidations });
  });
  invariants.check(state);
  checks++;
  // Left negative: equity below zero (a wallet below zero with profitable positions is not).
  const negativeAccounts: NegativeAccount[] = [];
  for (const account of [...state.accounts.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const [asset, units] of account.wallets) {
      if (units >= 0n) continue;
      const equity = accountRiskJson(state, account.id, asset)?.account.equity ?? formatUnits(units, state.assets.get(asset)?.decimals ?? 8);
      if (equity.startsWith('-')) negativeAccounts.push({ account: account.id, asset, balance: equity });
    }
  }
  return {
    scenario: options.scenario.name,
    seed: options.seed,
    profile: options.profile,
    traders: population.traders,
    makers: population.makers,
    setupCommands: population.commands.length,
    setupRejected,
    positionsAtStart,
    fundsAtStart,
    rows,
    totals,
    negativeAccounts,
    invariantChecks: checks,
    elapsedMs: performance.now() - started,
    accounts: outcomes.outcomes(state, groupOf),
  };
}
