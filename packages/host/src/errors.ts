/**
 * The one error path of the host: every failure of the journal or the engine leaves the host as
 * a `HostError` of a known kind, mapped here once; the server renders it as problem+json, the
 * CLI as one line and an exit code. Bad input stays an `InputError` (core), which both already render.
 */
import { InputError } from '@margin/core';
import { JournalMovedError, type Journal } from '@margin/store';

export type HostErrorKind =
  /** Another process writes to the journal (a running server, a second `margin run`). */
  | 'journal-in-use'
  /** The journal could not be written or read (connection lost, disk full, ...). */
  | 'journal-failed'
  /** The engine threw: a broken invariant, a bug. What was committed before it is sound. */
  | 'engine-failed'
  /** The journal does not replay to what it recorded (a bug or a foreign edit). */
  | 'recovery-failed';

export class HostError extends Error {
  override readonly name: string = 'HostError';
  constructor(
    readonly kind: HostErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class RecoveryError extends HostError {
  override readonly name = 'RecoveryError';
  constructor(message: string) {
    super('recovery-failed', message);
  }
}

const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']);

/** The host's error for a failure of `journal` (an append, a snapshot, a read). */
export function journalError(error: unknown, journal: Journal): Error {
  if (error instanceof HostError || error instanceof InputError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof JournalMovedError || (typeof code === 'string' && BUSY_CODES.has(code))) {
    return new HostError('journal-in-use', `journal in use by another process: ${journal.location}`, { cause: error });
  }
  return new HostError('journal-failed', `journal ${journal.location} failed: ${(error as Error).message}`, { cause: error });
}

/** The host's error for a throw of the engine. */
export function engineError(error: unknown): HostError {
  if (error instanceof HostError) return error;
  return new HostError('engine-failed', `the engine failed: ${(error as Error).message}`, { cause: error });
}
