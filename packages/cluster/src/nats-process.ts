/**
 * Starts a local nats-server with JetStream (Debian's `nats-server`, on PATH or /usr/sbin) on a
 * free loopback port with its own store directory: for `npm run cluster`, the tests and the bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { connect } from '@nats-io/transport-node';

/** The nats-server binary, or null when it is not installed. */
export function findNatsServer(): string | null {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const file = join(dir, 'nats-server');
    if (existsSync(file)) return file;
  }
  return null;
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface NatsProcess {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  readonly child: ChildProcess;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** Starts nats-server -js on `port` (default: a free one) with `storeDir`; resolves once a client connects. */
export async function startNatsServer(storeDir: string, port?: number): Promise<NatsProcess> {
  const binary = findNatsServer();
  if (binary === null) throw new Error('nats-server is not installed (Debian: apt-get install -y nats-server)');
  const chosen = port ?? (await freePort());
  const child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(chosen), '-sd', storeDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `nats://127.0.0.1:${chosen}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nats-server exited (${child.exitCode}): ${stderr}`);
    try {
      const nc = await connect({ servers: url, reconnect: false, timeout: 500 });
      await nc.close();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`nats-server did not start on ${url}: ${(error as Error).message} ${stderr}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    port: chosen,
    storeDir,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
