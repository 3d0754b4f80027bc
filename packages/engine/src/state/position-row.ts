/**
 * The `Position` object of the engine state (ADR 0038): what every position of one symbol, side
 * and margin mode has in common (key, symbol, side, margin mode) is one shared `PositionKind`, so
 * a position holds seven fields instead of ten (24 bytes less per position, and no key string of
 * its own in hedge mode). The `Position` interface (types.ts) is unchanged: those four are getters.
 * Created only by `openPosition` (positions.ts). Size, entry, isolated units and pool are not
 * fields either (ADR 0038 step 3): getters over the state's columns (position-columns.ts), so the
 * object is four fields: account id, kind, cells, slot.
 */
import type { Fixed, MarginMode, Side } from '@margin/core';
import type { Position } from './types.js';
import { DetachedPosition, PositionColumns, type PositionCells } from './position-columns.js';

export interface PositionKind {
  readonly key: string;
  readonly symbol: string;
  readonly positionSide: Side | null;
  readonly margin: MarginMode;
}

/** Kinds by key and margin mode: bounded by instruments x 3 sides x 2 modes, immutable, shared by every state. */
const KINDS = new Map<string, PositionKind>();

export function positionKind(key: string, symbol: string, positionSide: Side | null, margin: MarginMode): PositionKind {
  const id = `${margin}|${key}`;
  let kind = KINDS.get(id);
  if (kind === undefined) {
    kind = { key, symbol, positionSide, margin };
    KINDS.set(id, kind);
  }
  return kind;
}

export class PositionRow implements Position {
  constructor(
    readonly accountId: string,
    private readonly kind: PositionKind,
    /** The state's columns while an account holds the position, its own copy otherwise (position-columns.ts). */
    private cells: PositionCells,
    public slot: number,
  ) {}

  get key(): string {
    return this.kind.key;
  }

  get symbol(): string {
    return this.kind.symbol;
  }

  get positionSide(): Side | null {
    return this.kind.positionSide;
  }

  get margin(): MarginMode {
    return this.kind.margin;
  }

  get size(): Fixed {
    return this.cells.sizeAt(this.slot);
  }

  set size(size: Fixed) {
    this.cells.setSizeAt(this.slot, size);
  }

  get entryPrice(): Fixed {
    return this.cells.entryAt(this.slot);
  }

  set entryPrice(entry: Fixed) {
    this.cells.setEntryAt(this.slot, entry);
  }

  get isolatedUnits(): bigint {
    return this.cells.isolatedAt(this.slot);
  }

  set isolatedUnits(units: bigint) {
    this.cells.setIsolatedAt(this.slot, units);
  }

  get pool(): number {
    return this.cells.poolAt(this.slot);
  }

  set pool(pool: number) {
    this.cells.setPoolAt(this.slot, pool);
  }

  /** Whether the position reads the state's columns (an account holds it). */
  get attached(): boolean {
    return this.cells instanceof PositionColumns;
  }

  /** Move the own copy into the columns at `slot` (an account takes the position); idempotent. */
  attach(): void {
    const cells = this.cells;
    if (!(cells instanceof DetachedPosition) || cells.columns.layout === 'objects') return;
    cells.columns.attach(this.slot, cells);
    this.cells = cells.columns;
  }

  /** Copy the values out of the columns (the position leaves its account; its slot may be reused); idempotent. */
  detach(): void {
    const cells = this.cells;
    if (cells instanceof PositionColumns) this.cells = cells.detach(this.slot);
  }
}

/** Attach or detach when `position` is a `PositionRow` (the views also hold test doubles). */
export function attachPosition(position: Position): void {
  if (position instanceof PositionRow) position.attach();
}

export function detachPosition(position: Position): void {
  if (position instanceof PositionRow) position.detach();
}
