/**
 * The journal contract: one test suite that every adapter of the `Journal` port must pass.
 * `sqlite-journal.test.ts` runs it on a temporary file, `postgres-journal.test.ts` on a real
 * PostgreSQL server. A fixture is one empty storage (a file, a schema) that can be opened any
 * number of times, so the suite can check what survives a close and a reopen.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ChainVerifier, CHAIN_GENESIS, entryHash } from '../chain.js';
import { JournalConflictError, JournalMovedError, type Journal, type JournalEntry, type Snapshot } from '../journal.js';

export interface JournalFixture {
  /** Opens the fixture's storage; every call opens the same storage anew. */
  open(): Promise<Journal>;
  /** Removes the storage; called once, after every opened journal was closed. */
  dispose(): Promise<void>;
}

export type JournalFactory = () => Promise<JournalFixture>;

/** Gives `body` a fresh fixture and closes whatever it opened, even when it fails. */
async function withFixture(factory: JournalFactory, body: (open: () => Promise<Journal>) => Promise<void>): Promise<void> {
  const fixture = await factory();
  const opened: Journal[] = [];
  try {
    await body(async () => {
      const journal = await fixture.open();
      opened.push(journal);
      return journal;
    });
  } finally {
    for (const journal of opened) await journal.close();
    await fixture.dispose();
  }
}

function entry(seq: number, overrides: Partial<JournalEntry> = {}): JournalEntry {
  const commandId = overrides.commandId ?? `cmd-${seq}`;
  return {
    seq,
    commandId,
    command: JSON.stringify({ type: 'deposit', id: commandId, account: 'alice', asset: 'USDT', amount: `${seq}.5` }),
    events: JSON.stringify([{ type: 'deposited', seq, commandId, balance: `${seq * 10}.25` }]),
    eventFormat: 1,
    ...overrides,
  };
}

/** Entries as read, without the chain hashes the adapter added (checked in their own test). */
function withoutHashes(read: readonly JournalEntry[]): JournalEntry[] {
  return read.map(({ hash: _hash, ...rest }) => rest);
}

function withoutChainHash(read: Snapshot | null): Snapshot | null {
  if (read === null) return null;
  const { chainHash: _chainHash, ...rest } = read;
  return rest;
}

function entries(fromSeq: number, count: number): JournalEntry[] {
  return Array.from({ length: count }, (_, i) => entry(fromSeq + i));
}

async function assertConflict(work: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof JournalConflictError, `expected a JournalConflictError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

export function describeJournalContract(name: string, factory: JournalFactory): void {
  describe(`${name} (journal contract)`, () => {
    it('starts empty', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        assert.equal(await journal.lastSeq(), 0);
        assert.deepEqual(withoutHashes(await journal.readAfter(0, 10)), []);
        assert.equal(await journal.loadLatestSnapshot(), null);
        assert.deepEqual(await journal.findCommands(['nope']), new Map());
        assert.deepEqual(await journal.findCommands([]), new Map());
        assert.equal(await journal.readMeta('engine'), null);
      }));

    it('reads a batch back byte for byte, numbers as the decimal strings they were written as', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        const tricky: JournalEntry[] = [
          entry(1, { commandId: 'ünï-cødé 🚀 "quoted" \\ back\\slash' }),
          entry(2, {
            command: JSON.stringify({ type: 'fill', id: 'cmd-2', size: '123456789012345678901234567890.123456789012345678', note: '\n\t\u0001 中文' }),
          }),
          entry(3, { events: JSON.stringify([{ type: 'big', pad: 'x'.repeat(200_000), amount: '-0.000000000000000001' }]) }),
        ];
        await journal.append(tricky);
        assert.deepEqual(withoutHashes(await journal.readAfter(0, 10)), tricky);
        assert.deepEqual(await journal.findCommands([tricky[0]?.commandId ?? '']), new Map([[tricky[0]?.commandId, 1]]));
      }));

    it('continues the sequence across batches and across a close and reopen', () =>
      withFixture(factory, async (open) => {
        const first = await open();
        await first.append(entries(1, 3));
        await first.close();
        const second = await open();
        assert.equal(await second.lastSeq(), 3);
        await second.append(entries(4, 2));
        assert.deepEqual(withoutHashes(await second.readAfter(2, 10)), entries(3, 3));
        assert.deepEqual(withoutHashes(await second.readAfter(0, 2)), entries(1, 2));
        assert.deepEqual(withoutHashes(await second.readAfter(5, 10)), []);
      }));

    it('treats an empty batch as a no-op', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        await journal.append([]);
        assert.equal(await journal.lastSeq(), 0);
      }));

    it('refuses a batch that does not continue the journal, and writes none of it', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        await assertConflict(journal.append(entries(2, 2)), /starts at seq 2 but the journal ends at 0/);
        await journal.append(entries(1, 3));
        await assertConflict(journal.append(entries(5, 2)), /starts at seq 5 but the journal ends at 3/);
        await assertConflict(journal.append(entries(3, 2)), /seq|command id/);
        assert.equal(await journal.lastSeq(), 3);
        assert.deepEqual(withoutHashes(await journal.readAfter(0, 10)), entries(1, 3));
      }));

    it('refuses a batch that repeats a journaled command id, and writes none of it', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        await journal.append(entries(1, 3));
        const batch = [entry(4), entry(5, { commandId: 'cmd-2' }), entry(6)];
        await assertConflict(journal.append(batch), /command id/);
        assert.equal(await journal.lastSeq(), 3);
        assert.deepEqual(await journal.findCommands(['cmd-4', 'cmd-6']), new Map());
      }));

    it('refuses a malformed batch before writing anything', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        await assertConflict(journal.append([entry(1), entry(3)]), /does not follow/);
        await assertConflict(journal.append([entry(1), entry(2, { commandId: 'cmd-1' })]), /twice in one batch/);
        await assertConflict(journal.append([entry(1, { commandId: '' })]), /empty command id/);
        await assertConflict(journal.append([entry(1, { commandId: 'a\u0000b' })]), /U\+0000/);
        await assertConflict(journal.append([entry(1, { commandId: 'lone \uD800' })]), /well-formed/);
        await assertConflict(journal.append([entry(0)]), /positive integer/);
        assert.equal(await journal.lastSeq(), 0);
      }));

    it('commits a batch of 9,001 entries whole, and refuses one with a repeat at its end whole', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        await journal.append(entries(1, 9_001));
        assert.equal(await journal.lastSeq(), 9_001);
        const page = await journal.readAfter(8_999, 10);
        assert.deepEqual(withoutHashes(page), entries(9_000, 2));
        const bad = [...entries(9_002, 9_000), entry(18_002, { commandId: 'cmd-5' })];
        await assertConflict(journal.append(bad), /command id/);
        assert.equal(await journal.lastSeq(), 9_001);
        assert.deepEqual(await journal.findCommands(['cmd-9002', 'cmd-18001']), new Map());
      }));

    it('finds journaled command ids among thousands of unknown ones', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        await journal.append(entries(1, 500));
        const ids = Array.from({ length: 3000 }, (_, i) => `cmd-${i * 7}`);
        const found = await journal.findCommands(ids);
        const expected = new Map<string, number>();
        for (let seq = 7; seq <= 500; seq += 7) expected.set(`cmd-${seq}`, seq);
        assert.deepEqual(found, expected);
      }));

    it('a second writer that read a stale last seq is refused', () =>
      withFixture(factory, async (open) => {
        const a = await open();
        const b = await open();
        assert.equal(await a.lastSeq(), await b.lastSeq());
        await a.append(entries(1, 2));
        await assertConflict(b.append([entry(1, { commandId: 'from-b' })]), /seq|command id/);
        assert.deepEqual(withoutHashes(await b.readAfter(0, 10)), entries(1, 2));
      }));

    it('keeps the latest snapshot across a reopen; the same seq is replaced', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        const bigState = JSON.stringify({ accounts: Array.from({ length: 20_000 }, (_, i) => ({ id: `acc-${i}`, balance: `${i}.000000000000000001` })) });
        await journal.saveSnapshot({ seq: 10, hash: 'a'.repeat(64), state: '{"s":10}' });
        await journal.saveSnapshot({ seq: 30, hash: 'c'.repeat(64), state: bigState });
        await journal.saveSnapshot({ seq: 20, hash: 'b'.repeat(64), state: '{"s":20}' });
        assert.deepEqual(withoutChainHash(await journal.loadLatestSnapshot()), { seq: 30, hash: 'c'.repeat(64), state: bigState });
        await journal.saveSnapshot({ seq: 30, hash: 'd'.repeat(64), state: '{"s":30}' });
        await journal.close();
        const reopened = await open();
        assert.deepEqual(withoutChainHash(await reopened.loadLatestSnapshot()), { seq: 30, hash: 'd'.repeat(64), state: '{"s":30}' });
      }));

    it('chains every entry to the one before it, across batches and a reopen; a snapshot records the hash of its entry', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        await journal.append(entries(1, 3));
        await journal.close();
        const reopened = await open();
        await reopened.append(entries(4, 2));
        await reopened.saveSnapshot({ seq: 4, hash: 'a'.repeat(64), state: '{}' });
        const read = await reopened.readAfter(0, 10);
        let previous = CHAIN_GENESIS;
        for (const [i, row] of read.entries()) {
          const expected = entryHash(previous, entries(1, 5)[i] as JournalEntry);
          assert.equal(row.hash, expected, `seq ${row.seq}`);
          previous = expected;
        }
        const verifier = new ChainVerifier(0, null);
        for (const row of read) verifier.check(row);
        assert.equal((await reopened.loadLatestSnapshot())?.chainHash, read[3]?.hash);
        const tampered = { ...(read[2] as JournalEntry), events: '[]' };
        const check = new ChainVerifier(2, read[1]?.hash ?? null);
        assert.throws(() => check.check(tampered), /seq 3 .*hash chain breaks/);
      }));

    it('keeps settings, overwrites them, and reads them after a reopen', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        await journal.writeMeta('engine', '{"profile":"generic"}');
        await journal.writeMeta('engine', '{"profile":"binance-usdm"}');
        await journal.writeMeta('other', 'x');
        await journal.close();
        const reopened = await open();
        assert.equal(await reopened.readMeta('engine'), '{"profile":"binance-usdm"}');
        assert.equal(await reopened.readMeta('other'), 'x');
      }));

    it('stores each entry\'s event format; an entry appended without one reads as format 1', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        const { eventFormat: _omitted, ...bare } = entry(1);
        await journal.append([bare, entry(2, { eventFormat: 2 })]);
        assert.deepEqual((await journal.readAfter(0, 10)).map((e) => e.eventFormat), [1, 2]);
        await assertConflict(journal.append([entry(3, { eventFormat: 0 })]), /eventFormat must be a positive integer/);
      }));

    it('writes the settings given with a batch in its transaction, and none of them when the batch is refused', () =>
      withFixture(factory, async (open) => {
        const journal = await open();
        await journal.append(entries(1, 2), { view: 'after 2' });
        assert.equal(await journal.readMeta('view'), 'after 2');
        await assertConflict(journal.append(entries(2, 2), { view: 'stale' }), /seq|command id/);
        await assertConflict(journal.append([...entries(3, 4_500), entry(4_503, { commandId: 'cmd-1' })], { view: 'repeat' }), /command id/);
        assert.equal(await journal.readMeta('view'), 'after 2');
        await journal.append(entries(3, 4_500), { view: 'after 4502', other: 'x' });
        assert.equal(await journal.readMeta('view'), 'after 4502');
        assert.equal(await journal.readMeta('other'), 'x');
      }));

    it('refuses a batch another writer got ahead of as JournalMovedError', () =>
      withFixture(factory, async (open) => {
        const a = await open();
        const b = await open();
        await a.append(entries(1, 1));
        await assert.rejects(b.append([entry(1, { commandId: 'from-b' })]), JournalMovedError);
        await assert.rejects(b.append([entry(2, { commandId: 'cmd-1' })]), JournalMovedError);
      }));

    it('any sequence of batches reads back in order, as appended', () =>
      fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(fc.record({ id: fc.string({ minLength: 1, maxLength: 12 }), amount: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }) }), { maxLength: 20 }), { maxLength: 5 }),
          (batches) =>
            withFixture(factory, async (open) => {
              const journal = await open();
              const written: JournalEntry[] = [];
              const ids = new Set<string>();
              for (const batch of batches) {
                const fresh = batch.filter((c) => !ids.has(c.id));
                const unique = [...new Map(fresh.map((c) => [c.id, c])).values()];
                const rows = unique.map((c, i) =>
                  entry(written.length + i + 1, { commandId: c.id, command: JSON.stringify({ id: c.id, amount: c.amount.toString() }) }),
                );
                await journal.append(rows);
                for (const row of rows) {
                  written.push(row);
                  ids.add(row.commandId);
                }
              }
              assert.equal(await journal.lastSeq(), written.length);
              assert.deepEqual(withoutHashes(await journal.readAfter(0, written.length + 1)), written);
              const found = await journal.findCommands([...ids]);
              assert.equal(found.size, ids.size);
            }),
        ),
        { numRuns: 12, seed: 20260101 },
      ));
  });
}
