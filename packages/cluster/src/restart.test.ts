/**
 * kill -9 of a partition worker at a seeded point while commands are in flight, then a restart:
 * no command acknowledged (answered after its commit) is lost, none is journaled twice, and the
 * partitions end in the combined state of a single-process run of the same stream.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCommand } from '@margin/engine';
import { Rng, generateCommandLines } from '@margin/sim';
import { openJournal } from '@margin/store';
import { ClusterClient, type ClusterAnswer } from './cluster-client.js';
import { combinedHash } from './combined-state.js';
import { routeOf } from './partition-map.js';
import { skipWithoutNats, startFixture, type Fixture } from './testing/cluster-fixture.js';
import { singleProcessHash, spawnWorker, stopProcess } from './testing/processes.js';

const PARTITIONS = 3;
const LINES = 1_200;
const SEED = 41;
const WINDOW = 100;

describe('a worker killed with SIGKILL and restarted', { skip: skipWithoutNats }, () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture();
  });
  after(async () => {
    await fixture?.cleanup();
  });

  it('loses no acknowledged command, journals none twice, and reaches the single-process combined state', async () => {
    const lines = generateCommandLines({ seed: SEED, lines: LINES, badRate: 0 });
    const db = (p: number): string => join(fixture.dir, `w${p}.sqlite`);
    const workers = [];
    for (let p = 0; p < PARTITIONS; p++) workers.push(await spawnWorker(fixture.nats.url, p, PARTITIONS, db(p)));
    const client = await ClusterClient.connect(fixture.nats.url, PARTITIONS, 60_000);
    const rng = new Rng(SEED);
    const killAt = Math.floor(LINES * (0.3 + 0.3 * rng.next()));
    const victim = Math.floor(rng.next() * PARTITIONS);

    const answers: Promise<ClusterAnswer>[] = [];
    let settled: ClusterAnswer[] = [];
    let partitioned: string;
    try {
      let restarted: Promise<void> = Promise.resolve();
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as string;
        // At most WINDOW commands in flight, as a client with a bounded queue would send them.
        if (i >= WINDOW) await answers[i - WINDOW];
        answers.push(client.submit({ command: parseCommand(JSON.parse(line)), text: line }));
        if (i === killAt) {
          // Some commands are committed and answered by now; others are in flight when it dies.
          await answers[Math.floor(killAt / 2)];
          await stopProcess(workers[victim]!, 'SIGKILL');
          // Restarted a second later while the other partitions go on.
          restarted = new Promise((resolve) => setTimeout(resolve, 1_000)).then(async () => {
            workers[victim] = await spawnWorker(fixture.nats.url, victim, PARTITIONS, db(victim));
          });
        }
      }
      await restarted;
      settled = await Promise.all(answers);
      const lastStreamSeq = Math.max(...settled.map((answer) => answer.streamSeq));
      await client.caughtUp(lastStreamSeq);
      partitioned = combinedHash(await client.snapshots());
    } finally {
      await client.close();
      // A failed run must not leave worker processes behind (they would keep the test alive).
      for (const worker of workers) await stopProcess(worker);
    }

    // Every answered command is in its partition's journal, exactly once.
    const journaled: Set<string>[] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      const journal = await openJournal(db(p));
      const entries = await journal.readAfter(0, 1_000_000);
      await journal.close();
      const ids = entries.map((entry) => entry.commandId);
      assert.equal(new Set(ids).size, ids.length, `partition ${p} journaled a command id twice`);
      journaled.push(new Set(ids));
    }
    lines.forEach((line, index) => {
      const json = JSON.parse(line) as { id: string };
      const route = routeOf(json, PARTITIONS);
      const owners = route.kind === 'shared' ? [0, 1, 2] : [route.partition];
      for (const p of owners) assert.ok(journaled[p]!.has(json.id), `command ${json.id} (line ${index}, answered ${JSON.parse(settled[index]!.outcomeText).status}) missing from partition ${p}`);
    });
    assert.equal(partitioned, await singleProcessHash(lines, join(fixture.dir, 'single.sqlite')));
  });
});
