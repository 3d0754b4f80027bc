// Benchmark (not a test): commands per second through `margin gateway` over 1, 2 and 4 partition
// workers on one machine (nats-server, the workers and the gateway all share its cores), with
// p50/p99 latency from submit to the committed answer; then the workers' own rate when fed
// straight from JetStream (no HTTP, no per-command answer), the per-partition figure the
// scale-out estimate in docs/scale-out.md starts from.
// Usage: npm run build && node bench/cluster.mjs [seconds=10] [connections=32] [partitions=1,2,4] [direct=20000]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ClusterClient, createGateway, startNatsServer } from '@margin/cluster';
import { openJournal } from '@margin/store';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 32);
const counts = (process.argv[4] ?? '1,2,4').split(',').map(Number);
const direct = Number(process.argv[5] ?? 20_000);
const WORKER_MAIN = fileURLToPath(new URL('../packages/cluster/dist/bin/worker-main.js', import.meta.url));
const INSTRUMENT = { symbol: 'BTCUSDT', kind: 'linear-perpetual', settle: 'USDT', contractSize: '1', tickSize: '0.1', lotSize: '0.001', tiers: [{ notionalFloor: '0', maintenanceRate: '0.004', maxLeverage: '125' }] };

function spawnWorker(url, p, n, db) {
  const child = spawn(process.execPath, [WORKER_MAIN, '--nats', url, '--partition', String(p), '--of', String(n), '--db', db], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes(', ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker ${p} exited ${code}`)));
  });
}
const stop = (child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM'))));

let serial = 0;
let rng = 7;
const nextAccount = () => {
  rng = (rng * 48271) % 2147483647;
  return `acct-${rng % 100_000}`;
};
// Half deposits, half small fills (some rejected for margin: a rejection is journaled too).
const body = () => {
  const id = `b${serial++}`;
  const account = nextAccount();
  return JSON.stringify(serial % 2 === 0
    ? { type: 'deposit', id, account, asset: 'USDT', amount: '1000' }
    : { type: 'fill', id, account, symbol: 'BTCUSDT', side: serial % 4 === 1 ? 'buy' : 'sell', size: '0.001', price: '30000', fee: '0.01', time: '2026-01-01T00:00:01Z' });
};

console.log(`cluster bench: ${seconds} s per run, ${connections} connections, one command per request; machine cores shared by nats-server, workers, gateway and the load generator`);
for (const n of counts) {
  const dir = mkdtempSync(join(tmpdir(), 'margin-cluster-bench-'));
  const nats = await startNatsServer(join(dir, 'nats'));
  const workers = [];
  for (let p = 0; p < n; p++) workers.push(await spawnWorker(nats.url, p, n, join(dir, `p${p}.sqlite`)));
  const gateway = await createGateway({ natsUrl: nats.url, partitions: n, keysJournal: await openJournal(join(dir, 'gateway.sqlite')) });
  const url = await gateway.listen(0, '127.0.0.1');
  const key = (await gateway.keys.create({ role: 'admin', label: 'bench' })).key;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  await gateway.app.inject({ method: 'POST', url: '/v1/commands', headers, payload: JSON.stringify({ commands: [{ type: 'instrument', id: 'i', instrument: INSTRUMENT }, { type: 'price', id: 'p', symbol: 'BTCUSDT', markPrice: '30000', time: '2026-01-01T00:00:00Z' }] }) });
  const run = (duration) => autocannon({ url: `${url}/v1/commands`, method: 'POST', connections, duration, headers, requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: body() }) }] });
  await run(2);
  const result = await run(seconds);
  const bad = result.non2xx + result.errors + result.timeouts;
  console.log(`${n} partition(s), gateway: ${Math.round(result.requests.average)} commands/s (total ${result.requests.total}, non-2xx/errors ${bad}); submit-to-commit latency ms p50 ${result.latency.p50} p99 ${result.latency.p99} max ${result.latency.max}`);

  // Straight from JetStream: with the workers stopped, publish `direct` deposits spread over the
  // partitions; then start the workers and time from the first one ready until every one has
  // committed the backlog (the workers' own rate: consume, apply, journal, ack).
  await gateway.close();
  for (const worker of workers) await stop(worker);
  const client = await ClusterClient.connect(nats.url, n);
  const publishStart = performance.now();
  let last = 0;
  for (let i = 0; i < direct; i += 500) {
    const acks = [];
    for (let j = i; j < Math.min(direct, i + 500); j++) acks.push(client.publish({ type: 'deposit', id: `d${j}`, account: `acct-${j % 100_000}`, asset: 'USDT', amount: '1' }));
    for (const ack of await Promise.all(acks)) last = Math.max(last, ack.seq);
  }
  const publishS = (performance.now() - publishStart) / 1000;
  let firstReady = 0;
  const restarted = await Promise.all(Array.from({ length: n }, (_, p) => spawnWorker(nats.url, p, n, join(dir, `p${p}.sqlite`)).then((child) => {
    firstReady ||= performance.now();
    return child;
  })));
  await client.caughtUp(last, 600_000);
  const drainS = (performance.now() - firstReady) / 1000;
  console.log(`${n} partition(s), direct: ${direct} deposits published in ${publishS.toFixed(1)} s (${Math.round(direct / publishS)}/s); backlog committed by the workers in ${drainS.toFixed(1)} s: ${Math.round(direct / drainS)} commands/s over the cluster, ${Math.round(direct / n / drainS)} per partition`);
  workers.splice(0, workers.length, ...restarted);
  await client.close();
  for (const worker of workers) await stop(worker);
  await nats.stop();
  rmSync(dir, { recursive: true, force: true });
}
