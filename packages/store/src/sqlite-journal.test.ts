import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteJournal } from './sqlite-journal.js';
import { JournalNotFoundError } from './journal.js';
import { describeJournalContract } from './testing/journal-contract.js';

describeJournalContract('SQLite journal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'margin-store-'));
  const path = join(dir, 'nested', 'journal.sqlite');
  return {
    open: async () => SqliteJournal.open(path),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite journal file', () => {
  it('is in WAL mode with synchronous=FULL unless told otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-store-'));
    try {
      const path = join(dir, 'j.sqlite');
      const journal = SqliteJournal.open(path);
      await journal.append([{ seq: 1, commandId: 'a', command: '{}', events: '[]' }]);
      assert.ok(existsSync(`${path}-wal`), 'a WAL file sits beside the journal');
      const pragmas = journal.pragmas();
      assert.deepEqual(pragmas, { journalMode: 'wal', synchronous: 'FULL' });
      await journal.close();
      const normal = SqliteJournal.open(path, { synchronous: 'NORMAL' });
      assert.equal(normal.pragmas().synchronous, 'NORMAL');
      await normal.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not create a missing file when asked not to', () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-store-'));
    try {
      const path = join(dir, 'missing.sqlite');
      assert.throws(() => SqliteJournal.open(path, { create: false }), JournalNotFoundError);
      assert.equal(existsSync(path), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
