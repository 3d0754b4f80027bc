/**
 * Retention: after a snapshot is saved, the journal entries before it move to the journal's
 * archive (`Journal.archiveBefore`), so the live journal stays about one snapshot interval long.
 * Only behind a verified snapshot: read back, its state restores to its recorded hash, and it
 * covers the journal's own entry at its seq (same chain hash). The archive keeps every entry, so
 * idempotency (ids are looked up there too), `margin state --full-replay` and an audit are
 * unchanged; recovery starts from the snapshot and never needs it.
 */
import { restoreState, stateHash } from '@margin/engine';
import type { Journal } from '@margin/store';
import { HostError } from './errors.js';

/** Whether `journal` can archive (SQLite today); the host refuses the option otherwise. */
export function canArchive(journal: Journal): boolean {
  return typeof journal.archiveBefore === 'function';
}

/**
 * Verifies the latest snapshot and archives the entries before it; returns the entries moved (0
 * when the latest snapshot is not at `snapshotSeq`, e.g. an older one).
 */
export async function archiveBehindSnapshot(journal: Journal, snapshotSeq: number): Promise<number> {
  if (journal.archiveBefore === undefined) return 0;
  const snapshot = await journal.loadLatestSnapshot();
  if (snapshot === null || snapshot.seq !== snapshotSeq) return 0;
  const restored = stateHash(restoreState(snapshot.state));
  if (restored !== snapshot.hash) {
    throw new HostError('journal-failed', `snapshot at seq ${snapshot.seq} reads back with state hash ${restored}, not ${snapshot.hash}: nothing archived`);
  }
  const [entry] = await journal.readAfter(snapshot.seq - 1, 1);
  if (entry === undefined || entry.seq !== snapshot.seq || (entry.hash ?? null) !== (snapshot.chainHash ?? null)) {
    throw new HostError('journal-failed', `snapshot at seq ${snapshot.seq} does not cover the journal's entry ${snapshot.seq}: nothing archived`);
  }
  // The entry at the snapshot's seq stays: the live journal's last seq and chain go on from it.
  return journal.archiveBefore(snapshot.seq);
}
