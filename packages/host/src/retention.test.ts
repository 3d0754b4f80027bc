/**
 * Retention (`archive: true`): entries behind each verified snapshot move to the archive; the
 * live journal keeps the rest; recovery, full replay, idempotency of archived ids and id reuse
 * checks are unchanged; PostgreSQL refuses the option with one clear error.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { InputError } from '@margin/core';
import { stateHash } from '@margin/engine';
import { PostgresJournal, SqliteJournal, sqliteArchivePath } from '@margin/store';
import { postgresTestUrl, withSchema } from '@margin/store/testing';
import { DurableHost } from './durable-host.js';
import { recover } from './recover.js';

function deposits(from: number, count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({ type: 'deposit', id: `d${from + i}`, account: `a${(from + i) % 7}`, asset: 'USDT', amount: `${from + i}.5` }));
}

function seqRange(path: string): { first: number; last: number; count: number } {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[], { first: number; last: number; count: number }>('SELECT min(seq) AS first, max(seq) AS last, count(*) AS count FROM journal').get() as { first: number; last: number; count: number };
  } finally {
    db.close();
  }
}

it('archives the entries behind each snapshot; recovery, full replay and archived ids are unchanged', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'margin-retention-'));
  try {
    const path = join(dir, 'j.sqlite');
    const host = await DurableHost.open(SqliteJournal.open(path), { snapshotEvery: 10, archive: true, batchMaxCommands: 4, batchDelayMs: 1 });
    await host.executeJson([{ type: 'asset', id: 'usdt', asset: 'USDT', decimals: 8 }, ...deposits(0, 34)]);
    const hash = await host.read(({ state }) => stateHash(state));
    await host.close(); // snapshot at 35, archive before 35
    assert.deepEqual(seqRange(path), { first: 35, last: 35, count: 1 });
    assert.deepEqual(seqRange(sqliteArchivePath(path)), { first: 1, last: 34, count: 34 });
    const journal = SqliteJournal.open(path, { readOnly: true });
    assert.equal(stateHash((await recover(journal, { profile: 'generic' })).state), hash);
    const full = await recover(journal, { profile: 'generic', fromScratch: true });
    assert.equal(full.replayed, 35);
    assert.equal(stateHash(full.state), hash);
    await journal.close();
    // An archived id is still a duplicate with its seq; the same id for another command is still refused.
    const again = await DurableHost.open(SqliteJournal.open(path), { archive: true, batchDelayMs: 1 });
    const [duplicate, reused, fresh] = await again.executeJson([deposits(0, 1)[0], { ...deposits(1, 1)[0], amount: '2' }, ...deposits(100, 1)]);
    assert.deepEqual([duplicate?.status, duplicate?.seq], ['duplicate', 2]);
    assert.deepEqual([reused?.status, reused?.seq, reused?.events[0]?.type], ['rejected', 3, 'rejected']);
    assert.deepEqual([fresh?.status, fresh?.seq], ['accepted', 36]);
    await again.close();
    // Without its archive the journal is refused, not read as a shorter history.
    renameSync(sqliteArchivePath(path), join(dir, 'moved'));
    assert.throws(() => SqliteJournal.open(path, { readOnly: true }), /moved entries before seq 36 to its archive .*which is missing/);
    assert.ok(existsSync(path));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const pgUrl = postgresTestUrl();
if (pgUrl !== null) {
  it('PostgreSQL: the archive option is refused with one clear error', async () => {
    const url = withSchema(pgUrl, `test_retention_${process.pid}`);
    const journal = await PostgresJournal.open(url);
    await assert.rejects(DurableHost.open(journal, { archive: true }), (error: unknown) => error instanceof InputError && /retention is implemented for SQLite journals only/.test(error.message));
    await journal.close();
    await PostgresJournal.dropSchema(url);
  });
}
