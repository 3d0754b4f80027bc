/**
 * Checks on a SQLite journal's files before SQLite opens them, so a wrong or damaged file is one
 * clear refusal instead of a journal created inside it, a SQLite error code, or a crash:
 * - an existing file must start with the SQLite header (a 0-byte file is not a new journal: it
 *   was meant to be something, and `margin state` must never write a schema into it);
 * - the `-shm` and `-wal` side files must be writable by a writer: SQLite maps `-shm` into memory,
 *   and an immutable one (chattr +i) makes a writer die of SIGBUS without a message.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { NotAJournalError } from './journal.js';

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** Refuses an existing path that is not a SQLite database file. */
export function checkSqliteFile(path: string, shown: string): void {
  const stat = statSync(path);
  if (!stat.isFile()) throw new NotAJournalError(`${shown} is not a file`);
  if (stat.size === 0) {
    throw new NotAJournalError(`${shown} is an empty file (0 bytes), not a journal; remove it to start a new journal there`);
  }
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) throw new NotAJournalError(`${shown} is not a SQLite journal (no SQLite header)`);
}

/**
 * Refuses side files SQLite would crash on or fail to write. A writer needs both writable; a
 * reader is refused only for an immutable (or append-only) file, EPERM even for root, since
 * SQLite falls back to reading a read-only `-shm` on a read-only medium.
 */
export function checkSideFiles(path: string, shown: string, writer: boolean): void {
  for (const suffix of ['-shm', '-wal']) {
    const side = `${path}${suffix}`;
    let fd: number;
    try {
      fd = openSync(side, 'r+');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      if (!writer && code !== 'EPERM') continue;
      throw new NotAJournalError(
        `${shown}${suffix} cannot be written (${code ?? 'error'}: immutable, read-only or not ours); SQLite needs it writable to use the journal: fix its attributes (lsattr/chattr -i, chmod) or, if no process uses the journal, remove it`,
      );
    }
    closeSync(fd);
  }
}
