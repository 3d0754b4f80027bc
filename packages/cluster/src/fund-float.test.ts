/**
 * The cluster's insurance fund, held by the risk partition and lent to the others as floats by
 * explicit transfers (fund-float.ts), on a real nats-server with 3 partition workers:
 * - bankruptcies in every partition are covered by the fund, and the partitions end in the
 *   combined state of one process fed the same commands (which has one fund and no transfers);
 * - the auditor finds the cluster conserved after every step, transfers in flight included;
 * - a transfer left half done by a coordinator that died between its legs is completed by the
 *   next coordinator's recovery; republished legs are duplicates: each leg applies once.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCommand } from '@margin/engine';
import { openJournal } from '@margin/store';
import { auditPartitions } from './auditor.js';
import { ClusterClient } from './cluster-client.js';
import { combinedHash } from './combined-state.js';
import { FundFloat, transferLegId } from './fund-float.js';
import { RISK_PARTITION, partitionOf } from './partition-map.js';
import { PartitionWorker } from './worker.js';
import { skipWithoutNats, startFixture, type Fixture } from './testing/cluster-fixture.js';
import { singleProcessHash } from './testing/processes.js';
import { bankruptcySteps as steps } from './testing/bankruptcy-scenario.js';

const PARTITIONS = 3;
const FLOAT = '3000';

interface SnapshotAssets {
  assets: { asset: string; system: Record<string, string> }[];
}

const fundOf = (snapshot: string): number => Number((JSON.parse(snapshot) as SnapshotAssets).assets.find((a) => a.asset === 'USDT')?.system['insurance'] ?? '0');

describe('the insurance fund across partitions (risk partition floats)', { skip: skipWithoutNats }, () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture();
  });
  after(async () => {
    await fixture?.cleanup();
  });

  it('covers bankruptcies in every partition, ends in the single-process combined state, conserved at every step, each leg once', async () => {
    const all = steps();
    // The scenario reaches every partition: each owns bankrupt longs of both rounds.
    for (let p = 0; p < PARTITIONS; p++) assert.ok(all.flat().some((line) => partitionOf((JSON.parse(line) as { account?: string }).account ?? '', PARTITIONS) === p && line.includes('long-')), `partition ${p} owns a long`);
    const workers: PartitionWorker[] = [];
    for (let p = 0; p < PARTITIONS; p++) workers.push(await PartitionWorker.start({ natsUrl: fixture.nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(join(fixture.dir, `p${p}.sqlite`)) }));
    const client = await ClusterClient.connect(fixture.nats.url, PARTITIONS);
    const coordinator = new FundFloat(client, [{ asset: 'USDT', float: FLOAT }]);
    let partitioned: string;
    const used: number[] = [];
    try {
      await coordinator.recover(); // no timer: the passes are run by the test between steps
      const audited = async (where: string): Promise<ReturnType<typeof auditPartitions>> => {
        const audit = auditPartitions(await client.snapshots());
        assert.deepEqual(audit.problems, [], where);
        return audit;
      };
      for (const [index, step] of all.entries()) {
        for (const line of step) {
          const answer = await client.submit({ command: parseCommand(JSON.parse(line)), text: line });
          assert.notEqual(JSON.parse(answer.outcomeText).status, 'rejected', `${line}: ${answer.outcomeText}`);
        }
        await audited(`after step ${index}`);
        const before = await client.snapshots();
        const transfers = await coordinator.rebalance();
        assert.ok(transfers.every((t) => t.status === 'done'), JSON.stringify(transfers));
        const audit = await audited(`after the rebalance of step ${index}`);
        assert.equal(audit.inFlightUnits['USDT'] ?? '0', '0', 'no money left on its way');
        // A price drop's bankruptcies used the floats of the non-risk partitions.
        if (step[0]?.includes('"price"')) for (let p = 1; p < PARTITIONS; p++) used.push(Number(FLOAT) - fundOf(before[p] as string));
      }
      assert.ok(used.every((amount) => amount > 0), `every non-risk partition's float covered a bankruptcy in each drop: ${used.join(', ')}`);
      partitioned = combinedHash(await client.snapshots());

      // A coordinator dies between the legs of transfer n: the out leg is committed, the in leg never sent.
      const n = coordinator.nextTransfer;
      await coordinator.stop();
      const transfer = `xfer:${n}`;
      const out = { type: 'insuranceTransfer', id: transferLegId(transfer, 'out'), transfer, leg: 'out', asset: 'USDT', amount: '10', from: RISK_PARTITION, to: 2 };
      await client.submit({ command: parseCommand(out), text: JSON.stringify(out) });
      assert.equal(auditPartitions(await client.snapshots()).inFlightUnits['USDT'], String(10n * 10n ** 8n), 'the half-done transfer is in flight');
      const next = new FundFloat(client, [{ asset: 'USDT', float: FLOAT }]);
      const completed = await next.recover();
      assert.deepEqual(completed.map((t) => [t.transfer, t.amount, t.to]), [[transfer, '10', 2]]);
      assert.equal(next.nextTransfer, n + 1, 'numbering continues after the recovered transfer');
      const recovered = await audited('after recovery');
      assert.equal(recovered.inFlightUnits['USDT'], '0');
      assert.deepEqual(await next.recover(), [], 'a second recovery finds nothing to do');
      // Both legs again (a retry after a crash): duplicates, nothing moves.
      const seqs = workers.map((worker) => worker.host.lastSeq);
      for (const leg of [out, { ...out, id: transferLegId(transfer, 'in'), leg: 'in' }]) {
        const answer = await client.submit({ command: parseCommand(leg), text: JSON.stringify(leg) });
        assert.equal(JSON.parse(answer.outcomeText).status, 'duplicate');
      }
      assert.deepEqual(workers.map((worker) => worker.host.lastSeq), seqs);
      assert.equal(combinedHash(await client.snapshots()), partitioned, 'a transfer between partitions leaves the combined state as it was');
    } finally {
      await coordinator.stop();
      await client.close();
      for (const worker of workers) await worker.stop();
    }
    assert.equal(partitioned, await singleProcessHash(all.flat(), join(fixture.dir, 'single.sqlite')));
  });
});
