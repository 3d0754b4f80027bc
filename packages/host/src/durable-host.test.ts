import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { InputError } from '@margin/core';
import { accountRiskJson, parseCommand, stateHash } from '@margin/engine';
import { CHAIN_GENESIS, PostgresJournal, SqliteJournal, entryHash, type Journal } from '@margin/store';
import { postgresTestUrl, withSchema } from '@margin/store/testing';
import { DurableHost, type HostOptions } from './durable-host.js';
import { HostError, RecoveryError } from './errors.js';
import type { CommittedBatch } from './event-bus.js';
import { recover } from './recover.js';
import type { SubmittedCommand } from './submitted.js';
import { BTCUSDT_LINEAR_1TIER } from '@margin/testkit';

/** One storage a test can open several times (a restart), like the journal contract's fixture. */
interface Storage {
  readonly open: () => Promise<Journal>;
  /** SQLite file path, for tests that edit the file behind the journal's back. */
  readonly sqlitePath: string | null;
  readonly dispose: () => Promise<void>;
}

const INSTRUMENT = BTCUSDT_LINEAR_1TIER;

function cmd(json: Record<string, unknown>): SubmittedCommand {
  return { command: parseCommand(json), text: JSON.stringify(json) };
}

/** A small valid history: instrument, price, deposits, fills (one rejected). */
function history(count: number): SubmittedCommand[] {
  const commands = [
    cmd({ type: 'instrument', id: 'i1', instrument: INSTRUMENT }),
    cmd({ type: 'price', id: 'p1', symbol: 'BTCUSDT', markPrice: '30000', time: '2026-01-01T00:00:00Z' }),
  ];
  for (let i = 0; commands.length < count; i++) {
    commands.push(cmd({ type: 'deposit', id: `d${i}`, account: `a${i % 3}`, asset: 'USDT', amount: '1000' }));
    if (commands.length < count) {
      const size = i % 4 === 3 ? '100' : '0.01'; // 100 BTC is far beyond the margin: rejected
      commands.push(cmd({ type: 'fill', id: `f${i}`, account: `a${i % 3}`, symbol: 'BTCUSDT', side: 'buy', size, price: '30000', time: '2026-01-01T00:00:01Z' }));
    }
  }
  return commands;
}

type Listener = (batch: CommittedBatch) => void | Promise<void>;

/** Host options plus the listener of committed batches the tests watch. */
type TestOptions = HostOptions & { readonly onCommit: Listener };

function collector(): { batches: CommittedBatch[]; lines: () => string[]; options: (extra?: Partial<TestOptions>) => TestOptions } {
  const batches: CommittedBatch[] = [];
  return {
    batches,
    lines: () => batches.flatMap((batch) => batch.eventTexts),
    options: (extra = {}) => ({ onCommit: (batch) => void batches.push(batch), ...extra }),
  };
}

/** Opens a host and subscribes `onCommit` before any command can commit. */
async function openHost(journal: Journal, options: TestOptions): Promise<DurableHost> {
  const { onCommit, ...hostOptions } = options;
  const host = await DurableHost.open(journal, hostOptions);
  host.subscribe(onCommit);
  return host;
}

function describeDurableHost(name: string, storage: () => Promise<Storage>): void {
  const withStorage = async (body: (s: Storage) => Promise<void>): Promise<void> => {
    const s = await storage();
    try {
      await body(s);
    } finally {
      await s.dispose();
    }
  };

  describe(`durable host on ${name}`, () => {
    it('hands a batch out only once another connection can read it from the journal', () =>
      withStorage(async (s) => {
        const reader = await s.open();
        const seen: number[] = [];
        const engine = await openHost(await s.open(), {
          batchMaxCommands: 4,
          onCommit: async (batch) => {
            assert.ok((await reader.lastSeq()) >= batch.lastSeq, `seq ${batch.lastSeq} is in the journal when handed out`);
            seen.push(batch.lastSeq);
          },
        });
        await engine.submit(history(10));
        await engine.close();
        await reader.close();
        assert.deepEqual(seen, [4, 8, 10]);
      }));

    it('a repeated command id is a duplicate with its original seq, within a chunk, across batches and restarts', () =>
      withStorage(async (s) => {
        const out = collector();
        const first = await openHost(await s.open(), out.options({ batchMaxCommands: 2 }));
        const [i1, p1, d0] = history(3) as [SubmittedCommand, SubmittedCommand, SubmittedCommand];
        await first.submit([i1, p1, d0, i1, d0, p1]);
        await first.close();
        assert.equal(first.stats.applied, 3);
        assert.equal(first.stats.duplicates, 3);
        const duplicates = out.lines().map((line) => JSON.parse(line) as { type: string; seq: number; commandId: string }).filter((e) => e.type === 'duplicate');
        assert.deepEqual(duplicates.map((e) => [e.commandId, e.seq]), [['i1', 1], ['d0', 3], ['p1', 2]]);

        const again = collector();
        const second = await openHost(await s.open(), again.options());
        await second.submit([d0]);
        await second.close();
        assert.deepEqual(again.lines(), ['{"type":"duplicate","seq":3,"commandId":"d0","command":"deposit"}']);
        assert.equal(second.lastSeq, 3);
      }));

    it('a different command under a used id is refused with id_reused and the original seq, uncommitted, journaled and after a restart; the same command re-sent stays a duplicate', () =>
      withStorage(async (s) => {
        const out = collector();
        const first = await openHost(await s.open(), out.options({ batchMaxCommands: 100 }));
        const [i1, p1, d0] = history(3) as [SubmittedCommand, SubmittedCommand, SubmittedCommand];
        const withdraw = cmd({ type: 'withdraw', id: 'd0', account: 'a0', asset: 'USDT', amount: '500' });
        // In the open batch: d0 is applied but not committed yet.
        await first.submit([i1, p1, d0, withdraw]);
        await first.flush();
        const hashBefore = await first.read(({ state }) => stateHash(state));
        // Journaled: the same id again, as a different command and as the same one re-spelt.
        const respelt = cmd({ amount: '1000.0', asset: 'USDT', account: 'a0', id: 'd0', type: 'deposit' });
        const outcomes = await first.execute([withdraw, respelt]);
        assert.deepEqual(outcomes.map((o) => [o.status, o.seq]), [['rejected', 3], ['duplicate', 3]]);
        assert.equal(await first.read(({ state }) => stateHash(state)), hashBefore);
        await first.close();
        const refused = out.lines().map((line) => JSON.parse(line) as Record<string, unknown>).filter((e) => e['code'] === 'id_reused');
        assert.equal(refused.length, 2);
        for (const event of refused) {
          assert.equal(event['type'], 'rejected');
          assert.equal(event['seq'], 3);
          assert.equal(event['command'], 'withdraw');
          assert.match(String(event['reason']), /seq 3/);
        }
        const second = await openHost(await s.open(), collector().options());
        assert.deepEqual((await second.execute([withdraw])).map((o) => [o.status, o.seq]), [['rejected', 3]]);
        assert.equal(second.lastSeq, 3);
        await second.close();
      }));

    it('journals a rejected fill with its rejection, and it changes nothing', () =>
      withStorage(async (s) => {
        const out = collector();
        const engine = await openHost(await s.open(), out.options());
        const commands = history(6); // ..., d1, f1 (fine) -- the 4th fill (f3) would be rejected
        await engine.submit(commands);
        const before = await engine.read((view) => JSON.stringify(accountRiskJson(view.state, 'a0')));
        await engine.submit([cmd({ type: 'fill', id: 'huge', account: 'a0', symbol: 'BTCUSDT', side: 'buy', size: '100', price: '30000', time: '2026-01-01T00:00:02Z' })]);
        assert.equal(await engine.read((view) => JSON.stringify(accountRiskJson(view.state, 'a0'))), before, 'the account is unchanged');
        await engine.close();
        const rejection = JSON.parse(out.lines().at(-1) ?? '{}') as { type: string; code: string; seq: number };
        assert.equal(rejection.type, 'rejected');
        assert.equal(rejection.code, 'initial_margin_insufficient');
        assert.equal(engine.stats.rejected, 1);
        const journal = await s.open();
        const [entry] = await journal.readAfter(rejection.seq - 1, 1);
        assert.equal(entry?.commandId, 'huge');
        await journal.close();
      }));

    it('commits a partial batch after batchDelayMs without more input', () =>
      withStorage(async (s) => {
        let committed!: () => void;
        const handedOut = new Promise<void>((resolve) => (committed = resolve));
        const engine = await openHost(await s.open(), { batchMaxCommands: 1000, batchDelayMs: 5, onCommit: () => committed() });
        await engine.submit(history(1));
        await handedOut;
        await engine.close();
      }));

    it('a restart rebuilds the same state from the snapshot plus a verified replay', () =>
      withStorage(async (s) => {
        const live = await openHost(await s.open(), collector().options({ snapshotEvery: 5, batchMaxCommands: 3 }));
        await live.submit(history(13));
        await live.flush(); // no close: no final snapshot, as after a crash
        const liveHash = await live.read((view) => stateHash(view.state));

        const journal = await s.open();
        const recovered = await recover(journal, { profile: 'generic' });
        assert.equal(recovered.snapshotSeq, 10);
        assert.equal(recovered.replayed, 3);
        assert.equal(stateHash(recovered.state), liveHash);
        const scratch = await recover(journal, { profile: 'generic', fromScratch: true });
        assert.equal(scratch.replayed, 13);
        assert.equal(stateHash(scratch.state), liveHash);
        await journal.close();
        await live.close();
      }));

    it('refuses a snapshot whose state does not hash to its recorded hash', () =>
      withStorage(async (s) => {
        const engine = await openHost(await s.open(), collector().options());
        await engine.submit(history(4));
        await engine.close(); // writes a snapshot at seq 4
        const journal = await s.open();
        const snapshot = await journal.loadLatestSnapshot();
        assert.ok(snapshot !== null);
        await journal.saveSnapshot({ ...snapshot, hash: '0'.repeat(64) });
        await assert.rejects(recover(journal, { profile: 'generic' }), (error: unknown) => error instanceof RecoveryError && /snapshot at seq 4/.test(error.message));
        await journal.close();
      }));

    it('refuses to run a journal under another profile than it was started with', () =>
      withStorage(async (s) => {
        const engine = await openHost(await s.open(), collector().options({ profile: 'binance-usdm' }));
        await engine.close();
        const journal = await s.open();
        await assert.rejects(openHost(journal, collector().options({ profile: 'bybit-linear' })), (error: unknown) => error instanceof InputError && /started with profile "binance-usdm"/.test(error.message));
        const reopened = await openHost(journal, collector().options());
        assert.equal(reopened.profile, 'binance-usdm');
        await reopened.close();
      }));

    it('an unknown profile is refused before anything is recorded', () =>
      withStorage(async (s) => {
        const journal = await s.open();
        await assert.rejects(openHost(journal, collector().options({ profile: 'nope' })), InputError);
        assert.equal(await journal.readMeta('engine.profile'), null);
        await journal.close();
      }));

    it('a failed commit stops the engine and hands out nothing of that batch', () =>
      withStorage(async (s) => {
        const out = collector();
        const engine = await openHost(await s.open(), out.options({ batchMaxCommands: 1000 }));
        await engine.submit(history(2));
        await engine.flush();
        // Another writer takes seq 3 behind the engine's back.
        const intruder = await s.open();
        await intruder.append([{ seq: 3, commandId: 'intruder', command: '{}', events: '[]' }]);
        await intruder.close();
        await engine.submit(history(4).slice(2));
        const inUse = (error: unknown): boolean => error instanceof HostError && error.kind === 'journal-in-use' && error.message === `journal in use by another process: ${engine.journal.location}`;
        await assert.rejects(engine.flush(), inUse);
        await assert.rejects(engine.submit(history(5).slice(4)), inUse);
        assert.equal(out.batches.length, 1, 'only the first batch was handed out');
        await engine.close();
      }));

    if (name === 'SQLite') {
      it('refuses a journal whose events differ from what replay produces', () =>
        withStorage(async (s) => {
          const engine = await openHost(await s.open(), collector().options({ snapshotEvery: 0 }));
          await engine.submit(history(5));
          await engine.flush(); // no snapshot: recovery replays everything
          const db = new Database(s.sqlitePath ?? '');
          db.prepare("UPDATE journal SET events = replace(events, '1000', '1001') WHERE seq = 3").run();
          db.close();
          // Edited alone, the entry breaks the hash chain at once.
          const broken = await s.open();
          await assert.rejects(recover(broken, { profile: 'generic' }), (error: unknown) => error instanceof RecoveryError && /seq 3 \(command "d0"\): the hash chain breaks here/.test(error.message));
          await broken.close();
          // Edited with the chain re-hashed (a forger's edit), replay still tells it apart.
          rehashChain(s.sqlitePath ?? '');
          const journal = await s.open();
          await assert.rejects(recover(journal, { profile: 'generic' }), (error: unknown) => error instanceof RecoveryError && /seq 3 \(command "d0"\): replay produced other events/.test(error.message));
          await journal.close();
          await engine.close();
        }));
    }
  });
}

/** Recomputes every chain hash of a SQLite journal, as a forger who edited entries would. */
function rehashChain(path: string): void {
  const db = new Database(path);
  let previous = CHAIN_GENESIS;
  const rows = db.prepare<[], { seq: number; command_id: string; command: string; events: string; event_format: number }>('SELECT seq, command_id, command, events, event_format FROM journal ORDER BY seq').all();
  const update = db.prepare<[string, number]>('UPDATE journal SET hash = ? WHERE seq = ?');
  for (const row of rows) {
    previous = entryHash(previous, { seq: row.seq, commandId: row.command_id, command: row.command, events: row.events, eventFormat: row.event_format });
    update.run(previous, row.seq);
  }
  db.close();
}

describeDurableHost('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'margin-durable-'));
  const path = join(dir, 'journal.sqlite');
  return { open: async () => SqliteJournal.open(path), sqlitePath: path, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
});

const pgUrl = postgresTestUrl();
if (pgUrl !== null) {
  describeDurableHost('PostgreSQL', async () => {
    const url = withSchema(pgUrl, `durable_${randomBytes(6).toString('hex')}`);
    return { open: () => PostgresJournal.open(url), sqlitePath: null, dispose: () => PostgresJournal.dropSchema(url) };
  });
}
