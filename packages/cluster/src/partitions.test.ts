/**
 * Partitions on a real nats-server (started here on a free port with a temp store): the same
 * seeded command stream through 3 partition workers and through one durable host ends in the same
 * combined state (combined-state.ts states the definition); the auditor finds every partition's
 * and the cluster's ledger summing to zero at every checkpoint of the run; the ADL queues merged
 * from the partitions' summaries are the single process's queues.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adlRanks, snapshotState, type AdlRankJson } from '@margin/engine';
import { DurableHost } from '@margin/host';
import { generateCommandLines } from '@margin/sim';
import { openJournal } from '@margin/store';
import { mergeAdlRanks } from './adl-merge.js';
import { auditPartitions } from './auditor.js';
import { ClusterClient } from './cluster-client.js';
import { combinedHash } from './combined-state.js';
import { RISK_PARTITION, partitionOf } from './partition-map.js';
import { PartitionWorker } from './worker.js';
import { skipWithoutNats, startFixture, type Fixture } from './testing/cluster-fixture.js';
import { publishLines, submitLines } from './testing/publish-lines.js';

const PARTITIONS = 3;
const LINES = 2_000;
const CHECKPOINTS = 4;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'BTCUSD', 'BTCUSDT-Q'];

/** The seeded stream with insurance-fund deposits mixed in (money without an account: the risk partition's). */
function seededLines(): string[] {
  const lines = generateCommandLines({ seed: 17, lines: LINES, badRate: 0 });
  for (let i = 1; i <= 3; i++) lines.splice(i * 400, 0, JSON.stringify({ type: 'insuranceDeposit', id: `ins-${i}`, asset: 'USDT', amount: `${i * 1000}` }));
  return lines;
}

describe('partitions on JetStream', { skip: skipWithoutNats }, () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture();
  });
  after(async () => {
    await fixture?.cleanup();
  });

  it('3 partitions: the single-process combined state, conservation at every checkpoint, the same ADL queues', async () => {
    const lines = seededLines();
    const workers: PartitionWorker[] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      workers.push(await PartitionWorker.start({ natsUrl: fixture.nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(join(fixture.dir, `p${p}.sqlite`)) }));
    }
    const client = await ClusterClient.connect(fixture.nats.url, PARTITIONS);
    let partitioned: string;
    let merged: AdlRankJson[][];
    try {
      const every = Math.ceil(lines.length / CHECKPOINTS);
      for (let start = 0; start < lines.length; start += every) {
        const last = await publishLines(client, lines.slice(start, start + every));
        await client.caughtUp(last);
        const audit = auditPartitions(await client.snapshots());
        assert.deepEqual(audit.problems, [], `audit after line ${Math.min(lines.length, start + every)}`);
      }
      const snapshots = await client.snapshots();
      partitioned = combinedHash(snapshots);
      for (let p = 0; p < PARTITIONS; p++) {
        const snapshot = JSON.parse(snapshots[p] as string) as { accounts: { id: string }[]; assets: { asset: string; system: Record<string, string> }[] };
        assert.ok(snapshot.accounts.length > 0, `partition ${p} owns accounts`);
        for (const { id } of snapshot.accounts) assert.equal(partitionOf(id, PARTITIONS), p, `account ${id} in partition ${p}`);
        const fund = snapshot.assets.find((a) => a.asset === 'USDT')?.system['insurance'] ?? '0';
        if (p === RISK_PARTITION) assert.ok(Number(fund) >= 6000, `the risk partition holds the insurance deposits (${fund})`);
      }
      merged = [];
      for (const symbol of SYMBOLS) {
        const perPartition: AdlRankJson[][] = [];
        for (let p = 0; p < PARTITIONS; p++) perPartition.push((await client.read(p, { op: 'adl', symbol })) as AdlRankJson[]);
        merged.push(mergeAdlRanks(perPartition));
      }
    } finally {
      await client.close();
      for (const worker of workers) await worker.stop();
    }

    const single = await DurableHost.open(await openJournal(join(fixture.dir, 'single.sqlite')));
    await submitLines(single, lines);
    const singleHash = await single.read(({ state }) => combinedHash([snapshotState(state)]));
    const singleAdl = await single.read(({ state }) => SYMBOLS.map((symbol) => adlRanks(state, symbol)));
    await single.close();
    assert.equal(partitioned, singleHash);
    assert.ok(singleAdl.some((ranks) => ranks.length > 10), 'the run leaves positions to rank');
    assert.deepEqual(merged, singleAdl);
  });
});
