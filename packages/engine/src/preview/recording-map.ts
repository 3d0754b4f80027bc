/**
 * A map that reads and writes through to another one and tells its owner the first time each
 * entry is handed out (`get`, iteration), before the caller can change it, and which keys it
 * added. A preview puts these in place of the state's accounts, markets and assets, so it saves
 * exactly the objects a command reaches and nothing else.
 */
export class RecordingMap<K, V> implements Map<K, V> {
  /** Keys that were not in the map when recording began, in the order they were added. */
  readonly added: K[] = [];
  private readonly seen = new Set<K>();

  constructor(
    private readonly base: Map<K, V>,
    private readonly capture: (key: K, value: V) => void,
  ) {}

  private see(key: K, value: V): V {
    if (!this.seen.has(key)) {
      this.seen.add(key);
      this.capture(key, value);
    }
    return value;
  }

  get size(): number {
    return this.base.size;
  }

  get [Symbol.toStringTag](): string {
    return 'RecordingMap';
  }

  get(key: K): V | undefined {
    const value = this.base.get(key);
    return value === undefined ? undefined : this.see(key, value);
  }

  /** The value without recording it: for a reader that records what it goes on to change (the ADL queue). */
  peek(key: K): V | undefined {
    return this.base.get(key);
  }

  has(key: K): boolean {
    return this.base.has(key);
  }

  set(key: K, value: V): this {
    if (!this.base.has(key)) {
      this.added.push(key);
      this.seen.add(key);
    } else {
      this.see(key, this.base.get(key) as V);
    }
    this.base.set(key, value);
    return this;
  }

  delete(key: K): boolean {
    // Nothing in the engine removes an account, market or asset; a rollback could not put it back in place.
    throw new RangeError(`condition failed: a preview does not delete ${String(key)}`);
  }

  clear(): void {
    throw new RangeError('condition failed: a preview does not clear a state map');
  }

  keys(): MapIterator<K> {
    return this.base.keys();
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) yield [key, this.see(key, value)];
  }

  *values(): MapIterator<V> {
    for (const [key, value] of this.base) yield this.see(key, value);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
