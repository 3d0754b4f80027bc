/** A fixed-capacity ring: the newest `capacity` items, oldest first. */
export class Ring<T> {
  private readonly items: T[] = [];
  private start = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return;
    }
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
  }

  get size(): number {
    return this.items.length;
  }

  /** Oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  /** The newest `limit` items, newest first, that pass `keep`. */
  latest(limit: number, keep: (item: T) => boolean = () => true): T[] {
    const out: T[] = [];
    const n = this.items.length;
    for (let i = 0; i < n && out.length < limit; i++) {
      const item = this.items[(this.start + n - 1 - i) % n] as T;
      if (keep(item)) out.push(item);
    }
    return out;
  }
}
