/**
 * The incremental scan kernel of portfolio pools inside the engine (docs/portfolio-margin.md,
 * "Incremental vectors in the engine"): per parameter set (an okx-pm risk unit: `ComponentsScan`;
 * a deribit-pm currency settled linear, futures only: `GridScan`) one kernel whose instrument rows
 * are the engine's symbols and whose account rows are the (pool, unit) pairs; per pool its positions as struct-of-arrays (unit, row, signed contracts, the
 * row version its vector reflects).
 *
 * On a price update of one symbol its row is re-priced once (`repriceRow`: new array - old array
 * kept) by the first pool that sees the new mark; every holder pool the scan reviews adds
 * quantity x that change to its vector (`carry`: O(scenarios), no allocation), then is tested with
 * the kernel's bound. Pools not reviewed are not touched. A pool is rebuilt from its positions
 * when its slots changed (`ScanIndex.edits`: fills, liquidation closes, preview and its rollback
 * all bump it), when its model changed, when one of its rows moved twice since it last looked, or
 * after COMPONENTS_SCAN_REBUILD_AFTER updates. So a preview's marks and positions, rolled back,
 * never leave a stale vector: the rows see the restored mark and re-price again, the pools see a
 * new edit count.
 *
 * Bound: the kernel's (`delta`, components-scan.ts) plus 2^-40 x 4 x |balance| for the balance,
 * plus the basis time slack: a row's basis rate is valued at the time of its last price, the exact
 * path at the pool's valuation time (the latest price time of its markets); the rate
 * max(basisMinimum, annualisedMoveRisk x yearsLeft) moves by at most annualisedMoveRisk x |dt| /
 * year, so the slack is sum |q| x notional x annualisedMoveRisk x |now - rowTime| / MS_PER_YEAR
 * over dated futures. Futures' scenario P&L does not depend on time.
 */
import { MS_PER_YEAR, fixedToNumber, type DeribitPmParams, type Fixed, type Instrument, type OkxPmParams, type PricedPosition } from '@margin/core';
import type { PoolOwner } from '../scan/scan-index.js';
import { grownFloat64, grownInt32, grownUint8 } from '../scan/growable.js';
import type { Account, EngineState, Market } from '../state/types.js';
import { holdsOptions, optionBookOf } from '../state/option-book.js';
import { COMPONENTS_SCAN_REBUILD_AFTER, COMPONENTS_SCAN_RELATIVE_BOUND, ComponentsScan, levelMayChange } from './components-scan.js';
import { modelOf } from './portfolio-account.js';
import { paramsFor, type EngineModel, type ModelParams } from './portfolio-model.js';
import { pricedPositionOf, type HeldPosition } from './portfolio-position.js';
import { GridScan } from './grid-scan.js';
import { portfolioModelEpoch } from './model-epoch.js';
import { optionPoolFilter } from './option-pool-filter.js';
import { spanPoolFilter, type SpanPoolFilter } from './span-scan.js';

/** What the engine needs of a scan kernel: components-scan.ts (okx-pm) and grid-scan.ts (deribit-pm, linear futures). */
interface ScanKernel {
  readonly instrumentRows: number;
  readonly accounts: number;
  readonly updates: Int32Array;
  readonly pnl: Float64Array;
  grown(instruments: number, accounts: number): ScanKernel;
  setInstrument(row: number, priced: PricedPosition, nowMs: number): void;
  repriceRow(row: number, priced: PricedPosition, nowMs: number): void;
  carry(account: number, row: number, q: number): void;
  rebuild(account: number, rows: Int32Array, quantities: Float64Array, entryValues: Float64Array, from: number, to: number, balance: number): void;
  notionalOf(row: number): number;
  maintenanceAt(account: number): number;
  deltaAt(account: number): number;
  exactOnlyAt(account: number, delta: number): boolean;
}

type UnitParams = OkxPmParams | DeribitPmParams;

/** One parameter set (a components unit or a grid currency): its kernel and the engine symbols that are its instrument rows. */
class Unit {
  kernel: ScanKernel;
  /** annualisedMoveRisk / MS_PER_YEAR for a components unit (its basis drifts with time); 0 for a grid. */
  private readonly basisDrift: number;
  readonly rowOf = new Map<string, number>();
  readonly markets: Market[] = [];
  readonly markSeen: (Fixed | null)[] = [];
  readonly instrumentSeen: Instrument[] = [];
  version = new Int32Array(8);
  rowTime = new Float64Array(8);
  /** annualisedMoveRisk x notional per contract / MS_PER_YEAR for a dated future; 0 otherwise. */
  basisSlope = new Float64Array(8);
  /** Per row: the scan filter pass (`ScanIndex.filterPass`) in which it was last checked against its market, and that market's price time then. */
  rowPass = new Float64Array(8);
  rowMarketTime = new Float64Array(8);
  rows = 0;
  accountRows = 0;
  readonly freeAccounts: number[] = [];

  constructor(params: UnitParams, grid: boolean) {
    this.kernel = grid ? new GridScan(params as DeribitPmParams, 8, 64) : new ComponentsScan(params as OkxPmParams, 8, 64);
    this.basisDrift = grid ? 0 : (params as OkxPmParams).annualisedMoveRisk / MS_PER_YEAR;
  }

  /** The row of `symbol`, current with its market (re-priced when the mark moved). */
  rowFor(held: HeldPosition, market: Market): number {
    let row = this.rowOf.get(market.instrument.symbol);
    if (row === undefined) {
      row = this.rows++;
      if (row >= this.kernel.instrumentRows) {
        const capacity = this.kernel.instrumentRows * 2;
        this.kernel = this.kernel.grown(capacity, this.kernel.accounts);
        this.version = grownInt32(this.version, capacity);
        this.rowTime = grownFloat64(this.rowTime, capacity);
        this.basisSlope = grownFloat64(this.basisSlope, capacity);
        this.rowPass = grownFloat64(this.rowPass, capacity);
        this.rowMarketTime = grownFloat64(this.rowMarketTime, capacity);
      }
      this.rowOf.set(market.instrument.symbol, row);
      this.markets[row] = market;
      this.price(row, held, market, false);
      return row;
    }
    if (this.stale(row, market)) this.price(row, held, market, true);
    return row;
  }

  stale(row: number, market: Market): boolean {
    return market.markPrice !== this.markSeen[row] || market.instrument !== this.instrumentSeen[row] || this.markets[row] !== market;
  }

  /** (Re)value a row at its market's mark and time; `diff` keeps the change for the holders. */
  price(row: number, held: HeldPosition, market: Market, diff: boolean): void {
    const timeMs = market.priceTimeMs ?? 0;
    const priced = pricedPositionOf(held, market);
    if (diff) this.kernel.repriceRow(row, priced, timeMs);
    else this.kernel.setInstrument(row, priced, timeMs);
    // A new row (or a market object replaced) starts a fresh version line: holders seeing an older one rebuild.
    this.version[row] = (this.version[row] as number) + (diff && this.markets[row] === market ? 1 : 2);
    this.markets[row] = market;
    this.markSeen[row] = market.markPrice;
    this.instrumentSeen[row] = market.instrument;
    this.rowTime[row] = timeMs;
    const dated = market.instrument.expiryMs !== null && priced.position.kind === 'future';
    this.basisSlope[row] = dated ? this.basisDrift * this.kernel.notionalOf(row) : 0;
  }

  /** An account row; `expected`: about how many the engine may need (the scan's pool count), reserved at the first growth past the start (one copy of the vectors, not one per doubling). */
  allocateAccount(expected = 0): number {
    const free = this.freeAccounts.pop();
    if (free !== undefined) return free;
    const account = this.accountRows++;
    if (account >= this.kernel.accounts) this.kernel = this.kernel.grown(this.kernel.instrumentRows, Math.max(this.kernel.accounts * 2, expected));
    return account;
  }
}

/**
 * One pool's cache: its segment of the shared position arrays (unit slot, row, signed contracts,
 * the row version its vector reflects) and of the shared unit arrays (unit, account row, figures);
 * shared flat arrays rather than small arrays per pool, so a review touches few cache lines.
 */
interface PoolVectors {
  readonly owner: PoolOwner;
  readonly account: Account;
  readonly model: string;
  readonly edits: number;
  /** An inverse components unit or a symbol without parameters: always confirmed exactly. */
  readonly exactOnly: boolean;
  readonly posBase: number;
  readonly posCount: number;
  readonly posCap: number;
  readonly unitBase: number;
  readonly unitCount: number;
  readonly unitCap: number;
}

/** Segments of shared arrays, by power-of-two capacity, reused when freed. */
class Segments {
  used = 0;
  private readonly free = new Map<number, number[]>();

  allocate(count: number): { base: number; cap: number } {
    const cap = count <= 1 ? 1 : 2 ** Math.ceil(Math.log2(count));
    const base = this.free.get(cap)?.pop();
    if (base !== undefined) return { base, cap };
    const at = this.used;
    this.used += cap;
    return { base: at, cap };
  }

  release(base: number, cap: number): void {
    let list = this.free.get(cap);
    if (list === undefined) this.free.set(cap, (list = []));
    list.push(base);
  }
}

export class PortfolioVectors {
  private readonly units = new Map<UnitParams, Unit>();
  private readonly pools: (PoolVectors | undefined)[] = [];
  private thresholds = new Float64Array(0);
  private hysteresis = 0;
  /** The last `carry`'s figures (fields, so the hot path allocates nothing). */
  private maintenance = 0;
  private equity = 0;
  private delta = 0;
  /** Shared position arrays: unit slot (index into the unit arrays), row, signed contracts, version seen, the position. */
  private readonly posSegments = new Segments();
  private posUnit = new Int32Array(64);
  private posRow = new Int32Array(64);
  private posQty = new Float64Array(64);
  private posSeen = new Int32Array(64);
  private readonly posHeld: (HeldPosition | undefined)[] = [];
  /** Shared unit arrays: the unit, the pool's account row in its kernel, 1 when the vector moved since the figures were read, the figures. */
  private readonly unitSegments = new Segments();
  private readonly unitOf: (Unit | undefined)[] = [];
  private unitAccount = new Int32Array(16);
  private unitDirty = new Uint8Array(16);
  private unitMaintenance = new Float64Array(16);
  private unitDelta = new Float64Array(16);
  /**
   * The fast path of `flag`, per scan pool: typed arrays and pointer compares only, no object read
   * per pool (at 100,000 pools the owner, cache and account objects are cache misses; even an
   * identity compare of two objects loads their maps). A pool's entry is valid while its generation
   * is current (a portfolio model change anywhere starts a new one), its edit count is the one the
   * slow path checked, and it holds no options. The owner needs no compare: only pools with
   * positions are entered, and a pool row passes to another owner only after its slots are removed,
   * which bumps its edit count (scan-index.ts `poolEdit`, never reset).
   */
  /** Per pool, one record of FAST_STRIDE: generation (0: none), edit count, position base and count, unit base and count. */
  private fast = new Int32Array(0);
  private fastPools = 0;
  private readonly fastOwner: (PoolOwner | undefined)[] = [];
  private readonly fastAccountId: (string | undefined)[] = [];
  private generation = 1;
  private epochSeen = portfolioModelEpoch();
  /** SPAN pools' own filter (span-scan.ts), once the engine has a span book. */
  private spanFilter: SpanPoolFilter | null = null;
  /** The rebuild's scratch: positions as read (unit index, row, contracts, entry value), their sorted order, the sorted rows handed to the kernel. */
  private readonly scratchUnits: Unit[] = [];
  private readonly scratchHeld: HeldPosition[] = [];
  private scratchUnit = new Int32Array(16);
  private scratchRow = new Int32Array(16);
  private scratchQty = new Float64Array(16);
  private scratchEntry = new Float64Array(16);
  private scratchOrder = new Int32Array(16);
  private sortedRow = new Int32Array(16);
  private sortedQty = new Float64Array(16);
  private sortedEntry = new Float64Array(16);
  /** `carry`'s scratch for the basis time slack of dated futures. */
  private slackWeight = new Float64Array(16);
  private slackTime = new Float64Array(16);
  private readonly paramsMemo = new WeakMap<Market, { model: EngineModel; instrument: Instrument; params: ModelParams | { readonly refusal: string } }>();

  constructor(private readonly state: EngineState) {
    this.readRule();
  }

  /** Read the margin-call thresholds and hysteresis the flags are tested against (on each install of the filter). */
  readRule(): void {
    this.thresholds = Float64Array.from(this.state.marginCalls.levels, (level) => fixedToNumber(level.ratio));
    this.hysteresis = fixedToNumber(this.state.marginCalls.hysteresis);
  }

  /** The scan's pool filter: null (tier test) for pools not in portfolio margin; else whether to confirm exactly. */
  flag(pool: number): boolean | null {
    if (this.state.span !== undefined) {
      const span = (this.spanFilter ??= spanPoolFilter(this.state)).flag(pool);
      if (span !== null) return span;
    }
    const scan = this.state.scan;
    const epoch = portfolioModelEpoch();
    if (epoch !== this.epochSeen) {
      this.epochSeen = epoch;
      this.generation++;
    }
    const fast = this.fast;
    const at = pool * FAST_STRIDE;
    if (
      pool < this.fastPools &&
      fast[at] === this.generation &&
      scan.edits(pool) === fast[at + 1] &&
      !this.mayHoldOptions(pool) &&
      this.carry(fast[at + 2] as number, fast[at + 3] as number, fast[at + 4] as number, fast[at + 5] as number)
    ) {
      return this.levelTest(pool);
    }
    this.ensurePool(pool);
    this.fast[pool * FAST_STRIDE] = 0;
    const owner = scan.owner(pool);
    if (owner.positionKey !== null) return null;
    let cached = this.pools[pool];
    if (cached !== undefined && cached.owner !== owner) {
      this.release(cached);
      this.pools[pool] = cached = undefined;
    }
    const account = cached?.account ?? this.state.accounts.get(owner.accountId);
    if (account === undefined || account.portfolioModel === null) return null;
    if (holdsOptions(this.state, account.id, owner.asset)) return optionPoolFilter(this.state).flag(pool, account, owner.asset);
    if (cached === undefined || cached.edits !== scan.edits(pool) || cached.model !== account.portfolioModel) {
      cached = this.rebuild(pool, owner, account, cached);
      if (cached === undefined) return true;
    }
    if (cached.exactOnly) return true;
    if (!this.carryPool(cached)) {
      cached = this.rebuild(pool, owner, account, cached);
      if (cached === undefined || !this.carryPool(cached)) return true;
    }
    this.markFast(pool, cached);
    return this.levelTest(pool);
  }

  /** The level test of a pool whose figures `carry` just left in the fields. */
  private levelTest(pool: number): boolean {
    const scan = this.state.scan;
    const balance = scan.balance(pool);
    const absBalance = balance < 0 ? -balance : balance;
    return levelMayChange(
      this.maintenance,
      this.equity + balance,
      this.delta + COMPONENTS_SCAN_RELATIVE_BOUND * absBalance * 4,
      scan.level(pool),
      this.thresholds,
      this.hysteresis,
    );
  }

  /**
   * The float figures of a portfolio pool as the filter sees them (equity with the balance, delta
   * with every slack), or null when the pool is confirmed exactly whatever its figures (tests).
   */
  estimate(pool: number): { maintenance: number; equity: number; delta: number } | null {
    const scan = this.state.scan;
    const owner = scan.owner(pool);
    const account = this.state.accounts.get(owner.accountId);
    if (owner.positionKey !== null || account === undefined || account.portfolioModel === null) return null;
    if (holdsOptions(this.state, account.id, owner.asset)) return optionPoolFilter(this.state).estimate(pool, account, owner.asset);
    this.ensurePool(pool);
    let cached = this.pools[pool];
    if (cached === undefined || cached.owner !== owner || cached.edits !== scan.edits(pool) || cached.model !== account.portfolioModel) cached = this.rebuild(pool, owner, account, cached);
    if (cached === undefined || cached.exactOnly) return null;
    if (!this.carryPool(cached)) {
      cached = this.rebuild(pool, owner, account, cached);
      if (cached === undefined || !this.carryPool(cached)) return null;
    }
    const balance = scan.balance(pool);
    return { maintenance: this.maintenance, equity: this.equity + balance, delta: this.delta + COMPONENTS_SCAN_RELATIVE_BOUND * Math.abs(balance) * 4 };
  }

  /**
   * Bring the pool's rows current and carry their changes into its vectors, leaving its float
   * figures in `maintenance`, `equity` (without the balance) and `delta`; false when it must be
   * rebuilt (a row moved twice since it looked, too many updates).
   */
  private carryPool(p: PoolVectors): boolean {
    return this.carry(p.posBase, p.posCount, p.unitBase, p.unitCount);
  }

  /** Record a checked pool for the fast path of `flag` (`fast`). */
  private markFast(pool: number, p: PoolVectors): void {
    this.ensurePool(pool);
    if (p.posCount === 0) return;
    const at = pool * FAST_STRIDE;
    this.fast[at] = this.generation;
    this.fast[at + 1] = p.edits;
    this.fastOwner[pool] = p.owner;
    this.fastAccountId[pool] = p.account.id;
    this.fast[at + 2] = p.posBase;
    this.fast[at + 3] = p.posCount;
    this.fast[at + 4] = p.unitBase;
    this.fast[at + 5] = p.unitCount;
  }

  /** Room for `pool` in the per-pool arrays. */
  private ensurePool(pool: number): void {
    if (pool >= this.fastPools) {
      const capacity = Math.max(pool + 1, this.fastPools * 2, 64);
      this.fast = grownInt32(this.fast, capacity * FAST_STRIDE);
      this.fastPools = capacity;
      // Grown by push, never by a store past the end: a sparse store turns a JS array into a dictionary (a hash lookup per read).
      while (this.fastOwner.length < capacity) this.fastOwner.push(undefined);
      while (this.fastAccountId.length < capacity) this.fastAccountId.push(undefined);
      while (this.pools.length < capacity) this.pools.push(undefined);
    }
  }

  /** Whether a fast-path pool may have taken options since it was checked (only when some account holds options). */
  private mayHoldOptions(pool: number): boolean {
    const book = optionBookOf(this.state);
    if (book === null || book.positions.size === 0) return false;
    return holdsOptions(this.state, this.fastAccountId[pool] as string, (this.fastOwner[pool] as PoolOwner).asset);
  }

  private carry(posBase: number, posCount: number, unitBase: number, unitCount: number): boolean {
    const posUnit = this.posUnit;
    const posRow = this.posRow;
    const posQty = this.posQty;
    const posSeen = this.posSeen;
    const unitAccount = this.unitAccount;
    const unitDirty = this.unitDirty;
    const end = posBase + posCount;
    // Within one scan pass a row checked against its market for one pool holds for the others.
    const pass = this.state.scan.filterPass;
    let nowMs = 0;
    let slopeSum = 0;
    // Dated futures' slack terms (|q| x slope, row time), kept for the second loop once `nowMs` is known.
    let sloped = 0;
    if (this.slackWeight.length < posCount) {
      this.slackWeight = new Float64Array(Math.max(posCount, this.slackWeight.length * 2));
      this.slackTime = new Float64Array(this.slackWeight.length);
    }
    const slackWeight = this.slackWeight;
    const slackTime = this.slackTime;
    for (let i = posBase; i < end; i++) {
      const slot = posUnit[i] as number;
      const unit = this.unitOf[slot] as Unit;
      const row = posRow[i] as number;
      let timeMs: number;
      if (pass !== 0 && unit.rowPass[row] === pass) timeMs = unit.rowMarketTime[row] as number;
      else {
        const market = unit.markets[row] as Market;
        if (unit.stale(row, market)) {
          if (market.markPrice === null) return false;
          unit.price(row, this.posHeld[i] as HeldPosition, market, true);
        }
        timeMs = market.priceTimeMs ?? 0;
        unit.rowPass[row] = pass;
        unit.rowMarketTime[row] = timeMs;
      }
      if (timeMs > nowMs) nowMs = timeMs;
      const version = unit.version[row] as number;
      const seen = posSeen[i] as number;
      if (seen !== version) {
        if (seen !== version - 1) return false;
        unit.kernel.carry(unitAccount[slot] as number, row, posQty[i] as number);
        posSeen[i] = version;
        unitDirty[slot] = 1;
      }
      const slope = unit.basisSlope[row] as number;
      slopeSum += slope;
      if (slope !== 0) {
        const q = posQty[i] as number;
        slackWeight[sloped] = (q < 0 ? -q : q) * slope;
        slackTime[sloped] = unit.rowTime[row] as number;
        sloped++;
      }
    }
    let maintenance = 0;
    let equity = 0;
    let delta = 0;
    const unitEnd = unitBase + unitCount;
    for (let slot = unitBase; slot < unitEnd; slot++) {
      const kernel = (this.unitOf[slot] as Unit).kernel;
      const accountRow = unitAccount[slot] as number;
      if (unitDirty[slot] === 1) {
        if ((kernel.updates[accountRow] as number) > COMPONENTS_SCAN_REBUILD_AFTER) return false;
        const accountDelta = kernel.deltaAt(accountRow);
        // A figure the kernel cannot bound: infinite maintenance makes `levelMayChange` flag the pool.
        this.unitMaintenance[slot] = kernel.exactOnlyAt(accountRow, accountDelta) ? Infinity : kernel.maintenanceAt(accountRow);
        this.unitDelta[slot] = accountDelta;
        unitDirty[slot] = 0;
      }
      // Units whose vectors did not move keep their figures (a move of one unit's symbol reads only that unit's lanes).
      maintenance += this.unitMaintenance[slot] as number;
      equity += kernel.pnl[accountRow] as number;
      delta += this.unitDelta[slot] as number;
    }
    if (slopeSum > 0) {
      // The same terms in the same order as over every position (a zero slope adds 0).
      for (let k = 0; k < sloped; k++) {
        const dt = nowMs - (slackTime[k] as number);
        delta += (slackWeight[k] as number) * (dt < 0 ? -dt : dt);
      }
    }
    this.maintenance = maintenance;
    this.equity = equity;
    this.delta = delta;
    return true;
  }

  /** The pool's vectors from its positions; undefined (confirm exactly, nothing cached) when a market has no mark. */
  private rebuild(pool: number, owner: PoolOwner, account: Account, old: PoolVectors | undefined): PoolVectors | undefined {
    if (pool < this.fastPools) this.fast[pool * FAST_STRIDE] = 0;
    if (old !== undefined) this.release(old);
    this.pools[pool] = undefined;
    const model = modelOf(account);
    if (model === null || account.portfolioModel === null) return undefined;
    const edits = this.state.scan.edits(pool);
    // Scratch rows (no allocation per pool: the first update after a book is built rebuilds every pool).
    const units = this.scratchUnits;
    units.length = 0;
    const held = this.scratchHeld;
    held.length = 0;
    let n = 0;
    for (const position of account.positions.values()) {
      const market = this.state.markets.get(position.symbol);
      if (market === undefined || market.instrument.settle !== owner.asset || position.margin !== 'cross') continue;
      if (market.markPrice === null) return undefined;
      const params = this.paramsOf(model, market);
      // A components unit: linear only (inverse values P&L in coin); a grid: linear or inverse (grid-scan.ts); futures only (options are excluded above).
      if ('refusal' in params || (params.method !== 'grid' && params.params.settlement !== 'linear')) {
        const cached: PoolVectors = { owner, account, model: model.name, edits, exactOnly: true, posBase: 0, posCount: 0, posCap: 0, unitBase: 0, unitCount: 0, unitCap: 0 };
        this.pools[pool] = cached;
        return cached;
      }
      let unit = this.units.get(params.params);
      if (unit === undefined) this.units.set(params.params, (unit = new Unit(params.params, params.method === 'grid')));
      let u = units.indexOf(unit);
      if (u < 0) u = units.push(unit) - 1;
      const row = unit.rowFor(position, market);
      const contractSize = fixedToNumber(market.instrument.contractSize);
      const entry = fixedToNumber(position.entryPrice);
      this.growScratch(n + 1);
      held.push(position);
      this.scratchUnit[n] = u;
      this.scratchRow[n] = row;
      this.scratchQty[n] = fixedToNumber(position.size);
      // An inverse contract's value in coin is -contractSize / price (grid-scan.ts).
      this.scratchEntry[n] = params.params.settlement === 'inverse' ? -contractSize / entry : entry * contractSize;
      n++;
    }
    // By unit, then in the exact path's key order (an inverse grid converts its dampener at the first position's forward).
    const order = this.scratchOrder;
    for (let k = 0; k < n; k++) order[k] = k;
    if (n <= 32) {
      for (let k = 1; k < n; k++) {
        const x = order[k] as number;
        let j = k - 1;
        while (j >= 0 && this.heldBefore(x, order[j] as number)) {
          order[j + 1] = order[j] as number;
          j--;
        }
        order[j + 1] = x;
      }
    } else order.subarray(0, n).sort((a, b) => (this.heldBefore(a, b) ? -1 : this.heldBefore(b, a) ? 1 : 0));
    const rows = this.sortedRow;
    const quantities = this.sortedQty;
    const entryValues = this.sortedEntry;
    for (let k = 0; k < n; k++) {
      const from = order[k] as number;
      rows[k] = this.scratchRow[from] as number;
      quantities[k] = this.scratchQty[from] as number;
      entryValues[k] = this.scratchEntry[from] as number;
    }
    const unitSegment = this.unitSegments.allocate(units.length);
    const posSegment = this.posSegments.allocate(n);
    this.growTo(posSegment.base + posSegment.cap, unitSegment.base + unitSegment.cap, posSegment.cap, unitSegment.cap);
    let from = 0;
    for (let u = 0; u < units.length; u++) {
      const unit = units[u] as Unit;
      const slot = unitSegment.base + u;
      const accountRow = unit.allocateAccount(this.state.scan.poolCount);
      this.unitOf[slot] = unit;
      this.unitAccount[slot] = accountRow;
      this.unitDirty[slot] = 1;
      let to = from;
      while (to < n && this.scratchUnit[order[to] as number] === u) to++;
      unit.kernel.rebuild(accountRow, rows, quantities, entryValues, from, to, 0);
      from = to;
    }
    for (let k = 0; k < n; k++) {
      const h = order[k] as number;
      const i = posSegment.base + k;
      const u = this.scratchUnit[h] as number;
      this.posUnit[i] = unitSegment.base + u;
      this.posRow[i] = rows[k] as number;
      this.posQty[i] = quantities[k] as number;
      this.posSeen[i] = (units[u] as Unit).version[rows[k] as number] as number;
      this.posHeld[i] = held[h];
    }
    const unitCount = units.length;
    held.length = 0;
    units.length = 0;
    const cached: PoolVectors = {
      owner,
      account,
      model: model.name,
      edits,
      exactOnly: false,
      posBase: posSegment.base,
      posCount: n,
      posCap: posSegment.cap,
      unitBase: unitSegment.base,
      unitCount,
      unitCap: unitSegment.cap,
    };
    this.pools[pool] = cached;
    return cached;
  }

  /** Whether scratch position `a` sorts before `b`: by unit, then by position key. */
  private heldBefore(a: number, b: number): boolean {
    const ua = this.scratchUnit[a] as number;
    const ub = this.scratchUnit[b] as number;
    return ua < ub || (ua === ub && (this.scratchHeld[a] as HeldPosition).key < (this.scratchHeld[b] as HeldPosition).key);
  }

  /** Room for `count` positions in the rebuild's scratch arrays. */
  private growScratch(count: number): void {
    if (count <= this.scratchOrder.length) return;
    const capacity = Math.max(count, this.scratchOrder.length * 2);
    this.scratchUnit = grownInt32(this.scratchUnit, capacity);
    this.scratchRow = grownInt32(this.scratchRow, capacity);
    this.scratchQty = grownFloat64(this.scratchQty, capacity);
    this.scratchEntry = grownFloat64(this.scratchEntry, capacity);
    this.scratchOrder = grownInt32(this.scratchOrder, capacity);
    this.sortedRow = grownInt32(this.sortedRow, capacity);
    this.sortedQty = grownFloat64(this.sortedQty, capacity);
    this.sortedEntry = grownFloat64(this.sortedEntry, capacity);
  }

  /** `paramsFor` remembered per market (while its instrument and the model are the same): a rebuild asks it for every position. */
  private paramsOf(model: EngineModel, market: Market): ModelParams | { readonly refusal: string } {
    const memo = this.paramsMemo.get(market);
    if (memo !== undefined && memo.model === model && memo.instrument === market.instrument) return memo.params;
    const params = paramsFor(model, market);
    this.paramsMemo.set(market, { model, instrument: market.instrument, params });
    return params;
  }

  /**
   * Room for `positions` and `units` entries. When the shared arrays must grow, they grow to what
   * every pool of the scan would need at this pool's size (`posCap`, `unitCap`): the first update
   * after a book is built or restored builds every pool, and growing by a quarter per step cost
   * about forty copies (and the GC work of their buffers) instead of one.
   */
  private growTo(positions: number, units: number, posCap = 0, unitCap = 0): void {
    if (positions > this.posUnit.length || units > this.unitAccount.length) {
      const pools = this.state.scan.poolCount;
      positions = Math.max(positions, pools * posCap);
      units = Math.max(units, pools * unitCap);
    }
    this.posUnit = grownInt32(this.posUnit, positions);
    this.posRow = grownInt32(this.posRow, positions);
    this.posQty = grownFloat64(this.posQty, positions);
    this.posSeen = grownInt32(this.posSeen, positions);
    this.unitAccount = grownInt32(this.unitAccount, units);
    this.unitDirty = grownUint8(this.unitDirty, units);
    this.unitMaintenance = grownFloat64(this.unitMaintenance, units);
    this.unitDelta = grownFloat64(this.unitDelta, units);
  }

  private release(p: PoolVectors): void {
    if (p.exactOnly) return;
    for (let slot = p.unitBase; slot < p.unitBase + p.unitCount; slot++) {
      (this.unitOf[slot] as Unit).freeAccounts.push(this.unitAccount[slot] as number);
      this.unitOf[slot] = undefined;
    }
    for (let i = p.posBase; i < p.posBase + p.posCount; i++) this.posHeld[i] = undefined;
    this.unitSegments.release(p.unitBase, p.unitCap);
    this.posSegments.release(p.posBase, p.posCap);
  }
}

/** Int32 fields per pool in `PortfolioVectors.fast` (six used; eight keeps a record inside one cache line). */
const FAST_STRIDE = 8;

const VECTORS = new WeakMap<EngineState, PortfolioVectors>();

/** The engine's portfolio vectors (created with the first portfolio account). */
export function portfolioVectors(state: EngineState): PortfolioVectors {
  let vectors = VECTORS.get(state);
  if (vectors === undefined) VECTORS.set(state, (vectors = new PortfolioVectors(state)));
  return vectors;
}

