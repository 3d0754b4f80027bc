/**
 * Partitions on a real nats-server (started here on a free port with a temp store): the same
 * seeded command stream through 3 partition workers and through one durable host ends in the same
 * combined state (combined-state.ts states the definition), and every account lives in the
 * partition its hash names.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCommand, snapshotState } from '@margin/engine';
import { DurableHost } from '@margin/host';
import { generateCommandLines } from '@margin/sim';
import { openJournal } from '@margin/store';
import { ClusterClient } from './cluster-client.js';
import { combinedHash } from './combined-state.js';
import { partitionOf } from './partition-map.js';
import { PartitionWorker } from './worker.js';
import { skipWithoutNats, startFixture, type Fixture } from './testing/cluster-fixture.js';

const PARTITIONS = 3;
const LINES = 2_000;

describe('partitions on JetStream', { skip: skipWithoutNats }, () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture();
  });
  after(async () => {
    await fixture?.cleanup();
  });

  it('3 partitions end in the combined state of a single-process run of the same seeded stream', async () => {
    const lines = generateCommandLines({ seed: 17, lines: LINES, badRate: 0 });
    const workers: PartitionWorker[] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      workers.push(await PartitionWorker.start({ natsUrl: fixture.nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(join(fixture.dir, `p${p}.sqlite`)) }));
    }
    const client = await ClusterClient.connect(fixture.nats.url, PARTITIONS);
    let last = 0;
    for (const line of lines) last = Math.max(last, (await client.publish(JSON.parse(line), line)).seq);
    await client.caughtUp(last);
    const partitioned = combinedHash(await client.snapshots());
    const snapshots = await client.snapshots();
    for (let p = 0; p < PARTITIONS; p++) {
      const accounts = (JSON.parse(snapshots[p] as string) as { accounts: { id: string }[] }).accounts;
      assert.ok(accounts.length > 0, `partition ${p} owns accounts`);
      for (const { id } of accounts) assert.equal(partitionOf(id, PARTITIONS), p, `account ${id} in partition ${p}`);
    }
    await client.close();
    for (const worker of workers) await worker.stop();

    const single = await DurableHost.open(await openJournal(join(fixture.dir, 'single.sqlite')));
    for (const line of lines) await single.submit([{ command: parseCommand(JSON.parse(line)), text: line }]);
    await single.flush();
    const singleHash = await single.read(({ state }) => combinedHash([snapshotState(state)]));
    await single.close();
    assert.equal(partitioned, singleHash);
  });
});
