/**
 * The journal's hash chain: every entry written by this version carries `hash` =
 * SHA-256 over the previous entry's hash and the entry's own fields, so an entry edited, dropped
 * or reordered anywhere after the chain starts breaks every later hash. Snapshots record the hash
 * of the entry at their seq (`chainHash`), so a journal that was cut back behind its snapshot,
 * or continued from another history, is caught at recovery.
 *
 * Journals written before entries carried hashes (event format 1, the `journal-v1` fixture) have
 * a chain-less prefix: an entry without a hash is accepted only while no entry before it had one;
 * the first hashed entry chains from the empty string (`CHAIN_GENESIS`), as entry 1 of a new journal does.
 */
import { createHash } from 'node:crypto';
import { EVENT_FORMAT_V1, type JournalEntry } from './journal.js';

/** The "previous hash" of the first entry of a journal (and of the first hashed entry after a chain-less prefix). */
export const CHAIN_GENESIS = '';

/** Hex SHA-256 chaining `entry` to `previousHash`; the fields are JSON-encoded as one array, so no two inputs collide by concatenation. */
export function entryHash(previousHash: string, entry: Pick<JournalEntry, 'seq' | 'commandId' | 'command' | 'events' | 'eventFormat'>): string {
  const fields = JSON.stringify([previousHash, entry.seq, entry.commandId, entry.command, entry.events, entry.eventFormat ?? EVENT_FORMAT_V1]);
  return createHash('sha256').update(fields, 'utf8').digest('hex');
}

/** The journal does not hold what it recorded: a broken chain, entries lost behind a snapshot. */
export class JournalCorruptError extends Error {
  override readonly name = 'JournalCorruptError';
}

/**
 * Checks entries in seq order against the chain. Start it with the hash of the entry before the
 * first one checked (a snapshot's `chainHash`, or `CHAIN_GENESIS`/null at seq 0); null means the
 * previous entry had no hash (a chain-less prefix).
 */
export class ChainVerifier {
  private previous: string | null;
  private previousSeq: number;

  constructor(previousSeq: number, previousHash: string | null) {
    this.previousSeq = previousSeq;
    this.previous = previousHash;
  }

  /** The hash of the last entry checked (null while in a chain-less prefix). */
  get lastHash(): string | null {
    return this.previous;
  }

  check(entry: JournalEntry): void {
    if (entry.seq !== this.previousSeq + 1) {
      throw new JournalCorruptError(`journal gap: seq ${entry.seq} follows ${this.previousSeq}`);
    }
    const stored = entry.hash ?? null;
    if (stored === null) {
      if (this.previous !== null && this.previousSeq > 0) {
        throw new JournalCorruptError(`seq ${entry.seq}: entry has no chain hash but the entry before it has one (an entry written or edited outside margin)`);
      }
    } else {
      const expected = entryHash(this.previous ?? CHAIN_GENESIS, entry);
      if (expected !== stored) {
        throw new JournalCorruptError(`seq ${entry.seq} (command "${entry.commandId}"): the hash chain breaks here (stored ${stored.slice(0, 16)}..., expected ${expected.slice(0, 16)}...): the entry or one before it was changed`);
      }
    }
    this.previous = stored;
    this.previousSeq = entry.seq;
  }
}
