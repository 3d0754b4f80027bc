/**
 * A journal written by an earlier version of the code (fixtures/journal-v1, see its README) must
 * recover to the state hash that version recorded: from its latest snapshot, from the older one,
 * and by replaying every entry with its events compared byte for byte.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { restoreState, stateHash } from '@margin/engine';
import { SqliteJournal } from '@margin/store';
import { DurableHost } from './durable-host.js';
import { recover } from './recover.js';

const FIXTURE = new URL('../fixtures/journal-v1/', import.meta.url);

/** The tables exactly as the SQLite adapter of event format 1 created them. */
const V1_SCHEMA = `
CREATE TABLE journal (seq INTEGER PRIMARY KEY, command_id TEXT NOT NULL UNIQUE, command TEXT NOT NULL, events TEXT NOT NULL) STRICT;
CREATE TABLE snapshots (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, state TEXT NOT NULL) STRICT;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
`;

function rows<T>(name: string): T[] {
  return readFileSync(new URL(name, FIXTURE), 'utf8').split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as T);
}

/** A SQLite file with the fixture's rows in the v1 tables; returns its path. */
function loadJournalV1(dir: string, snapshots: 'all' | 'none' = 'all'): string {
  const path = join(dir, 'journal-v1.sqlite');
  const db = new Database(path);
  db.exec(V1_SCHEMA);
  const insert = db.prepare('INSERT INTO journal (seq, command_id, command, events) VALUES (@seq, @command_id, @command, @events)');
  for (const row of rows<Record<string, unknown>>('journal.ndjson')) insert.run(row);
  if (snapshots === 'all') {
    const put = db.prepare('INSERT INTO snapshots (seq, hash, state) VALUES (@seq, @hash, @state)');
    for (const row of rows<Record<string, unknown>>('snapshots.ndjson')) put.run(row);
  }
  const meta = db.prepare('INSERT INTO meta (key, value) VALUES (@key, @value)');
  for (const row of rows<Record<string, unknown>>('meta.ndjson')) meta.run(row);
  db.close();
  return path;
}

const EXPECTED_HASH = readFileSync(new URL('state-hash.txt', FIXTURE), 'utf8').trim();

it('the v1 journal fixture recovers to the state hash it was written with', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'margin-journal-v1-'));
  try {
    const journal = SqliteJournal.open(loadJournalV1(dir));
    const fromSnapshot = await recover(journal, { profile: 'generic' });
    assert.equal(fromSnapshot.snapshotSeq, 30);
    assert.equal(fromSnapshot.lastSeq, 30);
    assert.equal(stateHash(fromSnapshot.state), EXPECTED_HASH);
    const fromScratch = await recover(journal, { profile: 'generic', fromScratch: true });
    assert.equal(fromScratch.replayed, 30);
    assert.equal(stateHash(fromScratch.state), EXPECTED_HASH);
    await journal.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('every snapshot of the v1 fixture restores to its recorded hash', () => {
  const snapshots = rows<{ seq: number; hash: string; state: string }>('snapshots.ndjson');
  assert.deepEqual(snapshots.map((s) => s.seq), [20, 30]);
  for (const snapshot of snapshots) assert.equal(stateHash(restoreState(snapshot.state)), snapshot.hash, `snapshot at seq ${snapshot.seq}`);
});

it('a host opened on the v1 fixture answers a retry with its original seq and journals new entries in the current event format', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'margin-journal-v1-'));
  try {
    const path = loadJournalV1(dir, 'none');
    const host = await DurableHost.open(SqliteJournal.open(path), { batchDelayMs: 1 });
    assert.equal(await host.read(({ state }) => stateHash(state)), EXPECTED_HASH);
    const [retry, fresh] = await host.executeJson([
      { type: 'deposit', id: 'd1', account: 'alice', asset: 'USDT', amount: '1000' },
      { type: 'deposit', id: 'after-upgrade', account: 'alice', asset: 'USDT', amount: '1' },
    ]);
    assert.deepEqual([retry?.status, retry?.seq], ['duplicate', 6]);
    assert.deepEqual([fresh?.status, fresh?.seq], ['accepted', 31]);
    await host.close();
    const journal = SqliteJournal.open(path);
    const formats = (await journal.readAfter(0, 100)).map((entry) => entry.eventFormat);
    assert.deepEqual(formats, Array.from({ length: 31 }, () => 1), 'old rows read as format 1, the new one is written as 1');
    await journal.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
