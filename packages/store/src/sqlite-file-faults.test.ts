/**
 * Storage faults a SQLite journal must refuse loudly (issue 14 defects 12 and 13): an empty file,
 * a file of another kind, a SQLite file without the journal's tables, an immutable `-shm`; and a
 * read-only open (`margin state`) writes nothing at all.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { JournalNotFoundError, NotAJournalError } from './journal.js';
import { SqliteJournal } from './sqlite-journal.js';

function withDir(body: (dir: string) => Promise<void> | void): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-faults-'));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

function digest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('SQLite journal files that are not journals', () => {
  it('refuses a 0-byte file, read-only or not, and leaves it 0 bytes', withDir((dir) => {
    const path = join(dir, 'empty.sqlite');
    writeFileSync(path, '');
    for (const options of [{ readOnly: true }, {}]) {
      assert.throws(() => SqliteJournal.open(path, options), (error: unknown) => error instanceof NotAJournalError && /empty file \(0 bytes\), not a journal/.test(error.message));
      assert.equal(statSync(path).size, 0);
      assert.equal(existsSync(`${path}-wal`), false);
    }
  }));

  it('refuses a file that is not SQLite, and one that is SQLite without the journal tables, writing nothing', withDir((dir) => {
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello, this is not a database\n'.repeat(200));
    const before = digest(text);
    assert.throws(() => SqliteJournal.open(text), /not a SQLite journal \(no SQLite header\)/);
    assert.equal(digest(text), before);
    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE things (x TEXT)');
    db.close();
    const otherBefore = digest(other);
    for (const options of [{ readOnly: true }, {}]) {
      assert.throws(() => SqliteJournal.open(other, options), /SQLite file but not a margin journal \(no journal, snapshots, meta tables\)/);
    }
    assert.equal(digest(other), otherBefore);
  }));

  it('read-only: refuses a missing file without creating it, and leaves a journal byte for byte as it was', withDir(async (dir) => {
    const missing = join(dir, 'sub', 'missing.sqlite');
    assert.throws(() => SqliteJournal.open(missing, { readOnly: true }), JournalNotFoundError);
    assert.equal(existsSync(join(dir, 'sub')), false);
    const path = join(dir, 'j.sqlite');
    const writer = SqliteJournal.open(path);
    await writer.append([{ seq: 1, commandId: 'a', command: '{}', events: '[]' }]);
    await writer.saveSnapshot({ seq: 1, hash: 'h', state: '{}' });
    await writer.close();
    const before = digest(path);
    const reader = SqliteJournal.open(path, { readOnly: true });
    assert.equal(await reader.lastSeq(), 1);
    assert.equal((await reader.loadLatestSnapshot())?.seq, 1);
    await assert.rejects(reader.append([{ seq: 2, commandId: 'b', command: '{}', events: '[]' }]), /read-only/);
    await reader.close();
    assert.equal(digest(path), before);
  }));

  it('read-only: opens a journal from before the chain columns without adding them', withDir(async (dir) => {
    const path = join(dir, 'old.sqlite');
    const db = new Database(path);
    db.exec(`CREATE TABLE journal (seq INTEGER PRIMARY KEY, command_id TEXT NOT NULL UNIQUE, command TEXT NOT NULL, events TEXT NOT NULL) STRICT;
      CREATE TABLE snapshots (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, state TEXT NOT NULL) STRICT;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      INSERT INTO journal VALUES (1, 'old', '{"id":"old"}', '[]');`);
    db.close();
    const before = digest(path);
    const reader = SqliteJournal.open(path, { readOnly: true });
    assert.deepEqual(await reader.readAfter(0, 5), [{ seq: 1, commandId: 'old', command: '{"id":"old"}', events: '[]', eventFormat: 1, hash: null }]);
    await reader.close();
    assert.equal(digest(path), before);
  }));
});

/** chattr needs a file system with attributes (ext4, xfs; not tmpfs) and CAP_LINUX_IMMUTABLE. */
function chattr(flag: '+i' | '-i', path: string): boolean {
  return spawnSync('chattr', [flag, path], { stdio: 'ignore' }).status === 0;
}

describe('SQLite side files', () => {
  it('refuses an immutable -shm with one message naming it, for a writer and a reader', (t) => withDir(async (dir) => {
    const path = join(dir, 'j.sqlite');
    const writer = SqliteJournal.open(path);
    await writer.append([{ seq: 1, commandId: 'a', command: '{}', events: '[]' }]);
    await writer.close();
    writeFileSync(`${path}-shm`, Buffer.alloc(32_768));
    if (!chattr('+i', `${path}-shm`)) {
      t.skip('chattr +i is not permitted here (needs root and a file system with attributes)');
      return;
    }
    try {
      for (const options of [{}, { readOnly: true }]) {
        assert.throws(() => SqliteJournal.open(path, options), (error: unknown) => error instanceof NotAJournalError && /j\.sqlite-shm cannot be written \(EPERM/.test(error.message));
      }
    } finally {
      chattr('-i', `${path}-shm`);
    }
  })());
});
