/**
 * `--db` to a journal: a `postgres://` (or `postgresql://`) URL opens PostgreSQL, anything else
 * is a SQLite file path.
 */
import { InputError } from '@margin/core';
import { JournalNotFoundError, NotAJournalError, type Journal } from './journal.js';
import { PostgresJournal, parsePostgresUrl } from './postgres-journal.js';
import { SqliteJournal, type SqliteSynchronous } from './sqlite-journal.js';

export interface OpenJournalOptions {
  /** Create a missing journal (SQLite file, PostgreSQL tables; default true); `margin state` passes false. */
  readonly create?: boolean;
  /** Read only (`margin state`): writes nothing, refuses a missing or empty file; implies `create: false`. */
  readonly readOnly?: boolean;
  readonly sqliteSynchronous?: SqliteSynchronous;
}

export function isPostgresUrl(dbArg: string): boolean {
  return /^postgres(ql)?:\/\//i.test(dbArg);
}

/** Opens the journal named by `dbArg`; a bad argument is an InputError on the `db` path. */
export async function openJournal(dbArg: string, options: OpenJournalOptions = {}): Promise<Journal> {
  if (dbArg.length === 0) throw new InputError(['db'], 'must be a file path or a postgres:// URL');
  if (isPostgresUrl(dbArg)) {
    try {
      parsePostgresUrl(dbArg);
    } catch (error) {
      throw new InputError(['db'], (error as Error).message);
    }
    try {
      return await PostgresJournal.open(dbArg, {
        ...(options.create === undefined ? {} : { create: options.create }),
        ...(options.readOnly === undefined ? {} : { readOnly: options.readOnly }),
      });
    } catch (error) {
      if (error instanceof JournalNotFoundError || error instanceof NotAJournalError) throw new InputError(['db'], error.message);
      throw error;
    }
  }
  try {
    return SqliteJournal.open(dbArg, {
      ...(options.create === undefined ? {} : { create: options.create }),
      ...(options.readOnly === undefined ? {} : { readOnly: options.readOnly }),
      ...(options.sqliteSynchronous === undefined ? {} : { synchronous: options.sqliteSynchronous }),
    });
  } catch (error) {
    if (error instanceof JournalNotFoundError || error instanceof NotAJournalError) throw new InputError(['db'], error.message);
    throw error;
  }
}
