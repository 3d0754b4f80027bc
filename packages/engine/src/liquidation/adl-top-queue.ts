/**
 * ADL queue ranked only as deep as the deficits need (ADR 0033). The ranking is the one `rankSide`
 * gives (same order, ranks and count, as of the moment the side is first needed in the command),
 * but most holders never get an exact candidate:
 *
 * - At ranking time every holder gets a float interval that surely holds its exact score: from
 *   the scan's float pool estimate (equity and maintenance each within the scan's bound) and the
 *   position's own values in float, widened generously. Holders whose pool the float cannot bound
 *   (portfolio margin, options in the pool, an infinite bound) get their exact candidate at once.
 * - For depth k, L = the k-th highest lower bound; a holder whose upper bound is below L is
 *   strictly below at least k holders, so the top k of the exact order are among those with an
 *   upper bound >= L. Only those get exact candidates and go through core's `adlOrder`; its
 *   first k entries are the global ranks 1..k. When the queue is consumed past k, k grows x4.
 * - The exact figures of a holder ranked later must be those of ranking time, while the cascade
 *   may have changed its pool meanwhile: each deferred holder gets a snapshot of what its pool
 *   figures are a function of (wallet or isolated units, and each leg's instrument, size, entry and
 *   mark; bigints are immutable, so these are references, not copies), and its figures are taken
 *   from the snapshot with core's pool kernel, the arithmetic `accountFigures` uses. The snapshot
 *   is taken lazily: just before the holder's pool first changes (state/pool-watch.ts, called by
 *   the ledger and the position functions, the only writers of a pool's inputs), or, for a pool
 *   that never changed, from the live state when the ranking reaches the holder. So a ranking
 *   that uses only its first entries never walks the other holders' positions.
 *
 * Tripwires, checked at ranking time on every holder that gets an exact candidate then: the
 * snapshot figures equal `poolTotals`, and the exact score lies in the float interval. If either
 * fails (a pool term this module does not know), the side is ranked in full as before.
 */
import {
  adlOrder,
  adlScoreEstimate,
  fromUnits,
  isInverse,
  legMaintenance,
  legPnl,
  notionalAt,
  poolKernelSupports,
  type AdlCandidate,
  type AdlMethod,
  type Fixed,
  type Instrument,
  type Side,
} from '@margin/core';
import { walletUnits } from '../ledger/ledger.js';
import { watchPools } from '../state/pool-watch.js';
import type { Account, EngineState, Market, Position } from '../state/types.js';
import { ADL_SCORE_SLACK, adlColumnStats, holderAccount, selectAscending, sideHolders } from './adl-columns.js';
import { PoolHolders } from './adl-pool-holders.js';
import { AdlQueue, rankSide, type RankedPosition } from './adl-ranks.js';
import { absSize } from './close.js';
import { decimalsOf, poolTotals } from './pool-state.js';

/** Depth of the first exact ranking; each extension multiplies it by 4. */
export const ADL_INITIAL_DEPTH = 32;
/** Relative widening of every float score bound (the float error itself is below 1e-12). */
const SLACK = ADL_SCORE_SLACK;

/** Mode for tests: 'full' makes every queue the full ranking (the reference the top-k queue must equal). */
let mode: 'top' | 'full' = 'top';
let depthSetting = ADL_INITIAL_DEPTH;
export function setAdlQueueMode(next: 'top' | 'full', initialDepth = ADL_INITIAL_DEPTH): void {
  mode = next;
  depthSetting = initialDepth;
}

/** The ADL queue of one side, ranked as of now: top-k where the profile allows it, else in full. */
export function adlQueueOf(state: EngineState, market: Market, side: Side, initialDepth = depthSetting): AdlQueue {
  if (mode === 'top' && poolKernelSupports(state.profile) && market.markPrice !== null) {
    const queue = TopAdlQueue.rank(state, market, side, initialDepth);
    if (queue !== null) return queue;
  }
  return new AdlQueue(state, rankSide(state, market, side).ranked);
}

const byAccountThenKey = (a: Position, b: Position): number =>
  a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

function value(instrument: Instrument, side: Side, size: Fixed, price: Fixed): Fixed {
  const notional = notionalAt(instrument, size, price, 'ceil');
  const sign = side === 'long' ? 1n : -1n;
  return isInverse(instrument.kind) ? -sign * notional : sign * notional;
}

/**
 * The first `depth` of `indices` in (account, key) order of their positions, ascending: one pass
 * that keeps the best `depth` (most indices fail one comparison with the worst kept), not a sort of
 * every tie (a symbol left at its entries ties all its holders at score 0).
 */
function firstByAccountThenKey(indices: readonly number[], positions: readonly Position[], depth: number): number[] {
  if (indices.length <= depth) return [...indices];
  const best: number[] = [];
  for (const i of indices) {
    const position = positions[i] as Position;
    if (best.length === depth && byAccountThenKey(position, positions[best[depth - 1] as number] as Position) >= 0) continue;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (byAccountThenKey(positions[best[mid] as number] as Position, position) <= 0) low = mid + 1;
      else high = mid;
    }
    best.splice(low, 0, i);
    if (best.length > depth) best.pop();
  }
  return best;
}

const UNKNOWN_LO = Number.NEGATIVE_INFINITY;
const UNKNOWN_HI = Number.POSITIVE_INFINITY;

class TopAdlQueue extends AdlQueue {
  private readonly count: number;
  private readonly candidates: (AdlCandidate | undefined)[];
  /** Each holder's account, resolved when first needed (exact figures, a snapshot, a rank handed out). */
  private readonly accounts: (Account | undefined)[];
  /** Deferred holders: wallet (cross) or isolated units at snapshot time, and their legs. */
  private readonly balanceUnits: bigint[];
  private readonly legStart: Int32Array;
  private readonly legEnd: Int32Array;
  /** 1 once the holder's snapshot is taken (deferred holders only). */
  private readonly snapped: Uint8Array;
  /** 1 for a holder whose candidate waits for the ranking's need (its pool is plain). */
  private readonly deferred: Uint8Array;
  /** Deferred holders with neither a snapshot nor a candidate: while any, the queue watches the pools. */
  private open = 0;
  /** Deferred holders not snapshotted yet, by scan pool row: the first, then `nextInPool`. */
  private readonly firstInPool: PoolHolders;
  private readonly nextInPool: Int32Array;
  private unwatch: (() => void) | null = null;
  private readonly legInstrument: Instrument[] = [];
  private readonly legSize: Fixed[] = [];
  private readonly legEntry: Fixed[] = [];
  private readonly legMark: Fixed[] = [];
  /** Size and entry of each holder's position as of the ranking (taken with its snapshot or candidate). */
  private readonly sizes: Fixed[];
  private readonly entryPrices: Fixed[];
  private entriesRanked: RankedPosition[] = [];
  private trusted = 0;
  private depth: number;
  private cursorTop = 0;

  private constructor(
    private readonly stateRef: EngineState,
    private readonly market: Market & { markPrice: Fixed },
    private readonly side: Side,
    private readonly positions: readonly Position[],
    private readonly lo: Float64Array,
    private readonly hi: Float64Array,
    initialDepth: number,
  ) {
    super(stateRef, []);
    this.count = positions.length;
    this.candidates = new Array<AdlCandidate | undefined>(this.count);
    this.accounts = new Array<Account | undefined>(this.count);
    this.balanceUnits = new Array<bigint>(this.count);
    this.legStart = new Int32Array(this.count);
    this.legEnd = new Int32Array(this.count);
    this.snapped = new Uint8Array(this.count);
    this.deferred = new Uint8Array(this.count);
    this.firstInPool = new PoolHolders(this.count);
    this.nextInPool = new Int32Array(this.count);
    this.sizes = new Array<Fixed>(this.count);
    this.entryPrices = new Array<Fixed>(this.count);
    this.depth = Math.max(1, initialDepth);
  }

  /**
   * Rank `side` of `market` as of now; null when a tripwire says to rank in full. The float bounds
   * come from the scan's columns (adl-columns.ts): no holder's account is read here except the
   * holders of pools that are not plain (exact candidates at once) and those the ranking reaches.
   */
  static rank(state: EngineState, market: Market, side: Side, initialDepth: number): TopAdlQueue | null {
    const marked = market as Market & { markPrice: Fixed };
    const holders = sideHolders(state, marked, side, state.liquidation.rules.adlRanking);
    const queue = new TopAdlQueue(state, marked, side, holders.positions, holders.lo, holders.hi, initialDepth);
    const firstInPool = queue.firstInPool;
    for (let i = 0; i < holders.count; i++) {
      if (holders.exact[i] === 1) {
        queue.exactNow(i);
        continue;
      }
      // The snapshot of the pool's inputs waits for the pool's first change (or the ranking's need).
      const pool = holders.pools[i] as number;
      queue.deferred[i] = 1;
      queue.open++;
      queue.nextInPool[i] = firstInPool.push(pool, i);
    }
    if (!queue.extendTo(queue.depth, true)) return null;
    queue.watchWaiting();
    return queue;
  }

  /** The holder's account (read once, without a preview recording it). */
  private accountOf(i: number): Account {
    let account = this.accounts[i];
    if (account === undefined) account = this.accounts[i] = holderAccount(this.stateRef, this.positions[i] as Position);
    return account;
  }

  /** Snapshot waiting holders just before their pool changes; stop watching when none waits. */
  private watchWaiting(): void {
    if (this.open === 0 || this.unwatch !== null) return;
    const firstInPool = this.firstInPool;
    this.unwatch = watchPools(this.stateRef, (pool) => {
      const first = firstInPool.take(pool);
      if (first < 0) return;
      for (let i = first; i >= 0; i = this.nextInPool[i] as number) if (this.candidates[i] === undefined) this.snapshot(i);
      if (this.open === 0) this.release();
    });
  }

  override release(): void {
    if (this.unwatch !== null) this.unwatch();
    this.unwatch = null;
  }

  /** Snapshot of holder i's pool inputs from the live state (references to immutable bigints). */
  private snapshot(i: number): void {
    if (this.snapped[i] === 1) return;
    this.snapped[i] = 1;
    if (this.candidates[i] === undefined) this.open--;
    const state = this.stateRef;
    const market = this.market;
    const instrument = market.instrument;
    const asset = instrument.settle;
    const position = this.positions[i] as Position;
    const account = this.accountOf(i);
    this.sizes[i] = absSize(position);
    this.entryPrices[i] = position.entryPrice;
    this.legStart[i] = this.legSize.length;
    if (position.margin === 'isolated') {
      this.balanceUnits[i] = position.isolatedUnits;
      this.pushLeg(instrument, position.size, position.entryPrice, market.markPrice);
    } else {
      this.balanceUnits[i] = walletUnits(account, asset);
      const marketsMap = state.markets as Map<string, Market> & { peek?: (symbol: string) => Market | undefined };
      const peekMarket = marketsMap.peek;
      for (const held of account.positions.values()) {
        if (held.margin === 'isolated') continue;
        const heldMarket = held.symbol === instrument.symbol ? market : peekMarket === undefined ? marketsMap.get(held.symbol) : peekMarket.call(marketsMap, held.symbol);
        if (heldMarket === undefined || heldMarket.instrument.settle !== asset) continue;
        if (heldMarket.markPrice === null) throw new RangeError(`condition failed: market ${held.symbol} has a mark`);
        this.pushLeg(heldMarket.instrument, held.size, held.entryPrice, heldMarket.markPrice);
      }
    }
    this.legEnd[i] = this.legSize.length;
  }

  private pushLeg(instrument: Instrument, size: Fixed, entry: Fixed, mark: Fixed): void {
    this.legInstrument.push(instrument);
    this.legSize.push(size);
    this.legEntry.push(entry);
    this.legMark.push(mark);
  }

  /** Exact candidate from the live state (ranking time only); its exact bound as the interval. */
  private exactNow(i: number): void {
    const state = this.stateRef;
    const position = this.positions[i] as Position;
    const account = this.accountOf(i);
    const asset = this.market.instrument.settle;
    const decimals = decimalsOf(state, asset);
    const isolated = position.margin === 'isolated';
    this.sizes[i] = absSize(position);
    this.entryPrices[i] = position.entryPrice;
    const figures = poolTotals(state, { account, asset, positionKey: isolated ? position.key : null });
    const walletBalance = fromUnits(isolated ? position.isolatedUnits : walletUnits(account, asset), decimals);
    const candidate = this.candidate(i, walletBalance, figures.equity, figures.maintenance);
    this.candidates[i] = candidate;
    const estimate = adlScoreEstimate(this.stateRef.liquidation.rules.adlRanking, candidate);
    const widen = estimate.error + SLACK * Math.abs(estimate.value);
    this.lo[i] = Number.isFinite(widen) ? estimate.value - widen : UNKNOWN_LO;
    this.hi[i] = Number.isFinite(widen) ? estimate.value + widen : UNKNOWN_HI;
  }

  private candidate(i: number, walletBalance: Fixed, equity: Fixed, maintenance: Fixed): AdlCandidate {
    const instrument = this.market.instrument;
    const size = this.sizes[i] as Fixed;
    const markValue = value(instrument, this.side, size, this.market.markPrice);
    const entryValue = value(instrument, this.side, size, this.entryPrices[i] as Fixed);
    return {
      account: String(i),
      size,
      unrealizedPnl: markValue - entryValue,
      walletBalance,
      equity,
      maintenanceMargin: maintenance,
      markValue,
      entryValue,
      bankruptValue: markValue - equity,
    };
  }

  /** The deferred holder's candidate from its snapshot (the arithmetic of `accountFigures`). */
  private fromSnapshot(i: number): AdlCandidate {
    const profile = this.stateRef.profile;
    const decimals = decimalsOf(this.stateRef, this.market.instrument.settle);
    let pnl = 0n;
    let maintenance = 0n;
    for (let leg = this.legStart[i] as number; leg < (this.legEnd[i] as number); leg++) {
      const instrument = this.legInstrument[leg] as Instrument;
      const size = this.legSize[leg] as Fixed;
      const entry = this.legEntry[leg] as Fixed;
      const mark = this.legMark[leg] as Fixed;
      pnl += legPnl(instrument, size, entry, mark);
      maintenance += legMaintenance(profile, instrument, size < 0n ? -size : size, entry, mark);
    }
    const balance = fromUnits(this.balanceUnits[i] as bigint, decimals);
    return this.candidate(i, balance, balance + pnl, maintenance);
  }

  /**
   * Rank exactly to depth `depth`. At ranking time (`atRanking`) also check the tripwires on every
   * holder that gets its candidate now; false when one fails.
   */
  private extendTo(depth: number, atRanking: boolean): boolean {
    const count = this.count;
    const lo = this.lo;
    const hi = this.hi;
    let members: number[];
    if (depth >= count) {
      members = Array.from({ length: count }, (_, i) => i);
      this.trusted = count;
    } else {
      // The depth-th highest lower bound (a selection, not a sort: sides have up to 10^5 holders).
      const bar = selectAscending(lo, count - depth);
      members = [];
      // Exact scores equal to the bar tie: only the first `depth` of them by (account, key) can be
      // in the top `depth` (each later one has `depth` holders at or above it that precede it).
      const ties: number[] = [];
      for (let i = 0; i < count; i++) {
        const high = hi[i] as number;
        if (high === bar && lo[i] === bar) ties.push(i);
        else if (high >= bar) members.push(i);
      }
      for (const i of firstByAccountThenKey(ties, this.positions, depth)) members.push(i);
      this.trusted = members.length === count ? count : depth;
    }
    const method = this.stateRef.liquidation.rules.adlRanking;
    for (const i of members) {
      if (this.candidates[i] !== undefined) continue;
      // Not snapshotted yet: its pool has not changed since the ranking, the live state is it.
      this.snapshot(i);
      const candidate = this.fromSnapshot(i);
      adlColumnStats.exactCandidates++;
      if (atRanking && !this.tripwiresHold(i, candidate, method)) return false;
      this.candidates[i] = candidate;
    }
    const positions = this.positions;
    const order = adlOrder(
      method,
      members.map((i) => this.candidates[i] as AdlCandidate),
      (a, b) => byAccountThenKey(positions[members[a] as number] as Position, positions[members[b] as number] as Position),
    );
    const ranked: RankedPosition[] = new Array<RankedPosition>(this.trusted);
    for (let j = 0; j < this.trusted; j++) {
      const i = members[order[j] as number] as number;
      const position = positions[i] as Position;
      ranked[j] = { position, accountId: position.accountId, account: this.accountOf(i), side: this.side, rank: j + 1, count };
    }
    this.entriesRanked = ranked;
    this.depth = depth;
    return true;
  }

  private tripwiresHold(i: number, candidate: AdlCandidate, method: AdlMethod): boolean {
    const position = this.positions[i] as Position;
    const figures = poolTotals(this.stateRef, {
      account: this.accountOf(i),
      asset: this.market.instrument.settle,
      positionKey: position.margin === 'isolated' ? position.key : null,
    });
    if (figures.equity !== candidate.equity || figures.maintenance !== candidate.maintenanceMargin) return false;
    const estimate = adlScoreEstimate(method, candidate);
    if (!Number.isFinite(estimate.error)) return true;
    return estimate.value + estimate.error >= (this.lo[i] as number) && estimate.value - estimate.error <= (this.hi[i] as number);
  }

  /** Entries whose position is still held, in rank order; ranks deeper only when consumed that far. */
  override *live(): Generator<RankedPosition> {
    for (let i = this.cursorTop; ; i++) {
      if (i >= this.trusted) {
        if (this.trusted >= this.count) return;
        adlColumnStats.extensions++;
        this.extendTo(this.depth * 4, false);
      }
      const entry = this.entriesRanked[i] as RankedPosition;
      // Accounts are never replaced within a command: the holder resolved at ranking is current.
      const held = entry.account.positions.get(entry.position.key) === entry.position;
      if (!held) {
        if (i === this.cursorTop) this.cursorTop++;
        continue;
      }
      // Through the state's map, so that a preview saves the holder before it is deleveraged.
      this.stateRef.accounts.get(entry.accountId);
      yield entry;
    }
  }
}


