// `npm run cluster`: nats-server (JetStream, store under ./data/cluster/nats), three partition
// workers (journals ./data/cluster/p0..p2.sqlite) and a gateway on loopback (PORT or 8080), all
// from the built packages. Ctrl-C stops them in order: gateway, workers (commit, ack, snapshot),
// nats-server. Restarting resumes from the journals and the durable consumers.
//   npm run cluster                      3 partitions
//   PARTITIONS=4 PORT=9090 npm run cluster
//   FLOAT=USDT:5000 npm run cluster      the gateway keeps insurance floats (docs/scale-out.md)
//   CLUSTER_DIR=/tmp/c PORT=0 NATS_PORT=4333 node scripts/cluster.mjs   elsewhere (the browser test)
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startNatsServer } from '@margin/cluster';

const root = fileURLToPath(new URL('..', import.meta.url));
const partitions = Number(process.env.PARTITIONS ?? 3);
const port = process.env.PORT ?? '8080';
const natsPort = Number(process.env.NATS_PORT ?? 4222);
const dataDir = process.env.CLUSTER_DIR ?? `${root}data/cluster`;
mkdirSync(`${dataDir}/nats`, { recursive: true });
const margin = `${root}packages/cli/bin/margin.js`;

const nats = await startNatsServer(`${dataDir}/nats`, natsPort);
console.log(`nats-server: ${nats.url} (JetStream store ${dataDir}/nats)`);

function start(name, args) {
  const child = spawn(process.execPath, [margin, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk) => process.stdout.write(chunk.toString().replace(/^(?=.)/gm, `[${name}] `)));
  return child;
}

const workers = [];
for (let p = 0; p < partitions; p++) workers.push(start(`worker ${p}`, ['worker', '--nats', nats.url, '--partition', String(p), '--of', String(partitions), '--db', `${dataDir}/p${p}.sqlite`]));
const floatArgs = process.env.FLOAT === undefined ? [] : ['--float', process.env.FLOAT];
const gateway = start('gateway', ['gateway', '--nats', nats.url, '--of', String(partitions), '--db', `${dataDir}/gateway.sqlite`, '--port', port, ...floatArgs]);

const stopped = (child) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  gateway.kill('SIGTERM');
  await stopped(gateway);
  for (const worker of workers) worker.kill('SIGTERM');
  await Promise.all(workers.map(stopped));
  await nats.stop();
  console.log('cluster stopped');
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
