/**
 * Journal faults (issue 14 defects 3 and 12), on SQLite and on PostgreSQL when
 * MARGIN_TEST_PG_URL is set:
 * - a commit that fails (the database refuses the write: a trigger raising, as a full disk or a
 *   read-only file would) answers every waiting caller with the error, and readers then see the
 *   committed state only, rebuilt from the journal, never the state the journal never received;
 * - a journal that ends before its latest snapshot, or whose entries no longer chain, or that is
 *   not the history its snapshot was taken after, is refused with a message saying so.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseCommand, stateHash } from '@margin/engine';
import { PostgresJournal, SqliteJournal, type Journal } from '@margin/store';
import { REFUSE_INSERTS_SQL, postgresTestUrl, runPostgresSql, runSqliteSql, withSchema } from '@margin/store/testing';
import { BTCUSDT_LINEAR_1TIER } from '@margin/testkit';
import { DurableHost } from './durable-host.js';
import { HostError, RecoveryError } from './errors.js';
import { recover } from './recover.js';
import type { SubmittedCommand } from './submitted.js';

interface Storage {
  readonly open: () => Promise<Journal>;
  /** Runs SQL on the storage from another connection (the fault's hand). */
  readonly sql: (text: string) => Promise<void>;
  /** SQL making every journal insert fail, as a full disk or a read-only file does. */
  readonly refuseInserts: string;
  readonly dispose: () => Promise<void>;
}

function cmd(json: Record<string, unknown>): SubmittedCommand {
  return { command: parseCommand(json), text: JSON.stringify(json) };
}

function deposits(from: number, count: number): SubmittedCommand[] {
  return Array.from({ length: count }, (_, i) => cmd({ type: 'deposit', id: `d${from + i}`, account: `a${(from + i) % 5}`, asset: 'USDT', amount: '100' }));
}

const SETUP = [
  cmd({ type: 'instrument', id: 'i1', instrument: BTCUSDT_LINEAR_1TIER }),
  cmd({ type: 'price', id: 'p1', symbol: 'BTCUSDT', markPrice: '30000', time: '2026-01-01T00:00:00Z' }),
];

function sqliteStorage(): Storage {
  const dir = mkdtempSync(join(tmpdir(), 'margin-faults-'));
  const path = join(dir, 'journal.sqlite');
  return {
    open: async () => SqliteJournal.open(path),
    sql: async (text) => runSqliteSql(path, text),
    refuseInserts: REFUSE_INSERTS_SQL.sqlite,
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresStorage(baseUrl: string): Storage {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const url = withSchema(baseUrl, schema);
  return {
    open: () => PostgresJournal.open(url),
    sql: (text) => runPostgresSql(url, text),
    refuseInserts: REFUSE_INSERTS_SQL.postgres,
    dispose: () => PostgresJournal.dropSchema(url),
  };
}

function describeFaults(name: string, make: () => Storage): void {
  const withStorage = async (body: (s: Storage) => Promise<void>): Promise<void> => {
    const s = make();
    try {
      await body(s);
    } finally {
      await s.dispose();
    }
  };

  describe(`journal faults on ${name}`, () => {
    it('a failed commit answers every waiting caller with the error; readers see only the committed state', () =>
      withStorage(async (s) => {
        const host = await DurableHost.open(await s.open(), { batchDelayMs: 1, snapshotEvery: 0 });
        await host.execute([...SETUP, ...deposits(0, 5)]);
        const committedHash = await host.read(({ state }) => stateHash(state));
        const published: number[] = [];
        host.subscribe((batch) => void published.push(batch.lastSeq));
        await s.sql(s.refuseInserts);
        // Three callers wait on commits that will fail; a reader waits behind them.
        const waiting = [host.execute(deposits(5, 3)), host.execute(deposits(8, 2)), host.execute(deposits(10, 1))];
        const reader = host.read(({ state, lastSeq }) => ({ hash: stateHash(state), lastSeq }));
        const results = await Promise.allSettled(waiting);
        for (const result of results) {
          assert.equal(result.status, 'rejected');
          const error = (result as PromiseRejectedResult).reason as unknown;
          assert.ok(error instanceof HostError && error.kind === 'journal-failed', String(error));
          assert.match((error as Error).message, /injected/);
        }
        assert.deepEqual(await reader, { hash: committedHash, lastSeq: 7 }, 'the waiting reader sees the committed state');
        assert.deepEqual(published, [], 'nothing uncommitted was handed out');
        assert.match(host.failed?.message ?? '', /injected/);
        // Later reads: still the committed state, equal to what a fresh recovery of the journal gives.
        const after = await host.read(({ state, lastSeq }) => ({ hash: stateHash(state), lastSeq, accounts: state.accounts.size }));
        const check = await s.open();
        const recovered = await recover(check, { profile: 'generic' });
        await check.close();
        assert.deepEqual(after, { hash: stateHash(recovered.state), lastSeq: recovered.lastSeq, accounts: recovered.state.accounts.size });
        assert.equal(after.hash, committedHash);
        await assert.rejects(host.execute(deposits(20, 1)), (error: unknown) => error instanceof HostError && /injected/.test(error.message));
        await host.close();
      }));

    it('refuses a journal that ends before its latest snapshot (entries lost behind it)', () =>
      withStorage(async (s) => {
        const host = await DurableHost.open(await s.open(), { batchDelayMs: 1, snapshotEvery: 0 });
        await host.execute([...SETUP, ...deposits(0, 10)]);
        await host.close(); // snapshot at seq 12
        await s.sql('DELETE FROM journal WHERE seq > 9');
        const journal = await s.open();
        await assert.rejects(recover(journal, { profile: 'generic' }), (error: unknown) => error instanceof RecoveryError && /ends at seq 9, before its latest snapshot at seq 12: committed entries were lost/.test(error.message));
        await assert.rejects(recover(journal, { profile: 'generic', fromScratch: true }), /before its latest snapshot at seq 12/);
        await journal.close();
      }));

    it('refuses a journal whose chain breaks, and one that is not the history its snapshot covers', () =>
      withStorage(async (s) => {
        const host = await DurableHost.open(await s.open(), { batchDelayMs: 1, snapshotEvery: 0 });
        await host.execute([...SETUP, ...deposits(0, 10)]);
        await host.close(); // snapshot at seq 12
        // An entry before the snapshot is edited: the snapshot recovers, a full replay (the audit) catches it.
        await s.sql(`UPDATE journal SET command = replace(command, '"amount":"100"', '"amount":"100.0"') WHERE seq = 5`);
        const journal = await s.open();
        assert.equal((await recover(journal, { profile: 'generic' })).lastSeq, 12);
        await assert.rejects(recover(journal, { profile: 'generic', fromScratch: true }), (error: unknown) => error instanceof RecoveryError && /seq 5 \(command "d2"\): the hash chain breaks here/.test(error.message));
        await journal.close();
        // The entry the snapshot covers is another one: refused even from the snapshot.
        await s.sql(`UPDATE journal SET hash = '${'0'.repeat(64)}' WHERE seq = 12`);
        const other = await s.open();
        await assert.rejects(recover(other, { profile: 'generic' }), /latest snapshot \(seq 12\) was taken after another entry 12 than the journal holds/);
        await other.close();
      }));
  });
}

describeFaults('SQLite', sqliteStorage);
const pgUrl = postgresTestUrl();
if (pgUrl !== null) describeFaults('PostgreSQL', () => postgresStorage(pgUrl));
