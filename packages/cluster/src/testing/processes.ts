/** Test and bench helpers: worker processes (killable with SIGKILL) and a single-process reference run. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseCommand, snapshotState } from '@margin/engine';
import { DurableHost, type HostOptions } from '@margin/host';
import { openJournal } from '@margin/store';
import { combinedHash } from '../combined-state.js';
import { submitLines } from './publish-lines.js';

const WORKER_MAIN = fileURLToPath(new URL('../bin/worker-main.js', import.meta.url));

/** Spawns `worker-main.js` and resolves once it printed its ready line. */
export function spawnWorker(natsUrl: string, partition: number, partitions: number, db: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER_MAIN, '--nats', natsUrl, '--partition', String(partition), '--of', String(partitions), '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(', ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker ${partition} exited (${code}) before ready: ${err}`)));
  });
}

/** SIGTERM (clean stop) or SIGKILL, then waits for the exit. */
export function stopProcess(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** The snapshot text after the same lines through one durable host (one SQLite journal). */
export async function singleProcessSnapshot(lines: readonly string[], db: string, options: HostOptions = {}): Promise<string> {
  const host = await DurableHost.open(await openJournal(db), options);
  try {
    for (const line of lines) await host.submit([{ command: parseCommand(JSON.parse(line)), text: line }]);
    await host.flush();
    return await host.read(({ state }) => snapshotState(state));
  } finally {
    await host.close();
  }
}

/** The combined hash of the same lines through one durable host (one SQLite journal). */
export async function singleProcessHash(lines: readonly string[], db: string): Promise<string> {
  const host = await DurableHost.open(await openJournal(db));
  try {
    await submitLines(host, lines);
    return await host.read(({ state }) => combinedHash([snapshotState(state)]));
  } finally {
    await host.close();
  }
}
