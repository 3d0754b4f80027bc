/**
 * Moving a partition: stop its worker, copy its journal elsewhere (another machine's disk), start
 * the worker there while the stream kept filling: it resumes from the durable consumer's ack floor
 * (the consumer lives in NATS, not on the machine) and the cluster ends in the single-process
 * combined state.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateCommandLines } from '@margin/sim';
import { openJournal } from '@margin/store';
import { ClusterClient } from './cluster-client.js';
import { combinedHash } from './combined-state.js';
import { PartitionWorker } from './worker.js';
import { skipWithoutNats, startFixture, type Fixture } from './testing/cluster-fixture.js';
import { publishLines } from './testing/publish-lines.js';
import { singleProcessHash } from './testing/processes.js';

const PARTITIONS = 2;

describe('moving a partition to another machine', { skip: skipWithoutNats }, () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture();
  });
  after(async () => {
    await fixture?.cleanup();
  });

  it('resumes from the copied journal and the durable consumer', async () => {
    const lines = generateCommandLines({ seed: 5, lines: 800, badRate: 0 });
    const workers: PartitionWorker[] = [];
    for (let p = 0; p < PARTITIONS; p++) workers.push(await PartitionWorker.start({ natsUrl: fixture.nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(join(fixture.dir, `p${p}.sqlite`)) }));
    const client = await ClusterClient.connect(fixture.nats.url, PARTITIONS);
    let partitioned: string;
    try {
      let last = 0;
      const publish = async (from: number, to: number): Promise<void> => {
        last = Math.max(last, await publishLines(client, lines.slice(from, to)));
      };
      await publish(0, 400);
      await client.caughtUp(last);
      const moved = workers[1] as PartitionWorker;
      const lastSeqBefore = moved.host.lastSeq;
      await moved.stop();
      // The stream keeps taking partition 1's commands while it moves.
      await publish(400, 800);
      const elsewhere = join(fixture.dir, 'other-machine');
      mkdirSync(elsewhere);
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(join(fixture.dir, `p1.sqlite${suffix}`))) copyFileSync(join(fixture.dir, `p1.sqlite${suffix}`), join(elsewhere, `p1.sqlite${suffix}`));
      }
      workers[1] = await PartitionWorker.start({ natsUrl: fixture.nats.url, partition: 1, partitions: PARTITIONS, journal: await openJournal(join(elsewhere, 'p1.sqlite')) });
      assert.equal(workers[1].host.recovered.lastSeq, lastSeqBefore, 'recovered from the copied journal');
      await client.caughtUp(last);
      assert.ok(workers[1].host.lastSeq > lastSeqBefore, 'and went on with what arrived while it moved');
      partitioned = combinedHash(await client.snapshots());
    } finally {
      await client.close();
      for (const worker of workers) await worker.stop();
    }
    assert.equal(partitioned, await singleProcessHash(lines, join(fixture.dir, 'single.sqlite')));
  });
});
