/**
 * kill -9 of a partition worker while the fund coordinator's transfers to it are in flight, in the
 * bankruptcy scenario of fund-float.test.ts (the victim a worker process): the rebalance finishes once the
 * worker is back, every transfer leg is journaled exactly once and by the partition it names, the
 * auditor finds the cluster conserved after every step (money in flight never below zero), and
 * the partitions end in the single-process combined state.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCommand } from '@margin/engine';
import { Rng } from '@margin/sim';
import { openJournal } from '@margin/store';
import { auditPartitions } from './auditor.js';
import { ClusterClient } from './cluster-client.js';
import { combinedHash } from './combined-state.js';
import { FundFloat, type TransferRecord } from './fund-float.js';
import { PartitionWorker } from './worker.js';
import { skipWithoutNats, startFixture, type Fixture } from './testing/cluster-fixture.js';
import { bankruptcySteps } from './testing/bankruptcy-scenario.js';
import { singleProcessHash, spawnWorker, stopProcess } from './testing/processes.js';

const PARTITIONS = 3;
const SEED = 29;

describe('a worker killed with SIGKILL while insurance transfers to it are in flight', { skip: skipWithoutNats }, () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture();
  });
  after(async () => {
    await fixture?.cleanup();
  });

  it('completes the transfers after the restart, each leg once, conserved at every step, single-process combined state', async () => {
    const steps = bankruptcySteps();
    const rng = new Rng(SEED);
    // The victim is a non-risk partition (it receives top-ups); the kill follows a rebalance after a price drop.
    const victim = 1 + Math.floor(rng.next() * (PARTITIONS - 1));
    const dropSteps = steps.map((step, index) => (step[0]?.includes('"price"') && index > 0 ? index : -1)).filter((index) => index >= 0);
    const killStep = dropSteps[Math.floor(rng.next() * dropSteps.length)] as number;
    const db = (p: number): string => join(fixture.dir, `w${p}.sqlite`);
    // Only the victim is a process (kill -9 needs one; a process takes seconds to start on a loaded machine).
    const others: PartitionWorker[] = [];
    for (let p = 0; p < PARTITIONS; p++) if (p !== victim) others.push(await PartitionWorker.start({ natsUrl: fixture.nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(db(p)) }));
    let victimProcess = await spawnWorker(fixture.nats.url, victim, PARTITIONS, db(victim));
    const client = await ClusterClient.connect(fixture.nats.url, PARTITIONS, 60_000);
    const coordinator = new FundFloat(client, [{ asset: 'USDT', float: '3000' }]);
    const transfers: TransferRecord[] = [];
    let partitioned: string;
    try {
      await coordinator.recover();
      // The victim dies the moment the risk partition has committed the out leg of a top-up to it:
      // the money is in flight and the in leg goes to a dead partition.
      let armed = false;
      let restarted: Promise<void> | null = null;
      const watch = client.nc.subscribe('margin.events.p.0', { callback: (error, msg) => {
        const text = msg.string();
        if (error !== null || !armed || !text.includes('"type":"insuranceTransferred"') || !text.includes('"leg":"out"') || !text.includes(`"to":${victim}`)) return;
        armed = false;
        restarted = stopProcess(victimProcess, 'SIGKILL')
          .then(() => new Promise((resolve) => setTimeout(resolve, 500)))
          .then(async () => {
            victimProcess = await spawnWorker(fixture.nats.url, victim, PARTITIONS, db(victim));
          });
      } });
      for (const [index, step] of steps.entries()) {
        for (const line of step) await client.submit({ command: parseCommand(JSON.parse(line)), text: line });
        armed = index === killStep;
        transfers.push(...(await coordinator.rebalance()));
        if (index === killStep) {
          assert.ok(restarted !== null, 'the victim was killed between the legs of a transfer');
          await restarted;
        }
        const audit = auditPartitions(await client.snapshots());
        assert.deepEqual(audit.problems, [], `after step ${index}`);
        assert.equal(audit.inFlightUnits['USDT'] ?? '0', '0', `nothing in flight after the pass of step ${index}`);
      }
      partitioned = combinedHash(await client.snapshots());
      watch.unsubscribe();
    } finally {
      await client.close();
      await stopProcess(victimProcess);
      for (const worker of others) await worker.stop();
    }
    assert.ok(transfers.some((t) => t.to === victim && t.status === 'done'), 'the victim received top-ups');
    const journaled: string[][] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      const journal = await openJournal(db(p));
      const ids = (await journal.readAfter(0, 1_000_000)).map((entry) => entry.commandId);
      await journal.close();
      assert.equal(new Set(ids).size, ids.length, `partition ${p} journaled a command id twice`);
      journaled.push(ids);
    }
    for (const t of transfers) {
      assert.equal(t.status, 'done');
      for (let p = 0; p < PARTITIONS; p++) {
        assert.equal(journaled[p]!.includes(`${t.transfer}:out`), p === t.from, `${t.transfer}:out in partition ${p}`);
        assert.equal(journaled[p]!.includes(`${t.transfer}:in`), p === t.to, `${t.transfer}:in in partition ${p}`);
      }
    }
    assert.equal(partitioned, await singleProcessHash(steps.flat(), join(fixture.dir, 'single.sqlite')));
  });
});
