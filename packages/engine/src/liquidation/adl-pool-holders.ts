/**
 * The ranked holders of one ADL queue by scan pool row, for the pool watcher (adl-top-queue.ts):
 * an open-addressing table sized by the holders, not by the scan's pool rows (a crash ranks
 * dozens of sides; one pool-row-sized array per side cost more than the side's float pass).
 * Holders of one pool are chained through `next` (the queue's array).
 */
export class PoolHolders {
  private readonly keys: Int32Array;
  private readonly firsts: Int32Array;
  private readonly mask: number;

  constructor(holders: number) {
    let capacity = 16;
    while (capacity < holders * 2) capacity *= 2;
    this.keys = new Int32Array(capacity).fill(-1);
    this.firsts = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  private slotOf(pool: number): number {
    let at = Math.imul(pool, 0x9e3779b1) & this.mask;
    for (;;) {
      const key = this.keys[at] as number;
      if (key === pool || key === -1) return at;
      at = (at + 1) & this.mask;
    }
  }

  /** Chain holder `i` in `pool`: returns the pool's previous first holder (-1 none), for `next[i]`. */
  push(pool: number, i: number): number {
    const at = this.slotOf(pool);
    const previous = this.keys[at] === pool ? (this.firsts[at] as number) : -1;
    this.keys[at] = pool;
    this.firsts[at] = i;
    return previous;
  }

  /** The pool's first holder, once (-1 when none or already taken). */
  take(pool: number): number {
    const at = this.slotOf(pool);
    if (this.keys[at] !== pool) return -1;
    const first = this.firsts[at] as number;
    this.firsts[at] = -1;
    return first;
  }
}
