/**
 * A hook run just before a pool's exact inputs change: its wallet or isolated balance (ledger
 * `adjust`), a position opened into it, resized or closed (state/positions). The top-k ADL queue
 * (liquidation/adl-top-queue.ts) registers one while it lives, to snapshot a ranked holder's pool
 * only when the holder is about to change, instead of every holder at ranking time.
 * Pools are the scan's pool rows. With no watcher the cost is one WeakMap lookup per change.
 */
import type { EngineState } from './types.js';

export type PoolWatcher = (pool: number) => void;

const watchers = new WeakMap<EngineState, PoolWatcher[]>();

/** Call `watcher` before every change of a pool of `state` until the returned function is called. */
export function watchPools(state: EngineState, watcher: PoolWatcher): () => void {
  let list = watchers.get(state);
  if (list === undefined) {
    list = [];
    watchers.set(state, list);
  }
  list.push(watcher);
  return () => {
    const current = watchers.get(state);
    if (current === undefined) return;
    const at = current.indexOf(watcher);
    if (at >= 0) current.splice(at, 1);
    if (current.length === 0) watchers.delete(state);
  };
}

/** Tell the watchers that `pool` (a scan pool row; negative: none) is about to change. */
export function beforePoolChange(state: EngineState, pool: number | undefined): void {
  if (pool === undefined || pool < 0) return;
  const list = watchers.get(state);
  if (list === undefined) return;
  // A copy: a watcher may unregister itself.
  for (const watcher of list.slice()) watcher(pool);
}

/** Watchers registered on `state` (tests: none is left once a command is over). */
export function poolWatcherCount(state: EngineState): number {
  return watchers.get(state)?.length ?? 0;
}
