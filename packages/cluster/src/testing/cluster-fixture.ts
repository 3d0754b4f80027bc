/** Test harness: a real nats-server on a free port with a temp store, temp SQLite journals. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNatsServer, startNatsServer, type NatsProcess } from '../nats-process.js';

/** The reason to skip a cluster test, or false when nats-server is installed. */
export const skipWithoutNats: string | false = findNatsServer() === null ? 'nats-server is not installed (apt-get install -y nats-server)' : false;

export interface Fixture {
  readonly dir: string;
  readonly nats: NatsProcess;
  cleanup(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'margin-cluster-'));
  const nats = await startNatsServer(join(dir, 'nats'));
  return {
    dir,
    nats,
    async cleanup() {
      await nats.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
