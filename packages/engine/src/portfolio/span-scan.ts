/**
 * The float filter of SPAN pools (docs/portfolio-margin.md, "Float filter of SPAN pools"; ADR
 * 0035, 0040). A SPAN requirement does not move with the engine's marks (the file's arrays at its
 * settlement prices), only with the positions, the account's set and class, and a new file; so per
 * pool the exact maintenance is kept (as a float, read once from the exact requirement) and only
 * equity is estimated on a price update: balance + the scan's own slot P&L, which the scan's sweep
 * has just moved by quantity x price change for the holders of the moved symbol
 * (`ScanIndex.equityFromCaches`). A pool is flagged for exact confirmation only when that equity is
 * within the bound of a level: liquidation (equity = maintenance) or a margin-call threshold or its
 * re-arm (maintenance / equity), the test `levelMayChange` the portfolio filters share.
 *
 * Bound: the equity error is the scan's (2^-40 x (|balance| + sum of |q| x (mark + entry)) + 1e-16
 * per position, docs/risk-scan.md); the maintenance read as a float adds 2^-52 relative (two
 * roundings of `fixedToNumber`), counted as 2^-50 x maintenance. Nothing else is estimated.
 *
 * A pool's record is valid while its scan edit count (positions added, resized, closed; preview
 * and rollback bump it) and the portfolio model epoch (a model, set or class changed, a set
 * replaced by `spanParameters`) are those it was read at. Pools holding options (SPAN accounts
 * holding options are another helper's change) are always confirmed exactly.
 */
import { fixedToNumber } from '@margin/core';
import { grownFloat64, grownInt32 } from '../scan/growable.js';
import type { PoolOwner } from '../scan/scan-index.js';
import type { EngineState } from '../state/types.js';
import { holdsOptions, optionBookOf } from '../state/option-book.js';
import { levelMayChange } from './components-scan.js';
import { portfolioModelEpoch } from './model-epoch.js';
import { portfolioMaintenance } from './portfolio-account.js';
import { isSpanAccount } from './span-account.js';

/** Relative error of the maintenance read as a float (2^-52 from `fixedToNumber`, with room). */
export const SPAN_MAINTENANCE_RELATIVE_BOUND = 2 ** -50;

/** A pool's kind in its record: not a SPAN cross pool (the filter says null), or a SPAN pool with its maintenance. */
const NOT_SPAN = 1;
const SPAN = 2;
/** Int32 fields per pool: generation (0: none), edit count, kind. */
const STRIDE = 4;

export class SpanPoolFilter {
  private records = new Int32Array(0);
  private maintenance = new Float64Array(0);
  /** Per pool: the owner it was read for (a freed pool row taken by another owner with no slots keeps its edit count). */
  private readonly owners: (PoolOwner | undefined)[] = [];
  private readonly accountIds: (string | undefined)[] = [];
  private readonly assets: (string | undefined)[] = [];
  private capacity = 0;
  private generation = 1;
  private epochSeen = portfolioModelEpoch();
  private thresholds = new Float64Array(0);
  private hysteresis = 0;

  constructor(private readonly state: EngineState) {
    this.readRule();
  }

  /** Read the margin-call thresholds and hysteresis (on each install of the portfolio filter). */
  readRule(): void {
    this.thresholds = Float64Array.from(this.state.marginCalls.levels, (level) => fixedToNumber(level.ratio));
    this.hysteresis = fixedToNumber(this.state.marginCalls.hysteresis);
  }

  /** Slow-path reads so far (the exact maintenance looked up again), for tests. */
  reads = 0;

  /** The scan's pool filter for SPAN pools: null for any other pool; else whether to confirm exactly. */
  flag(pool: number): boolean | null {
    const kind = this.kindOf(pool);
    if (kind !== SPAN) return kind === NOT_SPAN ? null : true;
    if (this.mayHoldOptions(pool)) return true;
    const scan = this.state.scan;
    const equity = scan.equityFromCaches(pool);
    const maintenance = this.maintenance[pool] as number;
    const delta = scan.equityBound + SPAN_MAINTENANCE_RELATIVE_BOUND * maintenance;
    return levelMayChange(maintenance, equity, delta, scan.level(pool), this.thresholds, this.hysteresis);
  }

  /** The float figures the filter tests (for tests); null for a pool it does not estimate. */
  estimate(pool: number): { maintenance: number; equity: number; delta: number } | null {
    if (this.kindOf(pool) !== SPAN || this.mayHoldOptions(pool)) return null;
    const scan = this.state.scan;
    const equity = scan.equityFromCaches(pool);
    const maintenance = this.maintenance[pool] as number;
    return { maintenance, equity, delta: scan.equityBound + SPAN_MAINTENANCE_RELATIVE_BOUND * maintenance };
  }

  /** NOT_SPAN, SPAN (maintenance current in `maintenance`), or 0: confirm exactly, nothing kept. */
  private kindOf(pool: number): number {
    const epoch = portfolioModelEpoch();
    if (epoch !== this.epochSeen) {
      this.epochSeen = epoch;
      this.generation++;
    }
    const scan = this.state.scan;
    const at = pool * STRIDE;
    const records = this.records;
    if (pool < this.capacity && records[at] === this.generation && records[at + 1] === scan.edits(pool) && scan.isOwner(pool, this.owners[pool])) return records[at + 2] as number;
    return this.read(pool);
  }

  /** The slow path: who owns the pool, and its exact SPAN maintenance (computeSpan, or the requirement cache of span-account.ts). */
  private read(pool: number): number {
    this.reads++;
    this.ensure(pool);
    const at = pool * STRIDE;
    this.records[at] = 0;
    const scan = this.state.scan;
    const owner = scan.owner(pool);
    const account = owner.positionKey === null ? this.state.accounts.get(owner.accountId) : undefined;
    let kind = NOT_SPAN;
    if (account !== undefined && isSpanAccount(account)) {
      if (holdsOptions(this.state, account.id, owner.asset)) return 0;
      const maintenance = portfolioMaintenance(this.state, account, owner.asset);
      if (maintenance === null) return 0;
      this.maintenance[pool] = fixedToNumber(maintenance);
      this.accountIds[pool] = account.id;
      this.assets[pool] = owner.asset;
      kind = SPAN;
    }
    this.owners[pool] = owner;
    this.records[at] = this.generation;
    this.records[at + 1] = scan.edits(pool);
    this.records[at + 2] = kind;
    return kind;
  }

  /** Whether a recorded SPAN pool may have taken options since it was read (only when some account holds options). */
  private mayHoldOptions(pool: number): boolean {
    const book = optionBookOf(this.state);
    if (book === null || book.positions.size === 0) return false;
    return holdsOptions(this.state, this.accountIds[pool] as string, this.assets[pool] as string);
  }

  private ensure(pool: number): void {
    if (pool < this.capacity) return;
    const capacity = Math.max(pool + 1, this.capacity * 2, 64);
    this.records = grownInt32(this.records, capacity * STRIDE);
    this.maintenance = grownFloat64(this.maintenance, capacity);
    // Grown by push, never by a store past the end (a sparse JS array becomes a dictionary).
    while (this.owners.length < capacity) this.owners.push(undefined);
    while (this.accountIds.length < capacity) this.accountIds.push(undefined);
    while (this.assets.length < capacity) this.assets.push(undefined);
    this.capacity = capacity;
  }
}

const FILTERS = new WeakMap<EngineState, SpanPoolFilter>();

/** The engine's SPAN pool filter (created with the first SPAN review). */
export function spanPoolFilter(state: EngineState): SpanPoolFilter {
  let filter = FILTERS.get(state);
  if (filter === undefined) FILTERS.set(state, (filter = new SpanPoolFilter(state)));
  return filter;
}

