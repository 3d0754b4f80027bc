/**
 * An account's positions as a `Map` view (ADR 0038): up to `POSITION_LIST_MAX` positions are held
 * in one array of exactly their number (40 bytes + 8 per position) instead of a Map per account
 * (~180 bytes for three); beyond that a Map, so that a market maker's thousand positions keep
 * constant-time lookups. Keys are the positions' own `key`; iteration is insertion order, as in a
 * Map (an array keeps it; the switch to a Map copies it in order). A view is a short-lived object
 * (one per access); the positions live in the owner's one field.
 */
import type { Position } from './types.js';
import { attachPosition, detachPosition } from './position-row.js';

/** Positions kept in an array before the account switches to a Map. */
export const POSITION_LIST_MAX = 8;

export type PositionStore = readonly Position[] | Map<string, Position> | null;

export interface PositionStoreOwner {
  positionStore: PositionStore;
}

const NO_POSITIONS: readonly Position[] = [];

function listOf(store: PositionStore): readonly Position[] | null {
  return store === null ? NO_POSITIONS : Array.isArray(store) ? (store as readonly Position[]) : null;
}

export class PositionListView implements Map<string, Position> {
  constructor(readonly owner: PositionStoreOwner) {}

  get size(): number {
    const store = this.owner.positionStore;
    return store === null ? 0 : Array.isArray(store) ? store.length : (store as Map<string, Position>).size;
  }

  get(key: string): Position | undefined {
    const store = this.owner.positionStore;
    if (store === null) return undefined;
    if (!Array.isArray(store)) return (store as Map<string, Position>).get(key);
    for (const position of store as readonly Position[]) if (position.key === key) return position;
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The key must be the position's own key (every caller passes `position.key`). */
  set(key: string, position: Position): this {
    if (position.key !== key) throw new RangeError(`condition failed: a position is stored under its key (${position.key}), not ${key}`);
    const store = this.owner.positionStore;
    const list = listOf(store);
    // Held positions read the state's columns, others their own copy (position-columns.ts).
    const replaced = this.get(key);
    if (replaced !== undefined && replaced !== position) detachPosition(replaced);
    attachPosition(position);
    if (list === null) {
      (store as Map<string, Position>).set(key, position);
      return this;
    }
    const at = list.findIndex((held) => held.key === key);
    if (at >= 0) {
      const next = list.slice();
      next[at] = position;
      this.owner.positionStore = next;
    } else if (list.length < POSITION_LIST_MAX) {
      const next: Position[] = new Array<Position>(list.length + 1);
      for (let i = 0; i < list.length; i++) next[i] = list[i] as Position;
      next[list.length] = position;
      this.owner.positionStore = next;
    } else {
      const map = new Map<string, Position>();
      for (const held of list) map.set(held.key, held);
      map.set(key, position);
      this.owner.positionStore = map;
    }
    return this;
  }

  delete(key: string): boolean {
    const store = this.owner.positionStore;
    const list = listOf(store);
    if (list === null) {
      const held = (store as Map<string, Position>).get(key);
      if (held !== undefined) detachPosition(held);
      return (store as Map<string, Position>).delete(key);
    }
    const at = list.findIndex((held) => held.key === key);
    if (at < 0) return false;
    detachPosition(list[at] as Position);
    this.owner.positionStore = list.length === 1 ? null : list.filter((_, i) => i !== at);
    return true;
  }

  clear(): void {
    const store = this.owner.positionStore;
    if (store !== null) for (const held of Array.isArray(store) ? (store as readonly Position[]) : (store as Map<string, Position>).values()) detachPosition(held);
    this.owner.positionStore = null;
  }

  entries(): MapIterator<[string, Position]> {
    const store = this.owner.positionStore;
    if (store !== null && !Array.isArray(store)) return (store as Map<string, Position>).entries();
    return new ListIterator(this, (store ?? NO_POSITIONS) as readonly Position[], (position) => [position.key, position]);
  }

  keys(): MapIterator<string> {
    const store = this.owner.positionStore;
    if (store !== null && !Array.isArray(store)) return (store as Map<string, Position>).keys();
    return new ListIterator(this, (store ?? NO_POSITIONS) as readonly Position[], (position) => position.key);
  }

  values(): MapIterator<Position> {
    const store = this.owner.positionStore;
    if (store !== null && !Array.isArray(store)) return (store as Map<string, Position>).values();
    return new ListIterator(this, (store ?? NO_POSITIONS) as readonly Position[], (position) => position);
  }

  /** Whether `position` is still held (a list iterator's test once the list was replaced). */
  holds(position: Position): boolean {
    return this.get(position.key) === position;
  }

  [Symbol.iterator](): MapIterator<[string, Position]> {
    return this.entries();
  }

  forEach(callback: (value: Position, key: string, map: Map<string, Position>) => void, thisArg?: unknown): void {
    for (const position of this.values()) callback.call(thisArg, position, position.key, this);
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }
}

/**
 * Iterator over a list as it was when iteration began (lists are replaced, never changed in
 * place); like a Map iterator it skips a position removed meanwhile (callers close positions as
 * they iterate). A class, not a generator: this is on the exact confirmation's path.
 */
class ListIterator<T> implements MapIterator<T> {
  private at = 0;

  constructor(
    private readonly view: PositionListView,
    private readonly list: readonly Position[],
    private readonly project: (position: Position) => T,
  ) {}

  next(): IteratorResult<T, undefined> {
    const list = this.list;
    while (this.at < list.length) {
      const position = list[this.at++] as Position;
      if (this.view.owner.positionStore !== list && !this.view.holds(position)) continue;
      return { done: false, value: this.project(position) };
    }
    return { done: true, value: undefined };
  }

  [Symbol.iterator](): MapIterator<T> {
    return this;
  }
}
