/**
 * The shortfall protocol (shortfall.ts, ADR 0032) on a real nats-server with 3 partition workers
 * in `liquidationMode` `hold`: three rounds of bankruptcies larger than the floats, each round in
 * one partition, deleveraged over the shorts of every partition by the coordinator.
 * - after every step and every coordinator pass the auditor finds the cluster conserved (money in
 *   flight and `deficit-pending` counted); after each pass nothing is pending or in flight;
 * - a coordinator that dies between legs leaves money in flight (after a cover's out leg in round
 *   1: a pass that fails there; after an adlClose before its settle leg in round 2: a coordinator
 *   process killed with SIGKILL); the next one completes each leg once (a further pass applies
 *   nothing);
 * - the run ends in the single-process combined hash (one process, local ADL, one fund), under
 *   the stated condition: the coordinator's pass runs before the next command (docs/scale-out.md).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parseCommand } from '@margin/engine';
import { openJournal } from '@margin/store';
import { auditPartitions } from './auditor.js';
import { ClusterClient } from './cluster-client.js';
import { combinedHash, combinedState } from './combined-state.js';
import { FundFloat } from './fund-float.js';
import { ShortfallCoordinator, type ShortfallOutcome } from './shortfall.js';
import { PartitionWorker } from './worker.js';
import { skipWithoutNats, startFixture, type Fixture } from './testing/cluster-fixture.js';
import { singleProcessHash, singleProcessSnapshot } from './testing/processes.js';
import { SHORTFALL_FLOAT as FLOAT, SHORTFALL_PARTITIONS as PARTITIONS, shortfallSteps } from './testing/shortfall-scenario.js';

class Died extends Error {}

const COORDINATOR_MAIN = fileURLToPath(new URL('./bin/shortfall-main.js', import.meta.url));

/** A coordinator process that kills itself (SIGKILL) right after the first leg matching `killAfter`; resolves with its exit signal. */
function killedCoordinator(natsUrl: string, killAfter: string): Promise<string | null> {
  const child = spawn(process.execPath, [COORDINATOR_MAIN, '--nats', natsUrl, '--of', String(PARTITIONS), '--kill-after', killAfter], { stdio: ['ignore', 'ignore', 'inherit'] });
  // A coordinator that never reaches the leg is stopped (SIGTERM) after a minute: the test then fails on the signal.
  const guard = setTimeout(() => child.kill('SIGTERM'), 60_000);
  return new Promise((resolve) => child.once('exit', (_code, signal) => {
    clearTimeout(guard);
    resolve(signal);
  }));
}

describe('the shortfall protocol: cross-partition ADL', { skip: skipWithoutNats }, () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture();
  });
  after(async () => {
    await fixture?.cleanup();
  });

  it('deleverages deficits beyond the floats over every partition, ends in the single-process hash, exactly once across coordinator deaths', async () => {
    const steps = shortfallSteps(true);
    const workers: PartitionWorker[] = [];
    for (let p = 0; p < PARTITIONS; p++) workers.push(await PartitionWorker.start({ natsUrl: fixture.nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(join(fixture.dir, `p${p}.sqlite`)) }));
    const client = await ClusterClient.connect(fixture.nats.url, PARTITIONS);
    const floats = new FundFloat(client, [{ asset: 'USDT', float: FLOAT }]);
    // Coordinators die at these legs (the first time each is reached): a cover's out leg, an ADL close.
    const deaths = [/^sf:1:\d+:0:cover:0:out$/];
    const died: string[] = [];
    const coordinator = (): ShortfallCoordinator => new ShortfallCoordinator(client, { afterLeg: (id) => {
      const death = deaths.findIndex((pattern) => pattern.test(id));
      if (death < 0) return;
      deaths.splice(death, 1);
      died.push(id);
      throw new Died(id);
    } });
    const outcomes: ShortfallOutcome[] = [];
    let partitioned: string;
    let snapshots: string[];
    try {
      await floats.recover();
      const audited = async (where: string): Promise<ReturnType<typeof auditPartitions>> => {
        const audit = auditPartitions(await client.snapshots());
        assert.deepEqual(audit.problems, [], where);
        return audit;
      };
      let current = coordinator();
      for (const [index, step] of steps.entries()) {
        for (const line of step) {
          const answer = await client.submit({ command: parseCommand(JSON.parse(line)), text: line });
          assert.notEqual(JSON.parse(answer.outcomeText).status, 'rejected', `${line}: ${answer.outcomeText}`);
        }
        await audited(`after step ${index}`);
        if (step[0]?.includes('"id":"p-2"')) {
          // Round 2: a coordinator process is killed -9 between an adlClose and its settle leg.
          assert.equal(await killedCoordinator(fixture.nats.url, '^sf:2:\\d+:0:adl:0$'), 'SIGKILL');
          died.push('process');
          const audit = await audited('after the coordinator process was killed');
          assert.ok(BigInt(audit.inFlightUnits['USDT'] ?? '0') > 0n, 'a haircut in flight');
          assert.ok(BigInt(audit.pendingUnits['USDT'] ?? '0') > 0n, 'the shortfall still pending');
        }
        for (;;) {
          try {
            outcomes.push(...(await current.pass()));
            break;
          } catch (error) {
            if (!(error instanceof Died)) throw error;
            // Between two legs: money out of a fund or a counterparty, not yet in deficit-pending.
            const audit = await audited(`after the coordinator died at ${error.message}`);
            assert.ok(BigInt(audit.inFlightUnits['USDT'] ?? '0') > 0n, `money in flight after dying at ${error.message}`);
            assert.ok(BigInt(audit.pendingUnits['USDT'] ?? '0') > 0n, 'the shortfall still pending');
            current = coordinator(); // the next coordinator starts with nothing in memory
          }
        }
        await floats.rebalance();
        const audit = await audited(`after the passes of step ${index}`);
        assert.equal(audit.inFlightUnits['USDT'] ?? '0', '0', `nothing in flight after step ${index}`);
        assert.equal(audit.pendingUnits['USDT'] ?? '0', '0', `nothing pending after step ${index}`);
      }
      assert.deepEqual(died.length, 2, `both deaths happened: ${died.join(', ')}`);
      // Every round deleveraged shorts of every partition; round 1 was covered in part by the fund.
      const rounds = [1, 2, 0].map((p) => outcomes.filter((o) => o.partition === p));
      assert.ok(rounds.every((round) => round.length >= 3), JSON.stringify(outcomes));
      assert.ok(rounds[0]?.some((o) => Number(o.covered) > 0), 'round 1: the fund covered some');
      assert.ok(rounds.every((round) => round.some((o) => o.closes > 0)), 'every round deleveraged');
      assert.ok(outcomes.every((o) => o.pending === '0'), 'nothing left pending');
      snapshots = await client.snapshots();
      partitioned = combinedHash(snapshots);
      // Once more: a new coordinator finds everything done and applies nothing.
      const seqs = workers.map((worker) => worker.host.lastSeq);
      await new ShortfallCoordinator(client).pass();
      assert.deepEqual(workers.map((worker) => worker.host.lastSeq), seqs, 'a further pass applies nothing');
    } finally {
      await client.close();
      for (const worker of workers) await worker.stop();
    }
    const single = await singleProcessSnapshot(shortfallSteps(false).flat(), join(fixture.dir, 'single-state.sqlite'));
    assert.deepEqual(combinedState(snapshots), combinedState([single]));
    assert.equal(partitioned, await singleProcessHash(shortfallSteps(false).flat(), join(fixture.dir, 'single.sqlite')));
  });

  it('socialize profiles: shares the loss beyond the fund pro rata over every partition\'s holders, ends in the single-process hash, exactly once', async () => {
    const own = await startFixture(); // its own stream: these workers run another profile
    const engine = { profile: 'drift-v2' };
    const workers: PartitionWorker[] = [];
    let client: ClusterClient | null = null;
    try {
      for (let p = 0; p < PARTITIONS; p++) workers.push(await PartitionWorker.start({ natsUrl: own.nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(join(own.dir, `p${p}.sqlite`)), engine }));
      client = await ClusterClient.connect(own.nats.url, PARTITIONS);
      const floats = new FundFloat(client, [{ asset: 'USDT', float: FLOAT }]);
      await floats.recover();
      let dead = false;
      // Round 2: a coordinator dies after the first holder's share, before its settle legs.
      const dying = new ShortfallCoordinator(client, { afterLeg: (id) => {
        if (dead || !/:social:share:\d+$/.test(id) || !id.startsWith('sf:2:')) return;
        dead = true;
        throw new Died(id);
      } });
      const outcomes: ShortfallOutcome[] = [];
      for (const [index, step] of shortfallSteps(true).entries()) {
        for (const line of step) {
          const answer = await client.submit({ command: parseCommand(JSON.parse(line)), text: line });
          assert.notEqual(JSON.parse(answer.outcomeText).status, 'rejected', `${line}: ${answer.outcomeText}`);
        }
        try {
          outcomes.push(...(await dying.pass()));
        } catch (error) {
          if (!(error instanceof Died)) throw error;
          const audit = auditPartitions(await client.snapshots());
          assert.deepEqual(audit.problems, []);
          assert.ok(BigInt(audit.inFlightUnits['USDT'] ?? '0') > 0n, 'a share in flight');
          outcomes.push(...(await new ShortfallCoordinator(client).pass()));
        }
        await floats.rebalance();
        const audit = auditPartitions(await client.snapshots());
        assert.deepEqual(audit.problems, [], `after step ${index}`);
        assert.equal(audit.pendingUnits['USDT'] ?? '0', '0', `nothing pending after step ${index}`);
        assert.equal(audit.inFlightUnits['USDT'] ?? '0', '0', `nothing in flight after step ${index}`);
      }
      assert.ok(dead, 'the coordinator died between a share and its settle legs');
      assert.ok(outcomes.some((o) => Number(o.socialized) > 0) && outcomes.every((o) => o.pending === '0' && o.closes === 0), JSON.stringify(outcomes));
      const snapshots = await client.snapshots();
      const single = await singleProcessSnapshot(shortfallSteps(false).flat(), join(own.dir, 'single.sqlite'), engine);
      assert.deepEqual(combinedState(snapshots), combinedState([single]));
      assert.equal(combinedHash(snapshots), combinedHash([single]));
    } finally {
      await client?.close();
      for (const worker of workers) await worker.stop();
      await own.cleanup();
    }
  });
});
