/**
 * Positions' exact values as scaled-integer columns keyed by scan slot (ADR 0038 step 3): signed
 * size and entry price (E18) as two 64-bit words each, a high `BigInt64Array` word and a low
 * `BigUint64Array` word, so value = high x 2^64 + low. The words hold every value with
 * -(2^63 - 1) x 2^64 <= value < 2^127, about +-1.7e20 contracts or quote units at E18, which
 * covers every listed instrument; a value outside is kept exactly in a spill `Map` by slot and its
 * high word set to `SPILLED` (-2^63, a high word no in-range value has), so a read is never wrong.
 * Isolated margin (units) and the isolated pool row are rare (cross positions have 0 and -1):
 * they live in Maps by slot, empty for a book of cross positions.
 *
 * A `PositionRow` (position-row.ts) reads these columns while it is held by an account
 * ("attached"); when it leaves the account (close, a preview's rollback clearing the list) its
 * values are copied into a `DetachedPosition` of its own, because its slot is reused by the next
 * position opened while events, the ADL memo and a preview's memento may still hold the object.
 */
import { grownBigInt64, grownBigUint64, grownCapacity } from '../scan/growable.js';

/** High word marking a value kept in the spill map. */
export const SPILLED = -(2n ** 63n);
const HIGH_MAX = 2n ** 63n - 1n;
const TWO_64 = 2n ** 64n;

/** Where a position's values are read and written: the columns at its slot, or its own copy once detached. */
export interface PositionCells {
  sizeAt(slot: number): bigint;
  setSizeAt(slot: number, size: bigint): void;
  entryAt(slot: number): bigint;
  setEntryAt(slot: number, entry: bigint): void;
  isolatedAt(slot: number): bigint;
  setIsolatedAt(slot: number, units: bigint): void;
  poolAt(slot: number): number;
  setPoolAt(slot: number, pool: number): void;
}

/** The values of a position no account holds any more (or not yet): read and written in place. */
export class DetachedPosition implements PositionCells {
  constructor(
    readonly columns: PositionColumns,
    private size: bigint,
    private entry: bigint,
    private isolated: bigint,
    private pool: number,
  ) {}

  sizeAt(): bigint {
    return this.size;
  }

  setSizeAt(_slot: number, size: bigint): void {
    this.size = size;
  }

  entryAt(): bigint {
    return this.entry;
  }

  setEntryAt(_slot: number, entry: bigint): void {
    this.entry = entry;
  }

  isolatedAt(): bigint {
    return this.isolated;
  }

  setIsolatedAt(_slot: number, units: bigint): void {
    this.isolated = units;
  }

  poolAt(): number {
    return this.pool;
  }

  setPoolAt(_slot: number, pool: number): void {
    this.pool = pool;
  }
}

/**
 * `columns`: held positions read the words (the engine's layout). `objects`: every position keeps
 * its own copy, as before step 3 (the reference layout the columns are property-tested against).
 */
export type PositionLayout = 'columns' | 'objects';

export class PositionColumns implements PositionCells {
  constructor(readonly layout: PositionLayout = 'columns') {}

  private sizeHigh = new BigInt64Array(0);
  private sizeLow = new BigUint64Array(0);
  private entryHigh = new BigInt64Array(0);
  private entryLow = new BigUint64Array(0);
  /** Values outside the words' range, by slot (their high word is `SPILLED`). */
  readonly sizeSpill = new Map<number, bigint>();
  readonly entrySpill = new Map<number, bigint>();
  /** Non-zero isolated balances and isolated pool rows, by slot. */
  private readonly isolated = new Map<number, bigint>();
  private readonly pools = new Map<number, number>();

  /** Slots the words have room for. */
  get capacity(): number {
    return this.sizeHigh.length;
  }

  /** Make room for `slot` (growth by a quarter, as the scan arrays). */
  reserve(slot: number): void {
    if (slot < this.sizeHigh.length) return;
    const capacity = grownCapacity(this.sizeHigh.length, slot + 1);
    this.sizeHigh = grownBigInt64(this.sizeHigh, capacity);
    this.sizeLow = grownBigUint64(this.sizeLow, capacity);
    this.entryHigh = grownBigInt64(this.entryHigh, capacity);
    this.entryLow = grownBigUint64(this.entryLow, capacity);
  }

  sizeAt(slot: number): bigint {
    return read(this.sizeHigh, this.sizeLow, this.sizeSpill, slot);
  }

  setSizeAt(slot: number, size: bigint): void {
    write(this.sizeHigh, this.sizeLow, this.sizeSpill, slot, size);
  }

  entryAt(slot: number): bigint {
    return read(this.entryHigh, this.entryLow, this.entrySpill, slot);
  }

  setEntryAt(slot: number, entry: bigint): void {
    write(this.entryHigh, this.entryLow, this.entrySpill, slot, entry);
  }

  isolatedAt(slot: number): bigint {
    return this.isolated.size === 0 ? 0n : (this.isolated.get(slot) ?? 0n);
  }

  setIsolatedAt(slot: number, units: bigint): void {
    if (units === 0n) this.isolated.delete(slot);
    else this.isolated.set(slot, units);
  }

  poolAt(slot: number): number {
    return this.pools.size === 0 ? -1 : (this.pools.get(slot) ?? -1);
  }

  setPoolAt(slot: number, pool: number): void {
    if (pool < 0) this.pools.delete(slot);
    else this.pools.set(slot, pool);
  }

  /** Write a position's values into `slot` (it becomes the slot's position). */
  attach(slot: number, from: DetachedPosition): void {
    this.reserve(slot);
    this.setSizeAt(slot, from.sizeAt());
    this.setEntryAt(slot, from.entryAt());
    this.setIsolatedAt(slot, from.isolatedAt());
    this.setPoolAt(slot, from.poolAt());
  }

  /** Copy `slot`'s values out and free what the slot held beside the words. */
  detach(slot: number): DetachedPosition {
    const detached = new DetachedPosition(this, this.sizeAt(slot), this.entryAt(slot), this.isolatedAt(slot), this.poolAt(slot));
    this.sizeSpill.delete(slot);
    this.entrySpill.delete(slot);
    this.isolated.delete(slot);
    this.pools.delete(slot);
    return detached;
  }
}

function read(high: BigInt64Array, low: BigUint64Array, spill: Map<number, bigint>, slot: number): bigint {
  const h = high[slot] as bigint;
  const l = low[slot] as bigint;
  if (h === 0n) return l;
  if (h === -1n) return l - TWO_64;
  if (h === SPILLED) return spill.get(slot) as bigint;
  return (h << 64n) + l;
}

function write(high: BigInt64Array, low: BigUint64Array, spill: Map<number, bigint>, slot: number, value: bigint): void {
  const h = value >> 64n;
  if (h > HIGH_MAX || h <= SPILLED) {
    spill.set(slot, value);
    high[slot] = SPILLED;
    low[slot] = 0n;
    return;
  }
  if (spill.size !== 0) spill.delete(slot);
  high[slot] = h;
  // A BigUint64Array stores the value modulo 2^64: the low word.
  low[slot] = value;
}
