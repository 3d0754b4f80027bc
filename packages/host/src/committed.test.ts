/**
 * What readers and the journal see of a batch before and after its commit: committed state only,
 * the instrument catalogue in the batch's own transaction, and ids beyond the engine's bounded
 * window still answered as duplicates from the journal.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accountRiskJson } from '@margin/engine';
import { SqliteJournal, type Journal, type JournalEntry, type MetaWrites } from '@margin/store';
import { DurableHost } from './durable-host.js';
import { HostError } from './errors.js';
import { INSTRUMENTS_META_KEY } from './instrument-catalog.js';
import { BTCUSDT_LINEAR_1TIER } from '@margin/testkit';

const INSTRUMENT = BTCUSDT_LINEAR_1TIER;
const deposit = (id: string, amount = '10') => ({ type: 'deposit', id, account: 'alice', asset: 'USDT', amount });

/** A real SQLite journal whose appends wait until the test lets them through. */
class HeldJournal {
  readonly journal: Journal;
  private release: (() => void) | null = null;
  private held: Promise<void> | null = null;

  constructor(inner: SqliteJournal) {
    const append = inner.append.bind(inner);
    this.journal = Object.assign(inner, {
      append: async (entries: readonly JournalEntry[], meta?: MetaWrites) => {
        if (this.held !== null) await this.held;
        return append(entries, meta);
      },
    });
  }

  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  letGo(): void {
    this.release?.();
    this.held = null;
  }
}

function tempDb(): { path: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'margin-host-'));
  return { path: join(dir, 'journal.sqlite'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const wallet = (host: DurableHost) => host.read(({ state, lastSeq }) => ({ lastSeq, wallet: accountRiskJson(state, 'alice')?.account.walletBalance ?? null }));

describe('committed reads', () => {
  it('a reader never sees a command before its batch committed, holds new commands back, and is served right after the commit', async () => {
    const db = tempDb();
    try {
      const held = new HeldJournal(SqliteJournal.open(db.path));
      const host = await DurableHost.open(held.journal, { batchDelayMs: 1 });
      await host.executeJson([deposit('d1')]);
      assert.deepEqual(await wallet(host), { lastSeq: 1, wallet: '10' }, 'caught up: served at once');
      held.hold();
      const second = host.executeJson([deposit('d2', '5')]);
      await pause(20); // d2 is applied, its batch cut, its append held
      let seen: { lastSeq: number; wallet: string | null } | null = null;
      const read = wallet(host).then((value) => (seen = value));
      const third = host.executeJson([deposit('d3', '20')]); // arrives while the reader waits
      await pause(20);
      assert.equal(seen, null, 'not served while a batch is uncommitted');
      held.letGo();
      await read;
      assert.deepEqual(seen, { lastSeq: 2, wallet: '15' }, 'the state as of the commit of d2, without d3');
      assert.equal((await second)[0]?.seq, 2);
      assert.equal((await third)[0]?.seq, 3);
      assert.deepEqual(await wallet(host), { lastSeq: 3, wallet: '35' });
      await host.close();
    } finally {
      db.dispose();
    }
  });
});

describe('instrument catalogue', () => {
  it('is written in the transaction of the batch that defines the instrument, and read only once committed', async () => {
    const db = tempDb();
    try {
      const held = new HeldJournal(SqliteJournal.open(db.path));
      const host = await DurableHost.open(held.journal, { batchDelayMs: 1 });
      held.hold();
      const defined = host.executeJson([{ type: 'instrument', id: 'i1', instrument: { ...INSTRUMENT, markPrice: '30000' } }]);
      await pause(20);
      assert.equal(host.catalog.get('BTCUSDT'), undefined, 'uncommitted: not in the catalogue');
      assert.equal(await held.journal.readMeta(INSTRUMENTS_META_KEY), null);
      held.letGo();
      assert.equal((await defined)[0]?.status, 'accepted');
      assert.deepEqual(host.catalog.get('BTCUSDT'), INSTRUMENT, 'prices are not part of the definition');
      assert.deepEqual(JSON.parse((await held.journal.readMeta(INSTRUMENTS_META_KEY)) ?? 'null'), [INSTRUMENT]);
      await host.close();
    } finally {
      db.dispose();
    }
  });

  it('is not written when the batch is refused (another writer got ahead)', async () => {
    const db = tempDb();
    try {
      const host = await DurableHost.open(SqliteJournal.open(db.path), { batchDelayMs: 1 });
      const intruder = SqliteJournal.open(db.path);
      await intruder.append([{ seq: 1, commandId: 'intruder', command: '{}', events: '[]' }]);
      await assert.rejects(host.executeJson([{ type: 'instrument', id: 'i1', instrument: INSTRUMENT }]), (error: unknown) => error instanceof HostError && error.kind === 'journal-in-use');
      assert.equal(await intruder.readMeta(INSTRUMENTS_META_KEY), null);
      assert.equal(host.catalog.get('BTCUSDT'), undefined);
      await intruder.close();
      await host.close();
    } finally {
      db.dispose();
    }
  });
});

describe('bounded id window', () => {
  it('an id older than the engine remembers is still a duplicate with its original seq, found in the journal, before and after a restart', async () => {
    const db = tempDb();
    try {
      const host = await DurableHost.open(SqliteJournal.open(db.path), { batchDelayMs: 1, idWindow: 2 });
      for (let i = 1; i <= 6; i++) await host.executeJson([deposit(`d${i}`)]);
      const remembered = await host.read(({ state }) => [...state.previousIds, ...state.appliedIds].sort());
      assert.deepEqual(remembered, ['d5', 'd6'], 'the engine keeps the last generations only');
      const again = await host.executeJson([deposit('d1'), deposit('d5')]);
      assert.deepEqual(again.map((o) => [o.status, o.seq]), [['duplicate', 1], ['duplicate', 5]]);
      assert.deepEqual(await wallet(host), { lastSeq: 6, wallet: '60' });
      await host.close();
      const reopened = await DurableHost.open(SqliteJournal.open(db.path));
      assert.deepEqual((await reopened.executeJson([deposit('d2')])).map((o) => [o.status, o.seq]), [['duplicate', 2]]);
      await assert.rejects(DurableHost.open(SqliteJournal.open(db.path), { idWindow: 3 }), /started with an id window of 2, got 3/);
      await reopened.close();
    } finally {
      db.dispose();
    }
  });
});
