/**
 * Restarts at any point, in process: a seeded command list is fed in random chunks with random
 * batch sizes; at random points the engine is abandoned with its open batch uncommitted (what a
 * crash loses) and reopened on the same journal, which is then fed the whole list again. Whatever
 * the interleaving, the journal must end equal to that of one uninterrupted run, and the state
 * rebuilt from it must hash the same. (The kill -9 test in packages/cli does this with real
 * processes; this one explores many more interleavings quickly.)
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseCommand, stateHash } from '@margin/engine';
import { SqliteJournal, type JournalEntry } from '@margin/store';
import { DurableHost } from './durable-host.js';
import { recover } from './recover.js';
import type { SubmittedCommand } from './submitted.js';
import { BTCUSDT_LINEAR_1TIER } from '@margin/testkit';

const INSTRUMENT = BTCUSDT_LINEAR_1TIER;

function cmd(json: Record<string, unknown>): SubmittedCommand {
  return { command: parseCommand(json), text: JSON.stringify(json) };
}

/** Deposits, prices and fills over four accounts (some fills rejected), with repeated ids. */
function commandList(count: number): SubmittedCommand[] {
  const list = [cmd({ type: 'instrument', id: 'i', instrument: INSTRUMENT })];
  for (let i = 0; list.length < count; i++) {
    const account = `a${i % 4}`;
    const time = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
    switch (i % 5) {
      case 0: list.push(cmd({ type: 'deposit', id: `d${i}`, account, asset: 'USDT', amount: `${500 + i}` })); break;
      case 1: list.push(cmd({ type: 'price', id: `p${i}`, symbol: 'BTCUSDT', markPrice: `${30000 + (i % 17) * 10}`, time })); break;
      case 2: list.push(cmd({ type: 'fill', id: `f${i}`, account, symbol: 'BTCUSDT', side: i % 2 === 0 ? 'buy' : 'sell', size: i % 7 === 0 ? '50' : '0.01', price: '30000', time })); break;
      case 3: list.push(cmd({ type: 'withdraw', id: `w${i}`, account, asset: 'USDT', amount: '7' })); break;
      default: list.push(list[Math.floor(i / 2)] as SubmittedCommand); // a repeated id
    }
  }
  return list;
}

async function readAll(journal: SqliteJournal): Promise<JournalEntry[]> {
  return journal.readAfter(0, 1_000_000);
}

const COMMANDS = commandList(120);

it('abandoning the engine at any point and restarting with the whole input ends with the uninterrupted journal', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'margin-restart-'));
  try {
    const referencePath = join(dir, 'reference.sqlite');
    const reference = await DurableHost.open(SqliteJournal.open(referencePath));
    await reference.submit(COMMANDS);
    await reference.close();
    const referenceJournal = SqliteJournal.open(referencePath);
    const expected = await readAll(referenceJournal);
    const expectedHash = stateHash((await recover(referenceJournal, { profile: 'generic' })).state);
    await referenceJournal.close();

    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: COMMANDS.length }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 17 }),
        fc.integer({ min: 0, max: 30 }),
        async (crashPoints, batchMax, chunkSize, snapshotEvery) => {
          const path = join(dir, `run-${run++}.sqlite`);
          const open = (): Promise<DurableHost> =>
            DurableHost.open(SqliteJournal.open(path), { batchMaxCommands: batchMax, batchDelayMs: 1, snapshotEvery });
          for (const crashAfter of crashPoints) {
            const engine = await open();
            for (let from = 0; from < crashAfter; from += chunkSize) await engine.submit(COMMANDS.slice(from, Math.min(crashAfter, from + chunkSize)));
            // The crash: the open batch is never committed, and no closing snapshot is written.
            await engine.journal.close();
          }
          const engine = await open();
          for (let from = 0; from < COMMANDS.length; from += chunkSize) await engine.submit(COMMANDS.slice(from, from + chunkSize));
          await engine.close();
          const journal = SqliteJournal.open(path);
          assert.deepEqual(await readAll(journal), expected);
          assert.equal(stateHash((await recover(journal, { profile: 'generic' })).state), expectedHash);
          await journal.close();
        },
      ),
      { numRuns: 40, seed: 4242 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
