/**
 * The float filter for portfolio pools holding options (docs/portfolio-margin.md, "Option pools in
 * the scan"; ADR 0037, carried per ADR 0042): the cross pool of an account in portfolio margin
 * whose option book holds options settled in the pool's asset. portfolio-vectors.ts hands such
 * pools here (its incremental vectors hold futures only).
 *
 * Rows: per parameter set one kernel (`GridScan` with volatility cells for a deribit-pm currency,
 * `ComponentsScan` for an okx-pm unit), its rows the pools' futures and options, each valued at
 * the pool's valuation time (the latest price time of its markets, options included: what
 * `portfolioRequirement` values at). A row is re-priced (`repriceRow`: new - old kept, its
 * version bumped) only when one of its inputs (marks, IV, price times, instruments) or that time
 * moved, so on a price update every row re-prices once (Black-76 per column for an option) and
 * the pools reviewed after it read the same change.
 *
 * Per pool (ADR 0042) its scenario vectors are carried: a row one version ahead of what the pool
 * saw is added in (`carry`: quantity x (new - old) over the lanes, the bound with it; no
 * allocation). The pool is rebuilt from its positions (sum of quantity x row) only when its
 * futures changed (the scan's edit count), its options changed (the option book's map, its size,
 * each position's membership and size, compared per review), the model epoch moved, a row moved
 * twice since the pool looked (two pools at different valuation times share it), or after
 * COMPONENTS_SCAN_REBUILD_AFTER carries. Then the kernel's maintenance and bound; equity =
 * balance + futures P&L (the kernel's, less the option rows' value changes it carried) + the
 * options' mark value when the venue counts it (`optionValueInEquity`: sum of q x contract size x
 * mark, each rounded against the account by the exact path at 1e-18).
 *
 * Bound: the kernels' (futures and options priced by the same core functions on the same floats
 * as the exact path, at the same time; components-scan.ts, grid-scan.ts), summed over the pool's
 * units, plus 2^-40 x 4 x (|balance| + sum |option values| + sum |q| x (|row value| + |value at
 * build|)) + 1e-7 for the option values' reading and rounding and the option P&L taken out. A
 * pool is confirmed exactly whatever its figures when an option has no volatility (only at or
 * after expiry: a mark without IV is revalued at IV_MIN or IV_MAX, core's `markVolatility`, as the
 * exact path does), is settled or at expiry, a market has no mark, a symbol has no parameters, a
 * components unit is inverse, or the kernel cannot bound it (long options only in okx-pm).
 */
import { fixedToNumber, venue, type DeribitPmParams, type Fixed, type OkxPmParams, type PricedPosition } from '@margin/core';
import type { Account, EngineState, Market } from '../state/types.js';
import { grownFloat64, grownInt32 } from '../scan/growable.js';
import { optionBookOf, optionMarket, optionPositionsOf, type OptionMarket, type OptionPosition } from '../state/option-book.js';
import { COMPONENTS_SCAN_ABSOLUTE_SLACK, COMPONENTS_SCAN_REBUILD_AFTER, COMPONENTS_SCAN_RELATIVE_BOUND, ComponentsScan, levelMayChange } from './components-scan.js';
import { GridScan } from './grid-scan.js';
import { modelOf } from './portfolio-account.js';
import { portfolioModelEpoch } from './model-epoch.js';
import { paramsFor } from './portfolio-model.js';
import { pricedOptionOf } from './portfolio-options.js';
import { pricedPositionOf } from './portfolio-position.js';

type Kernel = GridScan | ComponentsScan;

/** What a row was valued from, compared input by input (no allocation): see `OptionUnit.probe`. */
const INPUTS = 12;

/** One parameter set's kernel: a row per symbol, an account row per (pool, unit). */
class OptionUnit {
  kernel: Kernel;
  readonly rowOf = new Map<string, number>();
  /** Per row: INPUTS values it was valued from (markets, marks, IV, times, instruments, valuation time). */
  private readonly inputs: unknown[][] = [];
  version = new Int32Array(8);
  /** Per row: one contract's mark value (contract size x mark; options only, for equity). */
  markValue = new Float64Array(8);
  rows = 0;
  private accountRows = 0;
  private readonly freeAccounts: number[] = [];

  constructor(params: OkxPmParams | DeribitPmParams, grid: boolean) {
    this.kernel = grid ? new GridScan(params as DeribitPmParams, 8, 8, true) : new ComponentsScan(params as OkxPmParams, 8, 8);
  }

  /** The row of `symbol` (a new row is valued on first use). */
  rowFor(symbol: string): number {
    let row = this.rowOf.get(symbol);
    if (row === undefined) {
      row = this.rows++;
      if (row >= this.kernel.instrumentRows) {
        const capacity = this.kernel.instrumentRows * 2;
        this.kernel = this.kernel.grown(capacity, this.kernel.accounts);
        this.version = grownInt32(this.version, capacity);
        this.markValue = grownFloat64(this.markValue, capacity);
      }
      this.rowOf.set(symbol, row);
      this.inputs[row] = new Array<unknown>(INPUTS).fill(undefined);
    }
    return row;
  }

  /** Whether `row` was valued from exactly the values in PROBE. */
  current(row: number): boolean {
    const seen = this.inputs[row] as unknown[];
    for (let k = 0; k < INPUTS; k++) if (seen[k] !== PROBE[k]) return false;
    return true;
  }

  /** Value the row from `priced` at `nowMs` (the inputs in PROBE); the change is kept for its holders when the row had a value. */
  price(row: number, priced: PricedPosition, nowMs: number, markValue: number): void {
    const seen = this.inputs[row] as unknown[];
    const fresh = seen[0] === undefined;
    if (fresh) this.kernel.setInstrument(row, priced, nowMs);
    else this.kernel.repriceRow(row, priced, nowMs);
    // A new row starts a fresh version line: a holder that saw an older one rebuilds.
    this.version[row] = (this.version[row] as number) + (fresh ? 2 : 1);
    this.markValue[row] = markValue;
    for (let k = 0; k < INPUTS; k++) seen[k] = PROBE[k];
  }

  allocateAccount(): number {
    const free = this.freeAccounts.pop();
    if (free !== undefined) return free;
    const account = this.accountRows++;
    if (account >= this.kernel.accounts) this.kernel = this.kernel.grown(this.kernel.instrumentRows, this.kernel.accounts * 2);
    return account;
  }

  releaseAccount(account: number): void {
    this.freeAccounts.push(account);
  }
}

/** The probe a row's inputs are written to before `current` / `price` (one per process: no allocation per review). */
const PROBE: unknown[] = new Array<unknown>(INPUTS).fill(null);

/**
 * One pool's carried state: its positions in the exact path's order within each unit (futures by
 * key, then options by symbol), struct-of-arrays, and what it was built from.
 */
interface CarriedPool {
  readonly pool: number;
  readonly account: Account;
  readonly asset: string;
  readonly edits: number;
  readonly epoch: number;
  /** The account's option map and its size when built (a new map, or a change of membership, rebuilds). */
  readonly held: Map<string, OptionPosition>;
  readonly heldSize: number;
  readonly count: number;
  readonly units: OptionUnit[];
  /** Per unit: the pool's account row in its kernel. */
  readonly accountRows: Int32Array;
  /** Per position: its unit (index into `units`), row, signed contracts, version seen, value when built (options). */
  readonly unitIndex: Int32Array;
  readonly rows: Int32Array;
  readonly quantities: Float64Array;
  readonly seen: Int32Array;
  readonly builtValue: Float64Array;
  /** Per position: the futures position and its market, or the option position and its market. */
  readonly futures: (Market | null)[];
  readonly held_: ({ key: string; symbol: string; size: Fixed } | null)[];
  readonly options: (OptionPosition | null)[];
  /** Per option position: its size when built. */
  readonly sizes: (Fixed | null)[];
  readonly optionMarkets: (OptionMarket | null)[];
  /** Per option position: its underlying's market as this review found it (scratch, filled by `carry`). */
  readonly underlyings: (Market | null)[];
  readonly firstExpiryMs: number;
}

export class OptionPoolFilter {
  private readonly units = new Map<OkxPmParams | DeribitPmParams, OptionUnit>();
  private readonly pools: (CarriedPool | undefined)[] = [];
  private configSeen: unknown = null;
  private levelsSeen: unknown = null;
  private thresholds = new Float64Array(0);
  private hysteresis = 0;
  /** The last `figures` (fields, so the review allocates nothing). */
  private maintenance = 0;
  private equity = 0;
  private delta = 0;
  /** Pools built from their positions, and reviews that carried (for tests and benches; never read by the filter). */
  rebuilds = 0;
  carriedReviews = 0;
  private profileSeen: unknown = null;
  private inEquity = true;

  constructor(private readonly state: EngineState) {}

  /** Whether the pool's level or liquidation could change (true: confirm it exactly). */
  flag(pool: number, account: Account, asset: string): boolean {
    if (!this.figures(pool, account, asset)) return true;
    this.readRule();
    return levelMayChange(this.maintenance, this.equity, this.delta, this.state.scan.level(pool), this.thresholds, this.hysteresis);
  }

  /** The pool's float maintenance, equity (balance included) and bound; null when it must be confirmed exactly. */
  estimate(pool: number, account: Account, asset: string): { maintenance: number; equity: number; delta: number } | null {
    if (!this.figures(pool, account, asset)) return null;
    return { maintenance: this.maintenance, equity: this.equity, delta: this.delta };
  }

  /** Carry (or rebuild) the pool and leave its figures in the fields; false when it must be confirmed exactly. */
  private figures(pool: number, account: Account, asset: string): boolean {
    while (this.pools.length <= pool) this.pools.push(undefined);
    let carried = this.pools[pool];
    if (carried !== undefined && this.unchanged(pool, carried, account, asset)) this.carriedReviews++;
    else {
      carried = this.rebuild(pool, account, asset);
      if (carried === undefined) return false;
    }
    const result = this.carry(carried);
    if (result !== AGAIN) return result === DONE;
    // A row moved twice since the pool looked, or too many carries: from its positions again.
    carried = this.rebuild(pool, account, asset);
    return carried !== undefined && this.carry(carried) === DONE;
  }

  /** Whether the pool's positions and model are the ones it was built from (typed reads and compares, no allocation). */
  private unchanged(pool: number, p: CarriedPool, account: Account, asset: string): boolean {
    if (p.account !== account || p.asset !== asset || p.edits !== this.state.scan.edits(pool) || p.epoch !== portfolioModelEpoch()) return false;
    const held = optionBookOf(this.state)?.positions.get(account.id);
    if (held !== p.held || held.size !== p.heldSize) return false;
    for (let i = 0; i < p.count; i++) {
      const option = p.options[i];
      if (option === null || option === undefined) continue;
      if (held.get(option.symbol) !== option || option.size !== p.sizes[i]) return false;
    }
    return true;
  }

  /**
   * Bring the pool's rows current at its valuation time and carry their changes in; the figures
   * go to the fields. NONE: confirm exactly; AGAIN: rebuild first.
   */
  private carry(p: CarriedPool): number {
    const state = this.state;
    let nowMs = 0;
    for (let i = 0; i < p.count; i++) {
      const future = p.futures[i];
      if (future !== null && future !== undefined) {
        if (future.markPrice === null || state.markets.get(future.instrument.symbol) !== future) return future.markPrice === null ? NONE : AGAIN;
        if (future.priceTimeMs !== null && future.priceTimeMs > nowMs) nowMs = future.priceTimeMs;
        continue;
      }
      const market = p.optionMarkets[i] as OptionMarket;
      if (market.markPrice === null || market.settlementPrice !== null) return NONE;
      if (optionMarket(state, market.instrument.symbol) !== market) return AGAIN;
      const underlying = state.markets.get(market.instrument.underlying);
      if (underlying === undefined || underlying.markPrice === null) return NONE;
      p.underlyings[i] = underlying;
      const timeMs = Math.max(market.priceTimeMs ?? 0, underlying.priceTimeMs ?? 0);
      if (timeMs > nowMs) nowMs = timeMs;
    }
    if (!(p.firstExpiryMs > nowMs)) return NONE;
    let optionEquity = 0;
    let optionMagnitude = 0;
    let optionPnl = 0;
    for (let i = 0; i < p.count; i++) {
      const unit = p.units[p.unitIndex[i] as number] as OptionUnit;
      const row = p.rows[i] as number;
      const q = p.quantities[i] as number;
      const future = p.futures[i];
      if (future !== null && future !== undefined) {
        probeFuture(future, nowMs);
        if (!unit.current(row)) unit.price(row, pricedPositionOf(p.held_[i] as { key: string; symbol: string; size: Fixed }, future), nowMs, 0);
      } else {
        const option = p.options[i] as OptionPosition;
        const market = p.optionMarkets[i] as OptionMarket;
        probeOption(market, p.underlyings[i] as Market, nowMs);
        if (!unit.current(row)) {
          const { priced } = pricedOptionOf(state, option);
          if (priced.volatility === null) return NONE;
          unit.price(row, priced, nowMs, fixedToNumber(market.instrument.contractSize) * fixedToNumber(market.markPrice as Fixed));
        }
        const value = q * (unit.markValue[row] as number);
        optionEquity += value;
        optionMagnitude += value < 0 ? -value : value;
        const now = unit.kernel.valueOf(row);
        const built = p.builtValue[i] as number;
        optionPnl += q * (now - built);
        optionMagnitude += (q < 0 ? -q : q) * ((now < 0 ? -now : now) + (built < 0 ? -built : built));
      }
      const version = unit.version[row] as number;
      const seen = p.seen[i] as number;
      if (seen !== version) {
        if (seen !== version - 1) return AGAIN;
        unit.kernel.carry(p.accountRows[p.unitIndex[i] as number] as number, row, q);
        p.seen[i] = version;
      }
    }
    const balance = this.state.scan.balance(p.pool);
    // The venue's rule, as risk/option-requirement.ts reads it (read again when the profile is replaced).
    if (this.profileSeen !== this.state.profile) {
      this.profileSeen = this.state.profile;
      this.inEquity = venue(this.state.profile.name).standardOptions?.optionValueInEquity ?? true;
    }
    const inEquity = this.inEquity;
    let maintenance = 0;
    // Equity: the kernels' P&L less the option rows' value changes they carried (an option adds its mark value, not a P&L).
    let equity = balance - optionPnl + (inEquity ? optionEquity : 0);
    let delta = COMPONENTS_SCAN_RELATIVE_BOUND * 4 * ((balance < 0 ? -balance : balance) + optionMagnitude) + COMPONENTS_SCAN_ABSOLUTE_SLACK;
    for (let u = 0; u < p.units.length; u++) {
      const kernel = (p.units[u] as OptionUnit).kernel;
      const accountRow = p.accountRows[u] as number;
      if ((kernel.updates[accountRow] as number) > COMPONENTS_SCAN_REBUILD_AFTER) return AGAIN;
      const unitDelta = kernel.deltaAt(accountRow);
      if (kernel instanceof ComponentsScan ? kernel.exactOnlyAt(accountRow, unitDelta) : kernel.exactOnlyAt(accountRow)) return NONE;
      maintenance += kernel.maintenanceAt(accountRow);
      equity += kernel.pnl[accountRow] as number;
      delta += unitDelta;
    }
    this.maintenance = maintenance;
    this.equity = equity;
    this.delta = delta;
    return DONE;
  }

  /** The pool from its positions (rows current at its valuation time); undefined (confirm exactly, nothing kept) when it cannot be filtered. */
  private rebuild(pool: number, account: Account, asset: string): CarriedPool | undefined {
    const old = this.pools[pool];
    if (old !== undefined) {
      old.units.forEach((unit, u) => unit.releaseAccount(old.accountRows[u] as number));
      this.pools[pool] = undefined;
    }
    this.rebuilds++;
    const model = modelOf(account);
    if (model === null) return undefined;
    const state = this.state;
    const edits = state.scan.edits(pool);
    const epoch = portfolioModelEpoch();
    interface Entry {
      readonly unit: OptionUnit;
      readonly symbol: string;
      readonly future: Market | null;
      readonly held: { key: string; symbol: string; size: Fixed } | null;
      readonly option: OptionPosition | null;
      readonly optionMarket: OptionMarket | null;
      readonly q: number;
      /** Futures: entry value (entry price x contract size, or -contractSize / entry price inverse). */
      readonly entryValue: number;
    }
    const entries: Entry[] = [];
    let nowMs = 0;
    let firstExpiryMs = Infinity;
    const futures = [...account.positions.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const position of futures) {
      const market = state.markets.get(position.symbol);
      if (market === undefined || market.instrument.settle !== asset || position.margin !== 'cross') continue;
      if (market.markPrice === null) return undefined;
      const params = paramsFor(model, market);
      if ('refusal' in params || (params.method !== 'grid' && params.params.settlement !== 'linear')) return undefined;
      if (market.priceTimeMs !== null && market.priceTimeMs > nowMs) nowMs = market.priceTimeMs;
      const contractSize = fixedToNumber(market.instrument.contractSize);
      const entry = fixedToNumber(position.entryPrice);
      const entryValue = params.params.settlement === 'inverse' ? -contractSize / entry : entry * contractSize;
      const unit = this.unitFor(params.params, params.method === 'grid');
      entries.push({ unit, symbol: position.symbol, future: market, held: position, option: null, optionMarket: null, q: fixedToNumber(position.size), entryValue });
    }
    for (const option of optionPositionsOf(state, account.id, asset)) {
      const market = optionMarket(state, option.symbol);
      if (market === null || market.markPrice === null || market.settlementPrice !== null) return undefined;
      const { market: keyed, priced, timeMs } = pricedOptionOf(state, option);
      if (priced.volatility === null) return undefined;
      const params = paramsFor(model, keyed);
      if ('refusal' in params || (params.method !== 'grid' && params.params.settlement !== 'linear')) return undefined;
      if (timeMs > nowMs) nowMs = timeMs;
      firstExpiryMs = Math.min(firstExpiryMs, market.instrument.expiryMs);
      const unit = this.unitFor(params.params, params.method === 'grid');
      entries.push({ unit, symbol: option.symbol, future: null, held: null, option, optionMarket: market, q: priced.position.quantity, entryValue: NaN });
    }
    if (!(firstExpiryMs > nowMs)) return undefined;
    const held = optionBookOf(state)?.positions.get(account.id);
    if (held === undefined) return undefined;
    // Unit by unit, positions in the exact path's order (futures by key, then options by symbol): an inverse grid's dampener reads the first.
    const units: OptionUnit[] = [];
    for (const e of entries) if (!units.includes(e.unit)) units.push(e.unit);
    const ordered = units.flatMap((unit) => entries.filter((e) => e.unit === unit));
    const count = ordered.length;
    const rows = new Int32Array(count);
    const quantities = new Float64Array(count);
    const entryValues = new Float64Array(count);
    const seen = new Int32Array(count);
    const builtValue = new Float64Array(count);
    const unitIndex = new Int32Array(count);
    ordered.forEach((e, i) => {
      const row = e.unit.rowFor(e.symbol);
      if (e.future !== null) {
        probeFuture(e.future, nowMs);
        if (!e.unit.current(row)) e.unit.price(row, pricedPositionOf(e.held as { key: string; symbol: string; size: Fixed }, e.future), nowMs, 0);
      } else {
        const market = e.optionMarket as OptionMarket;
        probeOption(market, state.markets.get(market.instrument.underlying) as Market, nowMs);
        if (!e.unit.current(row)) e.unit.price(row, pricedOptionOf(state, e.option as OptionPosition).priced, nowMs, fixedToNumber(market.instrument.contractSize) * fixedToNumber(market.markPrice as Fixed));
      }
      rows[i] = row;
      quantities[i] = e.q;
      unitIndex[i] = units.indexOf(e.unit);
      seen[i] = e.unit.version[row] as number;
      // An option's entry value is its row's value: the kernel adds no P&L for it (equity adds its mark value instead).
      const value = e.unit.kernel.valueOf(row);
      entryValues[i] = e.future === null ? value : e.entryValue;
      builtValue[i] = e.future === null ? value : 0;
    });
    const accountRows = new Int32Array(units.length);
    let from = 0;
    units.forEach((unit, u) => {
      const accountRow = unit.allocateAccount();
      accountRows[u] = accountRow;
      let to = from;
      while (to < count && (ordered[to] as Entry).unit === unit) to++;
      const kernel = unit.kernel;
      if (kernel instanceof ComponentsScan) kernel.rebuild(accountRow, rows, quantities, entryValues, from, to, 0);
      else kernel.rebuild(accountRow, rows, quantities, entryValues, from, to);
      from = to;
    });
    const carried: CarriedPool = {
      pool,
      account,
      asset,
      edits,
      epoch,
      held,
      heldSize: held.size,
      count,
      units,
      accountRows,
      unitIndex,
      rows,
      quantities,
      seen,
      builtValue,
      futures: ordered.map((e) => e.future),
      held_: ordered.map((e) => e.held),
      options: ordered.map((e) => e.option),
      sizes: ordered.map((e) => e.option?.size ?? null),
      optionMarkets: ordered.map((e) => e.optionMarket),
      underlyings: ordered.map(() => null),
      firstExpiryMs,
    };
    this.pools[pool] = carried;
    return carried;
  }

  private unitFor(params: OkxPmParams | DeribitPmParams, grid: boolean): OptionUnit {
    let unit = this.units.get(params);
    if (unit === undefined) this.units.set(params, (unit = new OptionUnit(params, grid)));
    return unit;
  }

  /** The margin-call thresholds and hysteresis (re-read when the config or its levels were replaced). */
  private readRule(): void {
    const config = this.state.marginCalls;
    if (this.configSeen === config && this.levelsSeen === config.levels) return;
    this.configSeen = config;
    this.levelsSeen = config.levels;
    this.thresholds = Float64Array.from(config.levels, (level) => fixedToNumber(level.ratio));
    this.hysteresis = fixedToNumber(config.hysteresis);
  }
}

/** `carry` results. */
const DONE = 0;
const NONE = 1;
const AGAIN = 2;

/** A future row's inputs into PROBE: its market, mark, instrument, valuation time. */
function probeFuture(market: Market, nowMs: number): void {
  PROBE[0] = market;
  PROBE[1] = market.markPrice;
  PROBE[2] = market.instrument;
  for (let k = 3; k < INPUTS - 1; k++) PROBE[k] = null;
  PROBE[INPUTS - 1] = nowMs;
}

/** An option row's inputs into PROBE: what `pricedOptionOf` reads (both markets' marks, IV, times, instruments) and the valuation time. */
function probeOption(market: OptionMarket, underlying: Market, nowMs: number): void {
  PROBE[0] = market;
  PROBE[1] = market.markPrice;
  PROBE[2] = market.instrument;
  PROBE[3] = market.markIv;
  PROBE[4] = market.priceTimeMs;
  PROBE[5] = underlying;
  PROBE[6] = underlying.markPrice;
  PROBE[7] = underlying.indexPrice;
  PROBE[8] = underlying.priceTimeMs;
  PROBE[9] = underlying.instrument;
  PROBE[10] = null;
  PROBE[INPUTS - 1] = nowMs;
}

const FILTERS = new WeakMap<EngineState, OptionPoolFilter>();

/** The engine's option pool filter (created on first use). */
export function optionPoolFilter(state: EngineState): OptionPoolFilter {
  let filter = FILTERS.get(state);
  if (filter === undefined) FILTERS.set(state, (filter = new OptionPoolFilter(state)));
  return filter;
}
