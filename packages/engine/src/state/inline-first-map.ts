/**
 * A `Map` view over per-account storage that keeps its first entry in two fields of the owner and
 * only allocates a real Map for a second key (ADR 0038). Almost every account trades one settle
 * asset, so its wallet and its cross pool row cost two fields each instead of a Map (~180 bytes).
 *
 * Iteration order is the insertion order of a Map: the inline entry is the oldest key; deleting
 * it promotes the oldest key of the spill map, so a later `set` of the deleted key goes last, as
 * in a Map. A view is a short-lived object (one per access); the entries live in the owner.
 */

/**
 * The view; a subclass names the owner's three fields: the first key (null: none), its value,
 * and the Map of later keys (null until a second key).
 */
export abstract class InlineFirstMap<V> implements Map<string, V> {
  protected abstract firstKey: string | null;
  protected abstract firstValue: V;
  protected abstract more: Map<string, V> | null;
  /** The value the inline field holds when empty (so the field keeps one type). */
  protected abstract readonly emptyValue: V;

  get size(): number {
    return (this.firstKey === null ? 0 : 1) + (this.more === null ? 0 : this.more.size);
  }

  get(key: string): V | undefined {
    if (this.firstKey === key) return this.firstValue;
    return this.more === null ? undefined : this.more.get(key);
  }

  has(key: string): boolean {
    return this.firstKey === key || (this.more !== null && this.more.has(key));
  }

  set(key: string, value: V): this {
    if (this.firstKey === key || (this.firstKey === null && this.more === null)) {
      this.firstKey = key;
      this.firstValue = value;
    } else if (this.firstKey === null) {
      // Only after a delete of the inline key with later keys left: promote keeps the order.
      (this.more as Map<string, V>).set(key, value);
      this.promote();
    } else {
      (this.more ??= new Map()).set(key, value);
    }
    return this;
  }

  delete(key: string): boolean {
    if (this.firstKey === key) {
      this.firstKey = null;
      this.firstValue = this.emptyValue;
      this.promote();
      return true;
    }
    if (this.more === null || !this.more.delete(key)) return false;
    if (this.more.size === 0) this.more = null;
    return true;
  }

  clear(): void {
    this.firstKey = null;
    this.firstValue = this.emptyValue;
    this.more = null;
  }

  /** Move the oldest spilled entry into the empty inline fields. */
  private promote(): void {
    if (this.firstKey !== null || this.more === null) return;
    const oldest = this.more.entries().next();
    if (oldest.done === true) {
      this.more = null;
      return;
    }
    const [key, value] = oldest.value;
    this.more.delete(key);
    this.firstKey = key;
    this.firstValue = value;
    if (this.more.size === 0) this.more = null;
  }

  *entries(): MapIterator<[string, V]> {
    if (this.firstKey !== null) yield [this.firstKey, this.firstValue];
    if (this.more !== null) yield* this.more.entries();
  }

  *keys(): MapIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }
}
