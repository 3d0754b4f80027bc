/**
 * The ADL ranking's pass over one side of a symbol from the scan's struct-of-arrays alone (issue
 * 16, ADR 0044): per holder the slot, its pool row, and float bounds of its exact ADL score from
 * the slot's float quantity and entry, the pool's float balance and its float estimate (the sums
 * of its slots' caches, within the scan's bound). No account is looked up, no Map is read and no
 * Position is dereferenced, except:
 *
 * - a pool whose plain flag is unknown (state/pool-plain.ts: after a pool's account changed in a
 *   way that may make it not plain): its holder's account is read once and the flag kept;
 * - a holder whose float entry equals the float mark: its exact entry is compared with the mark
 *   (an exact zero score is a tie broken by account and key, not a float interval).
 *
 * Holders of pools that are not plain are marked `exact` (the queue builds their candidate at once
 * from the live state, as before).
 */
import { fixedToNumber, isInverse, type AdlMethod, type Fixed, type Side } from '@margin/core';
import { plainEpoch } from '../scan/plain-epoch.js';
import { SCAN_ABSOLUTE_SLACK_PER_POSITION, SCAN_RELATIVE_BOUND } from '../scan/scan-index.js';
import { NOT_PLAIN, PLAIN_UNKNOWN, plainFlagOf } from '../state/pool-plain.js';
import type { Account, EngineState, Market, Position } from '../state/types.js';

/** Relative widening of every float score bound (the float error itself is below 1e-12). */
export const ADL_SCORE_SLACK = 1e-9;
/** Relative error allowed for a value or a balance in float (E18 integers to float64: a few ulps). */
const VALUE_RELATIVE = 1e-12;
const UNKNOWN_LO = Number.NEGATIVE_INFINITY;
const UNKNOWN_HI = Number.POSITIVE_INFINITY;
const NONE = -1;

export interface SideHolders {
  readonly count: number;
  /** Each holder's position (the scan slot's item, not read here). */
  readonly positions: Position[];
  readonly pools: Int32Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** 1: the pool is not plain, the holder needs its exact candidate from the live state now. */
  readonly exact: Uint8Array;
}

/** Counts of the last passes (tests: the column path was taken; benches: how many holders). */
export const adlColumnStats = {
  sides: 0,
  holders: 0,
  /** Holders whose plain flag was unknown (the account read once). */
  accountReads: 0,
  /** Holders of pools that are not plain (exact at once). */
  exactHolders: 0,
  /** Exact candidates built from snapshots or the live state when the cut reached them. */
  exactCandidates: 0,
  /** Queues consumed past their depth (ranked deeper, x4). */
  extensions: 0,
};

/** The account of a position, read without a preview recording it (the queue records what it hands out). */
export function holderAccount(state: EngineState, position: Position): Account {
  const accounts = state.accounts as Map<string, Account> & { peek?: (id: string) => Account | undefined };
  const account = accounts.peek === undefined ? accounts.get(position.accountId) : accounts.peek(position.accountId);
  if (account === undefined) throw new RangeError(`condition failed: account ${position.accountId} exists`);
  return account;
}

/** Every holder of `side` in `market` (scan order) with its float score bounds under `method`. */
export function sideHolders(state: EngineState, market: Market & { markPrice: Fixed }, side: Side, method: AdlMethod): SideHolders {
  const scan = state.scan;
  if (scan.plainSyncedEpoch !== plainEpoch()) {
    scan.forgetAllPlain();
    scan.plainSyncedEpoch = plainEpoch();
  }
  const row = market.symbolIndex;
  const capacity = scan.symbolPositionCount(row);
  // Sized once and cut to length: growing a 10^5-element array by push costs more than the pass.
  const positions = new Array<Position>(capacity);
  const pools = new Int32Array(capacity);
  const lo = new Float64Array(capacity);
  const hi = new Float64Array(capacity);
  const exact = new Uint8Array(capacity);
  const inverse = isInverse(market.instrument.kind);
  const asset = market.instrument.settle;
  const markPrice = market.markPrice;
  const markF = fixedToNumber(markPrice);
  const long = side === 'long';
  let cols = scan.adlColumns();
  let count = 0;
  let accountReads = 0;
  let exactCount = 0;
  for (let slot = cols.symHead[row] ?? NONE; slot !== NONE; slot = cols.slotNextInSymbol[slot] as number) {
    const qty = cols.slotQty[slot] as number;
    if (long ? !(qty > 0) : !(qty < 0)) continue;
    const position = cols.slotItems[slot] as Position | undefined;
    if (position === undefined) continue;
    const i = count++;
    positions[i] = position;
    const pool = cols.slotPool[slot] as number;
    pools[i] = pool;
    let flag = cols.poolPlain[pool] as number;
    if (flag === PLAIN_UNKNOWN) {
      accountReads++;
      flag = plainFlagOf(state, holderAccount(state, position), asset, position.margin === 'isolated');
      scan.setPlain(pool, flag);
    }
    if (flag === NOT_PLAIN) {
      exact[i] = 1;
      exactCount++;
      continue;
    }
    // The pool's float estimate from its slots' caches (re-evaluated where a mark or tier moved since,
    // or where the slot pass skipped a pool its own filter decided: ADR 0039).
    scan.freshenPoolCaches(pool);
    let sumPnl = 0;
    let sumMm = 0;
    let sumMag = 0;
    for (let s = cols.poolHead[pool] as number; s !== NONE; s = cols.slotNextInPool[s] as number) {
      if (cols.symStale[cols.slotSymbol[s] as number] === 1) {
        scan.freshSlot(s);
        cols = scan.adlColumns();
      }
      sumPnl += cols.slotPnl[s] as number;
      sumMm += cols.slotMm[s] as number;
      sumMag += cols.slotMag[s] as number;
    }
    const balance = cols.poolBalance[pool] as number;
    const bound = SCAN_RELATIVE_BOUND * (Math.abs(balance) + sumMag) + SCAN_ABSOLUTE_SLACK_PER_POSITION * ((cols.poolSlotCount[pool] as number) + 1);
    const entryF = cols.slotEntry[slot] as number;
    if (entryF === markF && position.entryPrice === markPrice) {
      // No PnL: the score is exactly 0 in both formulas (ties broken by account and key).
      lo[i] = 0;
      hi[i] = 0;
      continue;
    }
    // The position's values in the settle asset: quantity x price (linear), -quantity / price (inverse).
    const markValue = inverse ? -qty / markF : qty * markF;
    const entryValue = inverse ? -qty / entryF : qty * entryF;
    scoreBounds(method, markValue, entryValue, balance, balance + sumPnl, sumMm, bound, lo, hi, i);
  }
  positions.length = count;
  adlColumnStats.sides++;
  adlColumnStats.holders += count;
  adlColumnStats.accountReads += accountReads;
  adlColumnStats.exactHolders += exactCount;
  return { count, positions, pools: pools.subarray(0, count), lo: lo.subarray(0, count), hi: hi.subarray(0, count), exact: exact.subarray(0, count) };
}

/**
 * Bounds [lo[i], hi[i]] of the exact ADL score from float figures: `markValue`, `entryValue` and
 * `wallet` within VALUE_RELATIVE, the pool's equity and maintenance each within `bound`.
 * Unknown (infinite both ways) wherever a sign or a zero is not sure.
 */
export function scoreBounds(
  method: AdlMethod,
  markValue: number,
  entryValue: number,
  wallet: number,
  equity: number,
  maintenance: number,
  bound: number,
  lo: Float64Array,
  hi: Float64Array,
  i: number,
): void {
  lo[i] = UNKNOWN_LO;
  hi[i] = UNKNOWN_HI;
  if (!Number.isFinite(markValue) || !Number.isFinite(entryValue) || !Number.isFinite(wallet) || !Number.isFinite(equity) || !Number.isFinite(maintenance) || !Number.isFinite(bound)) return;
  const d = 2 * bound + 1e-15 * (Math.abs(equity) + Math.abs(maintenance));
  const pnl = markValue - entryValue;
  const pnlError = VALUE_RELATIVE * (Math.abs(markValue) + Math.abs(entryValue)) + 1e-17;
  let low: number;
  let high: number;
  if (method === 'binance') {
    // Score: 0 unless PnL > 0, equity > 0 and maintenance != 0; then PnL / max(wallet, 1) x maintenance / equity.
    if (pnl + pnlError <= 0 || equity + d <= 0) {
      lo[i] = 0;
      hi[i] = 0;
      return;
    }
    if (equity - d <= 0 || maintenance - d < 0) return;
    const walletLow = Math.max(wallet - VALUE_RELATIVE * Math.abs(wallet), 1);
    const walletHigh = Math.max(wallet + VALUE_RELATIVE * Math.abs(wallet), 1);
    high = ((pnl + pnlError) / walletLow) * ((maintenance + d) / (equity - d));
    low = (Math.max(pnl - pnlError, 0) / walletHigh) * ((maintenance - d) / (equity + d));
  } else {
    // BitMEX: PnL / |entry value| x (|mark value| / |equity| in profit, |equity| / |mark value| in loss).
    const entryAbs = Math.abs(entryValue);
    const markAbs = Math.abs(markValue);
    const equityAbs = Math.abs(equity);
    const entryError = VALUE_RELATIVE * entryAbs;
    const markError = VALUE_RELATIVE * markAbs;
    if (entryAbs <= entryError + 1e-17 || markAbs <= markError + 1e-17 || equityAbs <= d) return;
    if (Math.abs(pnl) <= pnlError) {
      // Sign not sure (an unmoved mark): the score is within this much of 0 either way.
      const most = ((Math.abs(pnl) + pnlError) / (entryAbs - entryError)) * Math.max((markAbs + markError) / (equityAbs - d), (equityAbs + d) / (markAbs - markError));
      low = -most;
      high = most;
    } else {
      const percentLow = (Math.abs(pnl) - pnlError) / (entryAbs + entryError);
      const percentHigh = (Math.abs(pnl) + pnlError) / (entryAbs - entryError);
      if (pnl > 0) {
        low = percentLow * ((markAbs - markError) / (equityAbs + d));
        high = percentHigh * ((markAbs + markError) / (equityAbs - d));
      } else {
        low = -percentHigh * ((equityAbs + d) / (markAbs - markError));
        high = -percentLow * ((equityAbs - d) / (markAbs + markError));
      }
    }
  }
  if (!Number.isFinite(low) || !Number.isFinite(high)) return;
  lo[i] = low - ADL_SCORE_SLACK * Math.abs(low);
  hi[i] = high + ADL_SCORE_SLACK * Math.abs(high);
}

/** The value at ascending index `k` of `values` (a copy is partially sorted; `values` is untouched). */
export function selectAscending(values: Float64Array, k: number): number {
  const a = Float64Array.from(values);
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    // Median of three as the pivot, then a three-way partition (many equal values: exact ties, -Infinity).
    const mid = (left + right) >>> 1;
    const x = a[left] as number;
    const y = a[mid] as number;
    const z = a[right] as number;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let lt = left;
    let gt = right;
    let i = left;
    while (i <= gt) {
      const v = a[i] as number;
      if (v < pivot) {
        a[i] = a[lt] as number;
        a[lt++] = v;
        i++;
      } else if (v > pivot) {
        a[i] = a[gt] as number;
        a[gt--] = v;
      } else i++;
    }
    if (k < lt) right = lt - 1;
    else if (k > gt) left = gt + 1;
    else return pivot;
  }
  return a[k] as number;
}
