/**
 * The `Position` object of the engine state (ADR 0038): what every position of one symbol, side
 * and margin mode has in common (key, symbol, side, margin mode) is one shared `PositionKind`, so
 * a position holds seven fields instead of ten (24 bytes less per position, and no key string of
 * its own in hedge mode). The `Position` interface (types.ts) is unchanged: those four are getters.
 * Created only by `openPosition` (positions.ts).
 */
import type { Fixed, MarginMode, Side } from '@margin/core';
import type { Position } from './types.js';

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
    public size: Fixed,
    public entryPrice: Fixed,
    public isolatedUnits: bigint,
    public slot: number,
    public pool: number,
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
}
