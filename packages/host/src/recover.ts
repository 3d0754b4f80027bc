/**
 * Recovery: the latest snapshot (its hash checked) plus a replay of every journal entry after it,
 * each entry's events compared byte for byte with the events journaled when it was first applied.
 * The engine is deterministic, so any difference is a bug or a foreign edit of the journal, and
 * recovery stops with a `RecoveryError` instead of running on a state nobody acknowledged.
 *
 * Before any of that, the journal must hold what it recorded: the hash chain of every entry
 * replayed (and of the entry a snapshot covers) must hold, and the journal must not end before
 * its latest snapshot (entries lost behind it: a WAL cut after a crash, an older copy restored).
 * What this cannot detect is in docs/durability.md.
 */
import {
  applyCommand,
  createEngineState,
  parseCommand,
  restoreState,
  stateHash,
  type EngineState,
} from '@margin/engine';
import { ChainVerifier, EVENT_FORMAT_V1, JournalCorruptError, type Journal, type JournalEntry, type Snapshot } from '@margin/store';
import { resolveEngineOptions, type JournalEngineOptions } from './engine-options.js';
import { RecoveryError, journalError } from './errors.js';
import { READABLE_EVENT_FORMATS } from './event-format.js';

/** Entries read per journal query while replaying. */
export const REPLAY_PAGE_ENTRIES = 2_000;

export interface Recovered {
  readonly state: EngineState;
  /** Seq of the last journal entry applied (0 for an empty journal). */
  readonly lastSeq: number;
  /** Seq of the snapshot recovery started from, 0 when it started from an empty state. */
  readonly snapshotSeq: number;
  /** Journal entries replayed on top of the snapshot. */
  readonly replayed: number;
}

export interface RecoverOptions {
  readonly profile: string;
  /** Ids per generation of the engine's id window; default the engine's. */
  readonly idWindow?: number;
  /** Replay from the first entry, ignoring snapshots (slow; for audits and tests). */
  readonly fromScratch?: boolean;
}

export async function recover(journal: Journal, options: RecoverOptions): Promise<Recovered> {
  const latest = await journal.loadLatestSnapshot();
  const lastSeq = await journal.lastSeq();
  if (latest !== null && latest.seq > lastSeq) {
    throw new RecoveryError(
      `journal ${journal.location} ends at seq ${lastSeq}, before its latest snapshot at seq ${latest.seq}: committed entries were lost (a WAL cut after a crash, or an older copy of the file); restore the journal from a backup`,
    );
  }
  if (latest !== null) await checkSnapshotCovers(journal, latest);
  const snapshot = options.fromScratch === true ? null : latest;
  let state: EngineState;
  let seq: number;
  if (snapshot === null) {
    state = createEngineState({ profile: options.profile, ...(options.idWindow === undefined ? {} : { idWindow: options.idWindow }) });
    seq = 0;
  } else {
    state = restoreState(snapshot.state);
    const hash = stateHash(state);
    if (hash !== snapshot.hash) {
      throw new RecoveryError(`snapshot at seq ${snapshot.seq}: restored state hashes to ${hash}, the snapshot recorded ${snapshot.hash}`);
    }
    seq = snapshot.seq;
  }
  const snapshotSeq = seq;
  const chain = new ChainVerifier(seq, snapshot === null ? null : (snapshot.chainHash ?? null));
  for (;;) {
    const page = await journal.readAfter(seq, REPLAY_PAGE_ENTRIES);
    for (const entry of page) {
      try {
        chain.check(entry);
      } catch (error) {
        if (error instanceof JournalCorruptError) throw new RecoveryError(`journal ${journal.location}: ${error.message}`);
        throw error;
      }
      state = replayEntry(state, entry);
      seq = entry.seq;
    }
    if (page.length < REPLAY_PAGE_ENTRIES) break;
  }
  if (seq !== lastSeq) throw new RecoveryError(`journal ${journal.location}: replay ended at seq ${seq} but the journal ends at ${lastSeq}`);
  return { state, lastSeq: seq, snapshotSeq, replayed: seq - snapshotSeq };
}

/** The entry at a snapshot's seq must be the one it was taken after (same chain hash). */
async function checkSnapshotCovers(journal: Journal, snapshot: Snapshot): Promise<void> {
  if (snapshot.seq === 0 || snapshot.chainHash === null || snapshot.chainHash === undefined) return;
  const [entry] = await journal.readAfter(snapshot.seq - 1, 1);
  if (entry === undefined || entry.seq !== snapshot.seq) {
    throw new RecoveryError(`journal ${journal.location} has no entry at seq ${snapshot.seq}, which its latest snapshot covers; restore the journal from a backup`);
  }
  if (entry.hash !== snapshot.chainHash) {
    throw new RecoveryError(
      `journal ${journal.location}: the latest snapshot (seq ${snapshot.seq}) was taken after another entry ${snapshot.seq} than the journal holds (chain hash differs): the journal is not the history the snapshot covers`,
    );
  }
}

/**
 * Recovers a journal with the engine options it records (read-only: records nothing), as
 * `margin state` does; failures come out as the host's errors.
 */
export async function recoverJournal(journal: Journal, options: { readonly fromScratch?: boolean } = {}): Promise<Recovered & { readonly engine: JournalEngineOptions }> {
  try {
    const engine = await resolveEngineOptions(journal, {}, false);
    const recovered = await recover(journal, { ...engine, ...(options.fromScratch === undefined ? {} : { fromScratch: options.fromScratch }) });
    return { ...recovered, engine };
  } catch (error) {
    throw journalError(error, journal);
  }
}

/** Applies one journaled command again and checks it produced the journaled events. */
export function replayEntry(state: EngineState, entry: JournalEntry): EngineState {
  const format = entry.eventFormat ?? EVENT_FORMAT_V1;
  if (!READABLE_EVENT_FORMATS.includes(format)) {
    throw new RecoveryError(`seq ${entry.seq}: event format ${format} is newer than this engine reads (${READABLE_EVENT_FORMATS.join(', ')}); upgrade margin`);
  }
  const command = parseCommand(JSON.parse(entry.command) as unknown);
  if (command.id !== entry.commandId) {
    throw new RecoveryError(`seq ${entry.seq}: journaled under id "${entry.commandId}" but the command's id is "${command.id}"`);
  }
  const result = applyCommand(state, command, { seq: entry.seq });
  const events = JSON.stringify(result.events);
  if (events !== entry.events) {
    throw new RecoveryError(
      `seq ${entry.seq} (command "${entry.commandId}"): replay produced other events than journaled\n  journaled: ${entry.events}\n  replayed:  ${events}`,
    );
  }
  return result.state;
}
