/**
 * The journal port: where accepted commands, their events and state snapshots are kept.
 *
 * Invariants every adapter keeps (the contract suite in `testing/journal-contract.ts` checks
 * them on each one):
 * - Sequence numbers start at 1 and have no gaps; `append` writes a whole batch in ONE
 *   transaction (group commit) or nothing, and refuses a batch that does not continue the journal.
 * - A command id appears at most once (the idempotency key).
 * - Texts are stored byte for byte (TEXT columns): numbers inside them are decimal strings and
 *   are never turned into floats; replay compares event texts exactly.
 *
 * The port is async because PostgreSQL's client is; the SQLite adapter answers synchronously
 * inside resolved promises.
 */

/** One journaled command with the events it produced. */
export interface JournalEntry {
  /** 1, 2, 3, ... with no gaps. */
  readonly seq: number;
  /** The command's own `id`, unique in the journal. */
  readonly commandId: string;
  /** JSON text of the command. */
  readonly command: string;
  /** JSON text of the array of events the command produced. */
  readonly events: string;
  /**
   * Version of the event format `events` is written in (see `EVENT_FORMAT_V1`). Entries written
   * before the field existed have none and read as 1; an append without it stores 1. Reads
   * always fill it in.
   */
  readonly eventFormat?: number;
  /**
   * The entry's link in the hash chain (see chain.ts), computed by the adapter on append (a value
   * given to `append` is ignored). Reads fill it in; null for an entry written before entries
   * carried hashes.
   */
  readonly hash?: string | null;
}

/** The event format of every entry written before entries carried a version. */
export const EVENT_FORMAT_V1 = 1;

/** Small settings written in the same transaction as a batch (for example a view a batch changed). */
export type MetaWrites = Readonly<Record<string, string>>;

/** The engine state after command `seq`, with its hash, as the engine's canonical text. */
export interface Snapshot {
  readonly seq: number;
  readonly hash: string;
  readonly state: string;
  /**
   * The chain hash of the journal entry at `seq`, recorded by the adapter when the snapshot is
   * saved (a value given to `saveSnapshot` is ignored). Null for a snapshot saved before entries
   * carried hashes, or of a chain-less entry; absent on snapshots being saved.
   */
  readonly chainHash?: string | null;
}

export type JournalKind = 'sqlite' | 'postgres';

export interface Journal {
  readonly kind: JournalKind;
  /** Where the journal lives, safe to print (a PostgreSQL password is masked). */
  readonly location: string;
  /**
   * Appends a batch in one transaction, with `meta` (settings the batch changed) in the same
   * transaction. `entries[0].seq` must be `lastSeq() + 1` and the seqs consecutive; otherwise
   * (another writer, a gap, a known command id) nothing is written, meta included, and a
   * `JournalConflictError` is thrown. An empty batch is a no-op (its meta is not written).
   */
  append(entries: readonly JournalEntry[], meta?: MetaWrites): Promise<void>;
  /** The seq of the last entry, 0 for an empty journal. */
  lastSeq(): Promise<number>;
  /** The seq of every given command id that is journaled; unknown ids are absent. */
  findCommands(commandIds: readonly string[]): Promise<Map<string, number>>;
  /** Up to `limit` entries with seq > `afterSeq`, in seq order. */
  readAfter(afterSeq: number, limit: number): Promise<JournalEntry[]>;
  /** Stores a snapshot; a later seq replaces the latest, older ones beyond the last few are pruned. */
  saveSnapshot(snapshot: Snapshot): Promise<void>;
  /** The snapshot with the highest seq, or null. */
  loadLatestSnapshot(): Promise<Snapshot | null>;
  /**
   * Retention: moves the entries with seq < `beforeSeq` into the journal's archive (see
   * docs/durability.md), where `findCommands` and `readAfter` still read them, so idempotency and
   * a full replay are unchanged. Copies first, then deletes (a crash between leaves an entry in
   * both, which reads skip). Returns the entries moved. Adapters without an archive leave it out.
   */
  archiveBefore?(beforeSeq: number): Promise<number>;
  /** Small settings kept with the journal (for example the engine options it was created with). */
  readMeta(key: string): Promise<string | null>;
  writeMeta(key: string, value: string): Promise<void>;
  close(): Promise<void>;
}

/** A batch that would break the journal's order or uniqueness; nothing of it was written. */
export class JournalConflictError extends Error {
  override readonly name: string = 'JournalConflictError';
}

/**
 * The journal moved under the batch: another writer appended first (the batch's first seq is
 * taken, or one of its command ids was journaled meanwhile). Nothing of the batch was written.
 */
export class JournalMovedError extends JournalConflictError {
  override readonly name = 'JournalMovedError';
}

/** Opening a journal that must exist (`create: false`) found none. */
export class JournalNotFoundError extends Error {
  override readonly name = 'JournalNotFoundError';
}

/**
 * What `--db` names exists but is not a journal this code can open (an empty file, a file of
 * another kind, a database without the journal's tables, a side file SQLite cannot write).
 */
export class NotAJournalError extends Error {
  override readonly name = 'NotAJournalError';
}

/** Snapshots kept per journal: the latest and one before it, in case the latest is unreadable. */
export const SNAPSHOTS_KEPT = 2;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks a batch's own shape before any I/O (both adapters call it). */
export function checkBatchShape(entries: readonly JournalEntry[]): void {
  const seen = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as JournalEntry;
    if (!Number.isSafeInteger(entry.seq) || entry.seq < 1) {
      throw new JournalConflictError(`entry ${i}: seq must be a positive integer, got ${entry.seq}`);
    }
    if (i > 0 && entry.seq !== (entries[i - 1] as JournalEntry).seq + 1) {
      throw new JournalConflictError(`entry ${i}: seq ${entry.seq} does not follow ${(entries[i - 1] as JournalEntry).seq}`);
    }
    if (entry.commandId.length === 0) throw new JournalConflictError(`entry ${i}: empty command id`);
    // Both databases must store the id byte for byte: PostgreSQL TEXT refuses U+0000, and a lone
    // surrogate would come back as U+FFFD.
    if (entry.commandId.includes('\u0000') || LONE_SURROGATE.test(entry.commandId)) {
      throw new JournalConflictError(`entry ${i}: command id must be well-formed Unicode without U+0000`);
    }
    if (seen.has(entry.commandId)) {
      throw new JournalConflictError(`entry ${i}: command id "${entry.commandId}" twice in one batch`);
    }
    seen.add(entry.commandId);
    if (entry.eventFormat !== undefined && (!Number.isSafeInteger(entry.eventFormat) || entry.eventFormat < 1)) {
      throw new JournalConflictError(`entry ${i}: eventFormat must be a positive integer, got ${entry.eventFormat}`);
    }
  }
}

/** The stored event-format column to its version: NULL (an entry from before the column) is 1. */
export function eventFormatOf(value: unknown): number {
  return value === null || value === undefined ? EVENT_FORMAT_V1 : toSeq(value);
}

/** Turns a database integer (number, bigint or text) into a safe JS integer, or throws. */
export function toSeq(value: unknown): number {
  const seq = typeof value === 'string' || typeof value === 'bigint' ? Number(value) : value;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq)) {
    throw new Error(`journal: sequence number is not a safe integer: ${String(value)}`);
  }
  return seq;
}
