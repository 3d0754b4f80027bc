/**
 * kill -9 of nats-server mid-stream, then a restart on the same port and store: the stream and the
 * durable consumers survive on disk, workers and the publisher reconnect, nothing acknowledged is
 * lost, nothing is journaled twice, and the cluster ends in the single-process combined state.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateCommandLines } from '@margin/sim';
import { openJournal } from '@margin/store';
import { ClusterClient } from './cluster-client.js';
import { combinedHash } from './combined-state.js';
import { publishLines } from './testing/publish-lines.js';
import { startNatsServer, type NatsProcess } from './nats-process.js';
import { PartitionWorker } from './worker.js';
import { skipWithoutNats } from './testing/cluster-fixture.js';
import { singleProcessHash, stopProcess } from './testing/processes.js';

const PARTITIONS = 2;

describe('nats-server killed with SIGKILL and restarted', { skip: skipWithoutNats }, () => {
  let dir: string;
  let nats: NatsProcess;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'margin-cluster-'));
    nats = await startNatsServer(join(dir, 'nats'));
  });
  after(async () => {
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing acknowledged and reaches the single-process combined state', async () => {
    const lines = generateCommandLines({ seed: 9, lines: 800, badRate: 0 });
    const workers: PartitionWorker[] = [];
    for (let p = 0; p < PARTITIONS; p++) workers.push(await PartitionWorker.start({ natsUrl: nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(join(dir, `p${p}.sqlite`)) }));
    // A short request timeout: a publish sent while the server restarts is retried after 5 s, not 30 s.
    const client = await ClusterClient.connect(nats.url, PARTITIONS, 5_000);
    let partitioned: string;
    try {
      let last = 0;
      const publish = async (line: string): Promise<void> => {
        // A publish that fails while the server is down is retried with the same message id: at most once in the stream.
        for (;;) {
          try {
            last = Math.max(last, (await client.publish(JSON.parse(line), line)).seq);
            return;
          } catch {
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
      };
      // Before the kill, pipelined; after it, one by one (each publish retried until the server is back).
      last = await publishLines(client, lines.slice(0, 400));
      await stopProcess(nats.child, 'SIGKILL');
      nats = await startNatsServer(join(dir, 'nats'), nats.port);
      for (const line of lines.slice(400)) await publish(line);
      await client.caughtUp(last);
      partitioned = combinedHash(await client.snapshots());
    } finally {
      await client.close();
      for (const worker of workers) await worker.stop();
    }
    for (let p = 0; p < PARTITIONS; p++) {
      const journal = await openJournal(join(dir, `p${p}.sqlite`));
      const ids = (await journal.readAfter(0, 1_000_000)).map((entry) => entry.commandId);
      await journal.close();
      assert.equal(new Set(ids).size, ids.length, `partition ${p} journaled a command id twice`);
    }
    assert.equal(partitioned, await singleProcessHash(lines, join(dir, 'single.sqlite')));
  });
});
