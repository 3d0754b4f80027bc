/**
 * A process-wide count of changes to accounts' portfolio models (set, switched off, put back by a
 * preview's rollback, restored from a snapshot). The portfolio filter's typed-array fast path
 * (portfolio-vectors.ts) reads no account object per pool; it trusts a pool's cached model only
 * while this count is unchanged, and re-checks every pool through its slow path once it moves.
 * Process-wide rather than per engine state: a change in one state costs the others one slow
 * review per pool, never a wrong answer.
 */
let epoch = 0;

/** Call whenever an account's `portfolioModel` may have changed. */
export function portfolioModelsChanged(): void {
  epoch++;
}

/** The current count (compared, never interpreted). */
export function portfolioModelEpoch(): number {
  return epoch;
}
