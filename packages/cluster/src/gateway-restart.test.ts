/**
 * kill -9 of the gateway process while a request is in flight, then a restart on the same key
 * journal: the client retries the unanswered request with the same command ids (what the gateway
 * had published is answered `duplicate`, the rest is published now, in order), no answered
 * command is lost, none is journaled twice, the cluster ends in the single-process combined
 * state, and the auditor finds the cluster conserved after every step.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Rng, generateCommandLines } from '@margin/sim';
import { openJournal } from '@margin/store';
import { auditPartitions } from './auditor.js';
import { ClusterClient } from './cluster-client.js';
import { combinedHash } from './combined-state.js';
import { routeOf } from './partition-map.js';
import { PartitionWorker } from './worker.js';
import { skipWithoutNats, startFixture, type Fixture } from './testing/cluster-fixture.js';
import { singleProcessHash, stopProcess } from './testing/processes.js';

const GATEWAY_MAIN = fileURLToPath(new URL('./bin/gateway-main.js', import.meta.url));
const PARTITIONS = 2;
const LINES = 400;
const BATCH = 20;
const SEED = 13;

interface GatewayProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly key: string | null;
}

function spawnGateway(natsUrl: string, db: string): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [GATEWAY_MAIN, '--nats', natsUrl, '--of', String(PARTITIONS), '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /margin gateway: (http:\/\/\S+)/.exec(out)?.[1];
      if (url !== undefined) resolve({ child, url, key: /admin key \(shown once, store it\): (\S+)/.exec(out)?.[1] ?? null });
    });
    child.once('exit', (code) => reject(new Error(`gateway exited (${code}) before ready: ${err}`)));
  });
}

describe('the gateway killed with SIGKILL and restarted', { skip: skipWithoutNats }, () => {
  let fixture: Fixture;
  before(async () => {
    fixture = await startFixture();
  });
  after(async () => {
    await fixture?.cleanup();
  });

  it('loses no answered command, applies none twice, and reaches the single-process combined state', async () => {
    const lines = generateCommandLines({ seed: SEED, lines: LINES, badRate: 0 });
    const batches: string[][] = [];
    for (let i = 0; i < lines.length; i += BATCH) batches.push(lines.slice(i, i + BATCH));
    const rng = new Rng(SEED);
    const killBatch = 3 + Math.floor(rng.next() * (batches.length - 6));
    const killDelayMs = 5 + Math.floor(rng.next() * 40);
    const workers: PartitionWorker[] = [];
    for (let p = 0; p < PARTITIONS; p++) workers.push(await PartitionWorker.start({ natsUrl: fixture.nats.url, partition: p, partitions: PARTITIONS, journal: await openJournal(join(fixture.dir, `p${p}.sqlite`)) }));
    const client = await ClusterClient.connect(fixture.nats.url, PARTITIONS);
    const gatewayDb = join(fixture.dir, 'gateway.sqlite');
    let gateway = await spawnGateway(fixture.nats.url, gatewayDb);
    const key = gateway.key as string;
    assert.ok(key !== null, 'the first start prints an admin key');
    const answered = new Map<string, string>();
    let killed = false;
    let partitioned: string;
    try {
      const send = (url: string, batch: readonly string[]): Promise<Response> =>
        fetch(`${url}/v1/commands`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: `{"commands":[${batch.join(',')}]}` });
      for (let b = 0; b < batches.length; b++) {
        const batch = batches[b] as string[];
        let response: Response | null = null;
        if (b === killBatch) {
          // The request is in flight (some of its commands published, some committed) when the gateway dies.
          const inFlight = send(gateway.url, batch).catch(() => null);
          await new Promise((resolve) => setTimeout(resolve, killDelayMs));
          await stopProcess(gateway.child, 'SIGKILL');
          killed = true;
          response = await inFlight;
          gateway = await spawnGateway(fixture.nats.url, gatewayDb);
          assert.equal(gateway.key, null, 'the restarted gateway keeps its key store');
        }
        // No answer (or an answer from before the kill is all the client saw): retry the same request, same ids.
        if (response === null || !response.ok) response = await send(gateway.url, batch);
        assert.equal(response.status, 200, await response.clone().text());
        const results = ((await response.json()) as { results: { id: string; status: string }[] }).results;
        results.forEach((result) => answered.set(result.id, result.status));
        // Conservation across partitions after every step.
        const audit = auditPartitions(await client.snapshots());
        assert.deepEqual(audit.problems, [], `after batch ${b}`);
      }
      assert.ok(killed);
      partitioned = combinedHash(await client.snapshots());
    } finally {
      await stopProcess(gateway.child);
      await client.close();
      for (const worker of workers) await worker.stop();
    }
    assert.equal(answered.size, new Set(lines.map((line) => (JSON.parse(line) as { id: string }).id)).size);
    const journaled: Set<string>[] = [];
    for (let p = 0; p < PARTITIONS; p++) {
      const journal = await openJournal(join(fixture.dir, `p${p}.sqlite`));
      const ids = (await journal.readAfter(0, 1_000_000)).map((entry) => entry.commandId);
      await journal.close();
      assert.equal(new Set(ids).size, ids.length, `partition ${p} journaled a command id twice`);
      journaled.push(new Set(ids));
    }
    for (const line of lines) {
      const json = JSON.parse(line) as { id: string };
      const route = routeOf(json, PARTITIONS);
      const owners = route.kind === 'shared' ? [0, 1] : [route.partition];
      for (const p of owners) assert.ok(journaled[p]!.has(json.id), `command ${json.id} missing from partition ${p}`);
    }
    assert.equal(partitioned, await singleProcessHash(lines, join(fixture.dir, 'single.sqlite')));
  });
});
