/**
 * The engine's idempotency window: the ids of recent commands, so a repeat is a `duplicate`. It is
 * bounded: ids are kept in two generations of `idWindow` ids each; when the newer one is full it
 * becomes the older one and the oldest generation is forgotten. So at least the last `idWindow`
 * ids (at most twice that) are remembered, with no per-id order to keep, and the window is part
 * of the state (snapshot, hash) like everything else. Older ids are the journal's business: a
 * durable host looks them up there (see docs/adr/0005-bounded-idempotency-window.md).
 */
import type { EngineState } from './types.js';

/** Ids per generation unless a state is created with another `idWindow`. */
export const ID_WINDOW_DEFAULT = 100_000;

export function isRecentId(state: EngineState, id: string): boolean {
  return state.appliedIds.has(id) || state.previousIds.has(id);
}

export function rememberId(state: EngineState, id: string): void {
  state.appliedIds.add(id);
  if (state.appliedIds.size >= state.idWindow) {
    state.previousIds = state.appliedIds;
    state.appliedIds = new Set();
  }
}
