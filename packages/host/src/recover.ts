/**
 * Recovery: the latest snapshot (its hash checked) plus a replay of every journal entry after it,
 * each entry's events compared byte for byte with the events journaled when it was first applied.
 * The engine is deterministic, so any difference is a bug or a foreign edit of the journal, and
 * recovery stops with a `RecoveryError` instead of running on a state nobody acknowledged.
 */
import {
  applyCommand,
  createEngineState,
  parseCommand,
  restoreState,
  stateHash,
  type EngineState,
} from '@margin/engine';
import { EVENT_FORMAT_V1, type Journal, type JournalEntry } from '@margin/store';
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
  const snapshot = options.fromScratch === true ? null : await journal.loadLatestSnapshot();
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
  for (;;) {
    const page = await journal.readAfter(seq, REPLAY_PAGE_ENTRIES);
    for (const entry of page) {
      if (entry.seq !== seq + 1) throw new RecoveryError(`journal gap: seq ${entry.seq} follows ${seq}`);
      state = replayEntry(state, entry);
      seq = entry.seq;
    }
    if (page.length < REPLAY_PAGE_ENTRIES) break;
  }
  return { state, lastSeq: seq, snapshotSeq, replayed: seq - snapshotSeq };
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
