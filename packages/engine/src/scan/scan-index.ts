/**
 * The hot state of the risk scan: struct-of-arrays float64 copies of every position and pool,
 * maintained incrementally beside the exact state, used only as a filter.
 *
 * A slot is one position (signed quantity = size x contractSize, entry price); a pool is what a
 * margin ratio is computed on (a cross account per settle asset, or one isolated position). On a
 * price update the slots of the moved symbols are re-evaluated in float64, their pools re-summed,
 * and each pool whose margin-call level could change is flagged; flagged pools are then confirmed
 * with the exact kernel by the caller. The error bound and why it holds are in docs/risk-scan.md;
 * a property test checks that no pool whose exact level changes is left unflagged.
 */
import { fixedToNumber, isInverse, isQuantityTable, isStepTable, type Instrument, type Profile } from '@margin/core';
import { grownFloat64, grownInt32, grownUint8 } from './growable.js';
import { PoolOwnerColumns } from './pool-owners.js';
import { plainEpoch } from './plain-epoch.js';

export interface PoolOwner {
  readonly accountId: string;
  readonly asset: string;
  /** Isolated position key; null for the cross pool of (account, asset). */
  readonly positionKey: string | null;
}

/** Relative error bound of a pool evaluation, 2^-40 (docs/risk-scan.md). */
export const SCAN_RELATIVE_BOUND = 2 ** -40;
/** Absolute slack per position for the exact kernel's own E18 roundings (<= 3e-18 each). */
export const SCAN_ABSOLUTE_SLACK_PER_POSITION = 1e-16;
/** Pools with more positions than this are always confirmed exactly (the bound assumes fewer). */
export const SCAN_POOL_POSITIONS_MAX = 4096;

const NONE = -1;

/** Process-wide count of `scanSymbols` filter passes (see `ScanIndex.filterPass`): unique across scan indexes, so a cache keyed by it never mistakes one index's pass for another's (a restore builds a new index). */
let filterPasses = 0;

/**
 * Step tables (whole-position rates) jump at a floor, so a float error in the measure there is
 * not bounded by SCAN_RELATIVE_BOUND: a slot this close to a floor (relative) is always flagged.
 */
export const SCAN_STEP_FLOOR_MARGIN = 1e-9;

function nearFloor(measure: number, floor: number): boolean {
  const gap = measure - floor;
  return (gap < 0 ? -gap : gap) <= floor * SCAN_STEP_FLOOR_MARGIN;
}

export class ScanIndex {
  /** Float marks per symbol row. */
  markF = new Float64Array(0);
  private symInverse = new Uint8Array(0);
  private symCloseFeeRate = new Float64Array(0);
  private symTierStart = new Int32Array(0);
  private symTierCount = new Int32Array(0);
  /** Contract size when the tier floors count contracts (OKX); 0 when they are notionals. */
  private symTierDivisor = new Float64Array(0);
  /** 1 when the table's maintenance jumps at its floors (step rule or floors in contracts). */
  private symTierJumps = new Uint8Array(0);
  private symHead = new Int32Array(0);
  private symSlotCount = new Int32Array(0);
  /** 1 when the row's mark or tiers changed since its slots were last evaluated (`scanSymbols`): the slot caches may be stale. */
  private symStale = new Uint8Array(0);
  private tierFloor = new Float64Array(0);
  private tierRate = new Float64Array(0);
  private tierAmount = new Float64Array(0);
  private tierUsed = 0;
  private symbolRows = 0;

  private slotPool = new Int32Array(0);
  private slotSymbol = new Int32Array(0);
  private slotNextInPool = new Int32Array(0);
  private slotPrevInPool = new Int32Array(0);
  private slotNextInSymbol = new Int32Array(0);
  private slotPrevInSymbol = new Int32Array(0);
  private slotQty = new Float64Array(0);
  private slotEntry = new Float64Array(0);
  private slotPnl = new Float64Array(0);
  private slotMm = new Float64Array(0);
  private slotMag = new Float64Array(0);
  private slotRows = 0;
  private readonly freeSlots: number[] = [];
  /** The exact-state object behind each slot (the engine's Position). */
  private readonly slotItems: (object | undefined)[] = [];

  private poolBalance = new Float64Array(0);
  /** Margin-call level per pool (exact state: part of the snapshot through its owner). */
  private poolLevel = new Uint8Array(0);
  private poolHead = new Int32Array(0);
  private poolSlotCount = new Int32Array(0);
  private poolStamp = new Int32Array(0);
  private poolSumPnl = new Float64Array(0);
  private poolSumMm = new Float64Array(0);
  private poolSumMag = new Float64Array(0);
  /** Owner per pool as columns (pool-owners.ts). */
  private readonly poolOwner = new PoolOwnerColumns();
  /** Per pool: a count bumped whenever one of its slots is added, changed or removed (and on undo), for caches kept beside the scan (portfolio/portfolio-vectors.ts). */
  private poolEdit = new Int32Array(0);
  /** Per pool: whether the ADL columns may rank it from the scan arrays alone (state/pool-plain.ts: 0 unknown, 1 plain, 2 not). */
  private poolPlain = new Uint8Array(0);
  /** `plainEpoch()` when the plain flags were last known current (liquidation/adl-columns.ts). */
  plainSyncedEpoch = plainEpoch();
  /**
   * Per pool: 1 when the last call of the pools' own filter decided it (portfolio pools): the
   * linear slot pass of `scanSymbols` then skips evaluating its slots (their tier sums would be
   * thrown away) and marks its slot caches stale (`poolCachesStale`), re-derived before any tier
   * sum reads them (`flaggedFromCaches`, `estimate`). A hint only: either value is safe.
   */
  private poolOwnFiltered = new Uint8Array(0);
  private poolCachesStale = new Uint8Array(0);
  private poolRows = 0;
  private readonly freePools: number[] = [];
  private stamp = 0;
  /** Scratch list of the pools one `scanSymbols` touched (reused: no allocation per holder). */
  private touchedRows = new Int32Array(0);
  /**
   * A pool's own filter where the tier sums these arrays hold are not its requirement (accounts in
   * portfolio margin): true or false decides the flag, null leaves the pool to the tier test;
   * null until the first such account, so the hot paths pay one test.
   */
  private poolFilter: ((pool: number) => boolean | null) | null = null;
  private readonly poolFilters = new Map<string, (pool: number) => boolean | null>();
  /** Undo log of a preview (`startJournal`); null outside one, so the hot paths pay one test. */
  private journal: ScanJournal | null = null;
  /**
   * Nonzero (unique per pass, process-wide) while `scanSymbols` asks the filters about the pools it
   * touched; 0 otherwise. Nothing changes marks or markets during a pass, so a filter may check a
   * market once per pass and trust it for the pass's other pools (portfolio-vectors.ts).
   */
  filterPass = 0;

  private readonly valueAtEntry: boolean;
  /** Profiles whose MM needs the bankruptcy price (fee to close) are confirmed exactly, always. */
  private readonly exactOnly: boolean;
  private readonly thresholds: Float64Array;
  private readonly hysteresis: number;

  constructor(profile: Profile, thresholds: readonly number[], hysteresis: number) {
    this.valueAtEntry = profile.positionValueBasis === 'entry';
    this.exactOnly = profile.maintenanceCloseFee === 'bankruptcy';
    this.thresholds = Float64Array.from(thresholds);
    this.hysteresis = hysteresis;
  }

  /**
   * Install the pools' own filter (see `poolFilter`) under a name (portfolio accounts, multi-asset
   * accounts): the first filter that decides (non-null), in installation order, wins.
   */
  setPoolFilter(filter: (pool: number) => boolean | null, name = 'portfolio'): void {
    this.poolFilters.set(name, filter);
    const filters = [...this.poolFilters.values()];
    this.poolFilter =
      filters.length === 1
        ? filter
        : (pool) => {
            for (const own of filters) {
              const decided = own(pool);
              if (decided !== null) return decided;
            }
            return null;
          };
  }

  /** Whether the pools' own filter clears `pool` (its level and liquidation cannot change); false when none decides or the pool is always confirmed. */
  clearedByPoolFilter(pool: number): boolean {
    if (this.exactOnly || (this.poolSlotCount[pool] ?? 0) > SCAN_POOL_POSITIONS_MAX || this.poolFilter === null) return false;
    return this.poolFilter(pool) === false;
  }

  get positionCount(): number {
    return this.slotRows - this.freeSlots.length;
  }

  get poolCount(): number {
    return this.poolRows - this.freePools.length;
  }

  /** Add or redefine a symbol row (tiers, kind, close fee). */
  defineSymbol(row: number, instrument: Instrument, closeFeeAtMark: boolean): void {
    if (this.journal !== null) this.journalDefine(row);
    if (row >= this.symbolRows) {
      const capacity = row + 1;
      this.markF = grownFloat64(this.markF, capacity);
      this.symInverse = grownUint8(this.symInverse, capacity);
      this.symCloseFeeRate = grownFloat64(this.symCloseFeeRate, capacity);
      this.symTierStart = grownInt32(this.symTierStart, capacity);
      this.symTierCount = grownInt32(this.symTierCount, capacity);
      this.symTierDivisor = grownFloat64(this.symTierDivisor, capacity);
      this.symTierJumps = grownUint8(this.symTierJumps, capacity);
      this.symHead = grownInt32(this.symHead, capacity, NONE);
      this.symSlotCount = grownInt32(this.symSlotCount, capacity);
      this.symStale = grownUint8(this.symStale, capacity);
      for (let r = this.symbolRows; r < capacity; r++) this.symHead[r] = NONE;
      this.symbolRows = capacity;
    }
    const tiers = instrument.tiers;
    const start = this.tierUsed;
    this.tierFloor = grownFloat64(this.tierFloor, start + tiers.length);
    this.tierRate = grownFloat64(this.tierRate, start + tiers.length);
    this.tierAmount = grownFloat64(this.tierAmount, start + tiers.length);
    tiers.forEach((tier, i) => {
      this.tierFloor[start + i] = fixedToNumber(tier.notionalFloor);
      this.tierRate[start + i] = fixedToNumber(tier.maintenanceRate);
      this.tierAmount[start + i] = fixedToNumber(tier.maintenanceAmount);
    });
    this.tierUsed += tiers.length;
    this.symTierStart[row] = start;
    this.symTierCount[row] = tiers.length;
    this.symTierDivisor[row] = isQuantityTable(tiers) ? fixedToNumber(instrument.contractSize) : 0;
    this.symTierJumps[row] = isStepTable(tiers) || isQuantityTable(tiers) ? 1 : 0;
    this.symInverse[row] = isInverse(instrument.kind) ? 1 : 0;
    this.symCloseFeeRate[row] = closeFeeAtMark && instrument.takerFeeRate !== null ? fixedToNumber(instrument.takerFeeRate) : 0;
    this.symStale[row] = 1;
  }

  setMark(row: number, mark: number): void {
    if (this.journal !== null) {
      const old = this.markF[row] as number;
      this.journal.rows.add(row);
      this.journal.undo.push(() => {
        this.markF[row] = old;
      });
    }
    this.markF[row] = mark;
    this.symStale[row] = 1;
  }

  addPool(owner: PoolOwner, balance: number, level = 0): number {
    let pool = this.freePools.pop();
    if (this.journal !== null) this.journalAddPool(pool);
    if (pool === undefined) {
      pool = this.poolRows++;
      const capacity = this.poolRows;
      this.poolBalance = grownFloat64(this.poolBalance, capacity);
      this.poolLevel = grownUint8(this.poolLevel, capacity);
      this.poolHead = grownInt32(this.poolHead, capacity);
      this.poolSlotCount = grownInt32(this.poolSlotCount, capacity);
      this.poolStamp = grownInt32(this.poolStamp, capacity);
      this.poolSumPnl = grownFloat64(this.poolSumPnl, capacity);
      this.poolSumMm = grownFloat64(this.poolSumMm, capacity);
      this.poolSumMag = grownFloat64(this.poolSumMag, capacity);
      this.poolEdit = grownInt32(this.poolEdit, capacity);
      this.poolPlain = grownUint8(this.poolPlain, capacity);
      this.poolOwnFiltered = grownUint8(this.poolOwnFiltered, capacity);
      this.poolCachesStale = grownUint8(this.poolCachesStale, capacity);
    }
    this.poolPlain[pool] = 0;
    this.poolOwner.set(pool, owner);
    this.poolBalance[pool] = balance;
    this.poolLevel[pool] = level;
    this.poolHead[pool] = NONE;
    this.poolSlotCount[pool] = 0;
    this.poolStamp[pool] = 0;
    return pool;
  }

  removePool(pool: number): void {
    if (this.poolSlotCount[pool] !== 0) throw new RangeError('condition failed: pool still holds positions');
    if (this.journal !== null) this.journalRemovePool(pool);
    this.poolOwner.set(pool, undefined);
    this.poolLevel[pool] = 0;
    this.freePools.push(pool);
  }

  /** The pool's edit count (see `poolEdit`): equal counts mean the same slots with the same values. */
  edits(pool: number): number {
    return this.poolEdit[pool] ?? 0;
  }

  /** The pool row of a slot (-1 for a free slot). */
  poolOfSlot(slot: number): number {
    return this.slotPool[slot] ?? NONE;
  }

  /** The pool's float balance (as set by `setPoolBalance`). */
  balance(pool: number): number {
    return this.poolBalance[pool] ?? 0;
  }

  private bumpEdits(pool: number): void {
    if (pool >= 0) this.poolEdit[pool] = (this.poolEdit[pool] ?? 0) + 1;
  }

  /** Margin-call level of a pool (0 none, then one per threshold). */
  level(pool: number): number {
    return this.poolLevel[pool] ?? 0;
  }

  setLevel(pool: number, level: number): void {
    if (this.journal !== null) {
      const old = this.poolLevel[pool] as number;
      this.journal.undo.push(() => {
        this.poolLevel[pool] = old;
      });
    }
    this.poolLevel[pool] = level;
  }

  /** Whether `pool` is in use by `owner` (by value: `owner(pool)` builds a new object per call). */
  isOwner(pool: number, owner: PoolOwner | undefined): boolean {
    return owner !== undefined && this.poolOwner.isOwner(pool, owner);
  }

  owner(pool: number): PoolOwner {
    const owner = this.poolOwner.get(pool);
    if (owner === undefined) throw new RangeError(`condition failed: pool ${pool} is in use`);
    return owner;
  }

  setPoolBalance(pool: number, balance: number): void {
    if (this.journal !== null) {
      const old = this.poolBalance[pool] as number;
      this.journal.undo.push(() => {
        this.poolBalance[pool] = old;
      });
    }
    this.poolBalance[pool] = balance;
  }

  addSlot(pool: number, symbolRow: number, quantity: number, entry: number, item: object): number {
    let slot = this.freeSlots.pop();
    if (this.journal !== null) this.journalAddSlot(slot);
    if (slot === undefined) {
      slot = this.slotRows++;
      const capacity = this.slotRows;
      this.slotPool = grownInt32(this.slotPool, capacity);
      this.slotSymbol = grownInt32(this.slotSymbol, capacity);
      this.slotNextInPool = grownInt32(this.slotNextInPool, capacity);
      this.slotPrevInPool = grownInt32(this.slotPrevInPool, capacity);
      this.slotNextInSymbol = grownInt32(this.slotNextInSymbol, capacity);
      this.slotPrevInSymbol = grownInt32(this.slotPrevInSymbol, capacity);
      this.slotQty = grownFloat64(this.slotQty, capacity);
      this.slotEntry = grownFloat64(this.slotEntry, capacity);
      this.slotPnl = grownFloat64(this.slotPnl, capacity);
      this.slotMm = grownFloat64(this.slotMm, capacity);
      this.slotMag = grownFloat64(this.slotMag, capacity);
    }
    this.slotPool[slot] = pool;
    this.slotItems[slot] = item;
    this.slotSymbol[slot] = symbolRow;
    this.slotQty[slot] = quantity;
    this.slotEntry[slot] = entry;
    // Link at the head of the pool list and of the symbol list.
    const poolHead = this.poolHead[pool] ?? NONE;
    this.slotPrevInPool[slot] = NONE;
    this.slotNextInPool[slot] = poolHead;
    if (poolHead !== NONE) this.slotPrevInPool[poolHead] = slot;
    this.poolHead[pool] = slot;
    this.poolSlotCount[pool] = (this.poolSlotCount[pool] ?? 0) + 1;
    const symbolHead = this.symHead[symbolRow] ?? NONE;
    this.slotPrevInSymbol[slot] = NONE;
    this.slotNextInSymbol[slot] = symbolHead;
    if (symbolHead !== NONE) this.slotPrevInSymbol[symbolHead] = slot;
    this.symHead[symbolRow] = slot;
    this.symSlotCount[symbolRow] = (this.symSlotCount[symbolRow] ?? 0) + 1;
    this.bumpEdits(pool);
    this.evaluateSlot(slot);
    return slot;
  }

  updateSlot(slot: number, quantity: number, entry: number): void {
    if (this.journal !== null) this.journalSlotValues(slot);
    this.slotQty[slot] = quantity;
    this.slotEntry[slot] = entry;
    this.bumpEdits(this.slotPool[slot] as number);
    this.evaluateSlot(slot);
  }

  removeSlot(slot: number): void {
    if (this.journal !== null) this.journalRemoveSlot(slot);
    this.bumpEdits(this.slotPool[slot] as number);
    this.unlinkSlot(slot);
    this.slotPool[slot] = NONE;
    this.slotItems[slot] = undefined;
    this.freeSlots.push(slot);
  }

  /** Take a slot out of its pool list and its symbol list. */
  private unlinkSlot(slot: number): void {
    const pool = this.slotPool[slot] ?? NONE;
    const prevP = this.slotPrevInPool[slot] ?? NONE;
    const nextP = this.slotNextInPool[slot] ?? NONE;
    if (prevP === NONE) this.poolHead[pool] = nextP;
    else this.slotNextInPool[prevP] = nextP;
    if (nextP !== NONE) this.slotPrevInPool[nextP] = prevP;
    this.poolSlotCount[pool] = (this.poolSlotCount[pool] ?? 0) - 1;
    const row = this.slotSymbol[slot] ?? NONE;
    const prevS = this.slotPrevInSymbol[slot] ?? NONE;
    const nextS = this.slotNextInSymbol[slot] ?? NONE;
    if (prevS === NONE) this.symHead[row] = nextS;
    else this.slotNextInSymbol[prevS] = nextS;
    if (nextS !== NONE) this.slotPrevInSymbol[nextS] = prevS;
    this.symSlotCount[row] = (this.symSlotCount[row] ?? 0) - 1;
  }

  /** The items of every slot of a symbol row (in no particular order: callers sort). */
  itemsOfSymbol(row: number): object[] {
    const items: object[] = [];
    for (let slot = this.symHead[row] ?? NONE; slot !== NONE; slot = this.slotNextInSymbol[slot] as number) {
      const item = this.slotItems[slot];
      if (item !== undefined) items.push(item);
    }
    this.journal?.onItems(items);
    return items;
  }

  /** `itemsOfSymbol` without telling a preview: for a reader that records what it goes on to change (the ADL queue). */
  itemsOfSymbolQuiet(row: number): object[] {
    const items: object[] = [];
    for (let slot = this.symHead[row] ?? NONE; slot !== NONE; slot = this.slotNextInSymbol[slot] as number) {
      const item = this.slotItems[slot];
      if (item !== undefined) items.push(item);
    }
    return items;
  }

  symbolPositionCount(row: number): number {
    return this.symSlotCount[row] ?? 0;
  }

  /** Float PnL, maintenance and error magnitude of one slot at the current float mark. */
  private evaluateSlot(slot: number): void {
    const row = this.slotSymbol[slot] as number;
    const q = this.slotQty[slot] as number;
    const entry = this.slotEntry[slot] as number;
    const mark = this.markF[row] as number;
    const size = q < 0 ? -q : q;
    let pnl: number;
    let notionalMark: number;
    let magnitude: number;
    let notionalEntry: number;
    if (this.symInverse[row] === 1) {
      pnl = q / entry - q / mark;
      notionalMark = size / mark;
      notionalEntry = size / entry;
      magnitude = notionalEntry + notionalMark;
    } else {
      pnl = q * (mark - entry);
      notionalMark = size * mark;
      notionalEntry = size * entry;
      magnitude = notionalMark + notionalEntry;
    }
    const notional = this.valueAtEntry ? notionalEntry : notionalMark;
    const divisor = this.symTierDivisor[row] as number;
    const measure = divisor > 0 ? size / divisor : notional;
    let tier = this.symTierStart[row] as number;
    const end = tier + (this.symTierCount[row] as number);
    while (tier + 1 < end && (this.tierFloor[tier + 1] as number) <= measure) tier++;
    const amount = this.tierAmount[tier] as number;
    const jump =
      this.symTierJumps[row] === 1 &&
      (nearFloor(measure, this.tierFloor[tier] as number) || (tier + 1 < end && nearFloor(measure, this.tierFloor[tier + 1] as number)));
    this.slotPnl[slot] = pnl;
    this.slotMm[slot] = notional * (this.tierRate[tier] as number) - amount + notionalMark * (this.symCloseFeeRate[row] as number);
    // A missing or non-positive mark, or a measure at a step floor, makes the magnitude infinite: the pool is always flagged.
    this.slotMag[slot] = mark > 0 && !jump ? magnitude + amount : Infinity;
  }

  /** Whether the pool's level could change given its float sums (docs/risk-scan.md). */
  private flagged(pool: number, sumPnl: number, sumMm: number, sumMag: number, ownAsked = false): boolean {
    const count = this.poolSlotCount[pool] as number;
    if (!ownAsked) {
      const own = this.ownFlag(pool);
      if (own !== null) return own;
    }
    const balance = this.poolBalance[pool] as number;
    const equity = balance + sumPnl;
    const maintenance = sumMm;
    const delta = SCAN_RELATIVE_BOUND * ((balance < 0 ? -balance : balance) + sumMag) + SCAN_ABSOLUTE_SLACK_PER_POSITION * (count + 1);
    if (!Number.isFinite(equity) || !Number.isFinite(maintenance) || !Number.isFinite(delta)) return true;
    // Liquidation (equity < maintenance, whatever the level): both sums may be off by delta.
    if (maintenance - equity > -2 * delta) return true;
    const level = this.poolLevel[pool] as number;
    const thresholds = this.thresholds;
    if (level < thresholds.length) {
      const up = thresholds[level] as number;
      if (maintenance + delta > 0 && maintenance - up * equity >= -delta * (1 + up)) return true;
    }
    if (level > 0) {
      const rearm = (thresholds[level - 1] as number) - this.hysteresis;
      if (maintenance - delta <= 0 || maintenance - rearm * equity < delta * (1 + rearm)) return true;
    }
    return false;
  }

  /** The flag before the tier test: true for pools always confirmed, the pools' own filter's decision, or null (tier test). */
  private ownFlag(pool: number): boolean | null {
    if (this.exactOnly || (this.poolSlotCount[pool] as number) > SCAN_POOL_POSITIONS_MAX) return true;
    if (this.poolFilter === null) return null;
    const own = this.poolFilter(pool);
    this.poolOwnFiltered[pool] = own === null ? 0 : 1;
    return own;
  }

  /** Re-evaluate a pool's slot caches if the slot pass skipped them (`poolOwnFiltered`). */
  private freshenPool(pool: number): void {
    if (this.poolCachesStale[pool] !== 1) return;
    for (let slot = this.poolHead[pool] as number; slot !== NONE; slot = this.slotNextInPool[slot] as number) this.evaluateSlot(slot);
    this.poolCachesStale[pool] = 0;
    // A preview's rollback may put back cache values saved before this refresh.
    if (this.journal !== null)
      this.journal.undo.push(() => {
        this.poolCachesStale[pool] = 1;
      });
  }

  /** Re-evaluate the slots of the given symbol rows; returns the flagged pools (ascending). */
  scanSymbols(rows: readonly number[]): number[] {
    // The slot caches written here are re-derived on rollback (they are a function of the marks).
    if (this.journal !== null) for (const row of rows) this.journal.rows.add(row);
    const stamp = ++this.stamp;
    // The touched pools go to a reused typed array, not a fresh JS array: growing a 100k-element
    // array by push on every price cost more than the scan itself (docs/benchmarks.md, "Engine:
    // one-symbol tick and flagging, issue 16").
    let touched = this.touchedRows;
    let count = 0;
    for (const row of rows) {
      const needed = count + (this.symSlotCount[row] ?? 0);
      if (touched.length < needed) touched = this.touchedRows = grownInt32(touched, needed);
      this.symStale[row] = 0;
      for (let slot = this.symHead[row] ?? NONE; slot !== NONE; slot = this.slotNextInSymbol[slot] as number) {
        const pool = this.slotPool[slot] as number;
        // A pool its own filter decides last time (portfolio margin) is not tier-summed: skip its slot.
        if (this.poolOwnFiltered[pool] === 1) this.poolCachesStale[pool] = 1;
        else this.evaluateSlot(slot);
        if (this.poolStamp[pool] !== stamp) {
          this.poolStamp[pool] = stamp;
          touched[count++] = pool;
        }
      }
    }
    const flagged: number[] = [];
    this.filterPass = ++filterPasses;
    try {
      for (let i = 0; i < count; i++) {
        const pool = touched[i] as number;
        if (this.flaggedFromCaches(pool)) flagged.push(pool);
      }
    } finally {
      this.filterPass = 0;
    }
    return flagged.sort((a, b) => a - b);
  }

  /** Sum a pool's slot caches and test it (`flagged`). */
  private flaggedFromCaches(pool: number): boolean {
    const own = this.ownFlag(pool);
    if (own !== null) return own;
    this.freshenPool(pool);
    let sumPnl = 0;
    let sumMm = 0;
    let sumMag = 0;
    for (let slot = this.poolHead[pool] as number; slot !== NONE; slot = this.slotNextInPool[slot] as number) {
      sumPnl += this.slotPnl[slot] as number;
      sumMm += this.slotMm[slot] as number;
      sumMag += this.slotMag[slot] as number;
    }
    return this.flagged(pool, sumPnl, sumMm, sumMag, true);
  }

  /**
   * Re-evaluate every slot and pool; returns the flagged pools (ascending). The same arithmetic as
   * `evaluateSlot`, written out over local array references (the hot loop of the full rescan).
   */
  rescanAll(): number[] {
    const pools = this.poolRows;
    const sumPnl = this.poolSumPnl;
    const sumMm = this.poolSumMm;
    const sumMag = this.poolSumMag;
    sumPnl.fill(0, 0, pools);
    sumMm.fill(0, 0, pools);
    sumMag.fill(0, 0, pools);
    const slotPool = this.slotPool;
    const slotSymbol = this.slotSymbol;
    const slotQty = this.slotQty;
    const slotEntry = this.slotEntry;
    const markF = this.markF;
    const inverse = this.symInverse;
    const closeFeeRate = this.symCloseFeeRate;
    const tierStart = this.symTierStart;
    const tierCount = this.symTierCount;
    const tierFloor = this.tierFloor;
    const tierRate = this.tierRate;
    const tierAmount = this.tierAmount;
    const tierDivisor = this.symTierDivisor;
    const tierJumps = this.symTierJumps;
    const valueAtEntry = this.valueAtEntry;
    let pool = NONE;
    let poolPnl = 0;
    let poolMm = 0;
    let poolMag = 0;
    for (let slot = 0; slot < this.slotRows; slot++) {
      const slotPoolRow = slotPool[slot] as number;
      if (slotPoolRow === NONE) continue;
      if (slotPoolRow !== pool) {
        // Slots of one pool are mostly adjacent: accumulate in locals, flush on change.
        if (pool !== NONE) {
          sumPnl[pool] = (sumPnl[pool] as number) + poolPnl;
          sumMm[pool] = (sumMm[pool] as number) + poolMm;
          sumMag[pool] = (sumMag[pool] as number) + poolMag;
        }
        pool = slotPoolRow;
        poolPnl = 0;
        poolMm = 0;
        poolMag = 0;
      }
      const row = slotSymbol[slot] as number;
      const q = slotQty[slot] as number;
      const entry = slotEntry[slot] as number;
      const mark = markF[row] as number;
      const size = q < 0 ? -q : q;
      let pnl: number;
      let notionalMark: number;
      let notionalEntry: number;
      if (inverse[row] === 1) {
        pnl = q / entry - q / mark;
        notionalMark = size / mark;
        notionalEntry = size / entry;
      } else {
        pnl = q * (mark - entry);
        notionalMark = size * mark;
        notionalEntry = size * entry;
      }
      const notional = valueAtEntry ? notionalEntry : notionalMark;
      const divisor = tierDivisor[row] as number;
      const measure = divisor > 0 ? size / divisor : notional;
      let tier = tierStart[row] as number;
      const end = tier + (tierCount[row] as number);
      while (tier + 1 < end && (tierFloor[tier + 1] as number) <= measure) tier++;
      const amount = tierAmount[tier] as number;
      const mm = notional * (tierRate[tier] as number) - amount + notionalMark * (closeFeeRate[row] as number);
      const jump =
        tierJumps[row] === 1 && (nearFloor(measure, tierFloor[tier] as number) || (tier + 1 < end && nearFloor(measure, tierFloor[tier + 1] as number)));
      const magnitude = mark > 0 && !jump ? notionalMark + notionalEntry + amount : Infinity;
      // The per-slot caches are not written back: every mark change re-evaluates its symbol's
      // slots at once (scanSymbols) or marks their pool stale (`poolCachesStale`, re-derived
      // before a tier sum), so they hold these values when read; skipping the stores saves a
      // third of the memory traffic of the pass.
      poolPnl += pnl;
      poolMm += mm;
      poolMag += magnitude;
    }
    if (pool !== NONE) {
      sumPnl[pool] = (sumPnl[pool] as number) + poolPnl;
      sumMm[pool] = (sumMm[pool] as number) + poolMm;
      sumMag[pool] = (sumMag[pool] as number) + poolMag;
    }
    const flagged: number[] = [];
    for (let p = 0; p < pools; p++) {
      if (!this.poolOwner.has(p) || this.poolSlotCount[p] === 0) continue;
      if (this.flagged(p, sumPnl[p] as number, sumMm[p] as number, sumMag[p] as number)) flagged.push(p);
    }
    return flagged;
  }

  /**
   * Re-sum the given pools from their slot caches (current: every mark change re-evaluates its
   * symbol's slots, or marks the pool stale and `freshenPool` re-derives them) after their balances moved; returns those that could change level or be
   * liquidatable, ascending.
   */
  flagPools(pools: readonly number[]): number[] {
    return [...new Set(pools)].sort((a, b) => a - b).filter((pool) => this.poolOwner.has(pool) && this.flaggedFromCaches(pool));
  }

  /** The error bound of the last `equityFromCaches` (the tier test's bound without maintenance). */
  equityBound = 0;

  /**
   * A pool's float equity, balance + its slots' cached P&L (current: every mark change
   * re-evaluates its symbol's slots), for a pool filter that keeps its own exact requirement
   * (portfolio/span-scan.ts); its bound, the tier test's, is left in `equityBound`. No allocation.
   */
  equityFromCaches(pool: number): number {
    // This pool's own filter asks (SPAN): the slot pass skipped its slots when it decided last time (ADR 0039).
    this.freshenPool(pool);
    let sumPnl = 0;
    let sumMag = 0;
    for (let slot = this.poolHead[pool] as number; slot !== NONE; slot = this.slotNextInPool[slot] as number) {
      sumPnl += this.slotPnl[slot] as number;
      sumMag += this.slotMag[slot] as number;
    }
    const balance = this.poolBalance[pool] as number;
    this.equityBound = SCAN_RELATIVE_BOUND * ((balance < 0 ? -balance : balance) + sumMag) + SCAN_ABSOLUTE_SLACK_PER_POSITION * ((this.poolSlotCount[pool] as number) + 1);
    return balance + sumPnl;
  }

  /** Float estimate of a pool (for tests and diagnostics): equity, maintenance, error bound. */
  estimate(pool: number): { equity: number; maintenance: number; bound: number } {
    let sumPnl = 0;
    let sumMm = 0;
    let sumMag = 0;
    for (let slot = this.poolHead[pool] as number; slot !== NONE; slot = this.slotNextInPool[slot] as number) {
      this.evaluateSlot(slot);
      sumPnl += this.slotPnl[slot] as number;
      sumMm += this.slotMm[slot] as number;
      sumMag += this.slotMag[slot] as number;
    }
    const balance = this.poolBalance[pool] as number;
    const count = this.poolSlotCount[pool] as number;
    return {
      equity: balance + sumPnl,
      maintenance: sumMm,
      bound: SCAN_RELATIVE_BOUND * (Math.abs(balance) + sumMag) + SCAN_ABSOLUTE_SLACK_PER_POSITION * (count + 1),
    };
  }

  /** Re-derive a pool's slot caches if the slot pass skipped them (ADR 0039), for readers of the raw columns (the ADL columns). */
  freshenPoolCaches(pool: number): void {
    this.freshenPool(pool);
  }

  /** The pool's plain flag for the ADL columns: 0 unknown, 1 plain, 2 not plain (state/pool-plain.ts). */
  plainOf(pool: number): number {
    return this.poolPlain[pool] ?? 0;
  }

  /** Set the pool's plain flag (0 forgets it); undone by a preview's rollback. */
  setPlain(pool: number, flag: number): void {
    if (pool < 0 || pool >= this.poolRows) return;
    const old = this.poolPlain[pool] as number;
    if (old === flag) return;
    if (this.journal !== null) {
      this.journal.undo.push(() => {
        this.poolPlain[pool] = old;
      });
    }
    this.poolPlain[pool] = flag;
  }

  /** Forget every pool's plain flag (an account field they depend on changed somewhere: `plainEpoch`). */
  forgetAllPlain(): void {
    if (this.journal !== null) {
      const saved = this.poolPlain.slice(0, this.poolRows);
      const synced = this.plainSyncedEpoch;
      this.journal.undo.push(() => {
        this.poolPlain.set(saved);
        this.plainSyncedEpoch = synced;
      });
    }
    this.poolPlain.fill(0, 0, this.poolRows);
  }

  /** Pool rows in use or free (an upper bound of every pool row). */
  get poolRowCount(): number {
    return this.poolRows;
  }

  /**
   * The arrays the ADL columns read (liquidation/adl-columns.ts), as of now (growth replaces them:
   * read again after any change). Read-only for the caller; `freshSlot` first where `symStale`.
   */
  adlColumns(): AdlScanColumns {
    return {
      symHead: this.symHead,
      symStale: this.symStale,
      slotNextInSymbol: this.slotNextInSymbol,
      slotNextInPool: this.slotNextInPool,
      slotSymbol: this.slotSymbol,
      slotPool: this.slotPool,
      slotQty: this.slotQty,
      slotEntry: this.slotEntry,
      slotPnl: this.slotPnl,
      slotMm: this.slotMm,
      slotMag: this.slotMag,
      slotItems: this.slotItems,
      poolHead: this.poolHead,
      poolSlotCount: this.poolSlotCount,
      poolBalance: this.poolBalance,
      poolPlain: this.poolPlain,
    };
  }

  /** Re-evaluate one slot's float caches from its row's current mark and tiers. */
  freshSlot(slot: number): void {
    this.evaluateSlot(slot);
  }

  /**
   * Preview support (engine/src/preview): from now on every change to the rows is logged so that
   * `rollbackJournal` puts them back exactly (same rows, links, free lists, balances, levels,
   * caches); `onItems` sees every item list handed out, so the caller can save those objects
   * before they change. Cost: one record per change, nothing for rows that are not touched.
   */
  startJournal(onItems: (items: readonly object[]) => void): void {
    if (this.journal !== null) throw new RangeError('condition failed: one scan journal at a time');
    this.journal = { undo: [], rows: new Set(), onItems };
  }

  /** Undo every logged change, newest first, then re-derive the caches of the re-marked rows. */
  rollbackJournal(): void {
    const journal = this.journal;
    if (journal === null) throw new RangeError('condition failed: a scan journal is open');
    this.journal = null;
    for (let i = journal.undo.length - 1; i >= 0; i--) (journal.undo[i] as () => void)();
    for (const row of journal.rows) {
      for (let slot = this.symHead[row] ?? NONE; slot !== NONE; slot = this.slotNextInSymbol[slot] as number) this.evaluateSlot(slot);
    }
  }

  private journalDefine(row: number): void {
    const journal = this.journal as ScanJournal;
    const rows = this.symbolRows;
    const tierUsed = this.tierUsed;
    const saved =
      row < rows
        ? [this.symTierStart[row], this.symTierCount[row], this.symInverse[row], this.symCloseFeeRate[row], this.symTierDivisor[row], this.symTierJumps[row]]
        : null;
    journal.undo.push(() => {
      this.symbolRows = rows;
      this.tierUsed = tierUsed;
      if (saved === null) return;
      this.symTierStart[row] = saved[0] as number;
      this.symTierCount[row] = saved[1] as number;
      this.symInverse[row] = saved[2] as number;
      this.symCloseFeeRate[row] = saved[3] as number;
      this.symTierDivisor[row] = saved[4] as number;
      this.symTierJumps[row] = saved[5] as number;
    });
  }

  private journalAddPool(reused: number | undefined): void {
    const journal = this.journal as ScanJournal;
    const rows = this.poolRows;
    journal.undo.push(() => {
      const pool = reused ?? rows;
      this.poolOwner.set(pool, undefined);
      this.poolLevel[pool] = 0;
      if (reused === undefined) this.poolRows = rows;
      else this.freePools.push(reused);
    });
  }

  private journalRemovePool(pool: number): void {
    const journal = this.journal as ScanJournal;
    const owner = this.poolOwner.get(pool);
    const level = this.poolLevel[pool] as number;
    journal.undo.push(() => {
      const freed = this.freePools.pop();
      if (freed !== pool) throw new RangeError('condition failed: scan journal undoes in order');
      this.poolOwner.set(pool, owner);
      this.poolLevel[pool] = level;
    });
  }

  private journalAddSlot(reused: number | undefined): void {
    const journal = this.journal as ScanJournal;
    const rows = this.slotRows;
    journal.undo.push(() => {
      const slot = reused ?? rows;
      this.bumpEdits(this.slotPool[slot] as number);
      this.unlinkSlot(slot);
      this.slotPool[slot] = NONE;
      this.slotItems[slot] = undefined;
      if (reused === undefined) this.slotRows = rows;
      else this.freeSlots.push(reused);
    });
  }

  private journalSlotValues(slot: number): void {
    const journal = this.journal as ScanJournal;
    const values = [this.slotQty[slot], this.slotEntry[slot], this.slotPnl[slot], this.slotMm[slot], this.slotMag[slot]] as number[];
    journal.undo.push(() => {
      this.bumpEdits(this.slotPool[slot] as number);
      [this.slotQty[slot], this.slotEntry[slot], this.slotPnl[slot], this.slotMm[slot], this.slotMag[slot]] = values as [number, number, number, number, number];
    });
  }

  private journalRemoveSlot(slot: number): void {
    const journal = this.journal as ScanJournal;
    const pool = this.slotPool[slot] as number;
    const row = this.slotSymbol[slot] as number;
    const item = this.slotItems[slot];
    const prevP = this.slotPrevInPool[slot] as number;
    const nextP = this.slotNextInPool[slot] as number;
    const prevS = this.slotPrevInSymbol[slot] as number;
    const nextS = this.slotNextInSymbol[slot] as number;
    this.journalSlotValues(slot);
    journal.undo.push(() => {
      // Runs before the values above are restored (newest first); the neighbours are as they were.
      const freed = this.freeSlots.pop();
      if (freed !== slot) throw new RangeError('condition failed: scan journal undoes in order');
      this.slotPool[slot] = pool;
      this.slotSymbol[slot] = row;
      this.slotItems[slot] = item;
      this.slotPrevInPool[slot] = prevP;
      this.slotNextInPool[slot] = nextP;
      if (prevP === NONE) this.poolHead[pool] = slot;
      else this.slotNextInPool[prevP] = slot;
      if (nextP !== NONE) this.slotPrevInPool[nextP] = slot;
      this.poolSlotCount[pool] = (this.poolSlotCount[pool] as number) + 1;
      this.slotPrevInSymbol[slot] = prevS;
      this.slotNextInSymbol[slot] = nextS;
      if (prevS === NONE) this.symHead[row] = slot;
      else this.slotNextInSymbol[prevS] = slot;
      if (nextS !== NONE) this.slotPrevInSymbol[nextS] = slot;
      this.symSlotCount[row] = (this.symSlotCount[row] as number) + 1;
    });
  }
}

/** Typed-array views of the scan for the ADL columns (`ScanIndex.adlColumns`). */
export interface AdlScanColumns {
  readonly symHead: Int32Array;
  readonly symStale: Uint8Array;
  readonly slotNextInSymbol: Int32Array;
  readonly slotNextInPool: Int32Array;
  readonly slotSymbol: Int32Array;
  readonly slotPool: Int32Array;
  readonly slotQty: Float64Array;
  readonly slotEntry: Float64Array;
  readonly slotPnl: Float64Array;
  readonly slotMm: Float64Array;
  readonly slotMag: Float64Array;
  readonly slotItems: readonly (object | undefined)[];
  readonly poolHead: Int32Array;
  readonly poolSlotCount: Int32Array;
  readonly poolBalance: Float64Array;
  readonly poolPlain: Uint8Array;
}

interface ScanJournal {
  /** Inverse of each logged change, in the order the changes were made. */
  readonly undo: (() => void)[];
  /** Symbol rows whose marks or slot caches moved: their caches are re-derived on rollback. */
  readonly rows: Set<number>;
  readonly onItems: (items: readonly object[]) => void;
}
