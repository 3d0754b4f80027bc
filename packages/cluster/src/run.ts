/**
 * The long-running processes, as `margin worker` and `margin gateway` start them (and the tests
 * and the bench, through bin/worker-main.ts): open the journal, start, print one line, stop
 * cleanly on SIGINT/SIGTERM (commit, acknowledge, snapshot, close). A kill -9 is recovered from
 * the journal and the consumer's ack floor on the next start.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '@margin/core';
import { isPostgresUrl, openJournal } from '@margin/store';
import { FundFloat, type FloatTarget } from './fund-float.js';
import { PassLock } from './pass-lock.js';
import { ShortfallCoordinator } from './shortfall.js';
import { createGateway } from './gateway.js';
import { checkPartition } from './partition-map.js';
import { PartitionWorker } from './worker.js';

export interface WorkerProcessOptions {
  readonly nats: string;
  readonly partition: number;
  readonly of: number;
  readonly db: string;
  readonly profile?: string;
}

export interface GatewayProcessOptions {
  readonly nats: string;
  readonly of: number;
  readonly db: string;
  readonly port: number;
  readonly host: string;
  /** Fund floats the gateway keeps (fund-float.ts); run them in one gateway only. Empty: none. */
  readonly floats?: readonly FloatTarget[];
  /** Milliseconds between rebalancing passes (default 1000). */
  readonly floatIntervalMs?: number;
  /** Run the shortfall coordinator (shortfall.ts; the partitions in `liquidationMode` `hold`); one gateway only. */
  readonly shortfall?: boolean;
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function journalAt(db: string): ReturnType<typeof openJournal> {
  if (!isPostgresUrl(db)) mkdirSync(dirname(resolve(db)), { recursive: true });
  return openJournal(db);
}

function untilSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((done) => {
    let stopping = false;
    const onSignal = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: stopping...`);
      void stop().finally(done);
    };
    process.once('SIGINT', () => onSignal('SIGINT'));
    process.once('SIGTERM', () => onSignal('SIGTERM'));
  });
}

export async function runWorker(options: WorkerProcessOptions): Promise<void> {
  checkPartition(options.partition, options.of);
  if (!/^nats:\/\/|^[\w.-]+:\d+$/.test(options.nats)) throw new InputError(['--nats'], `must be a NATS URL like nats://127.0.0.1:4222, got "${options.nats}"`);
  const journal = await journalAt(options.db);
  let worker: PartitionWorker;
  try {
    worker = await PartitionWorker.start({ natsUrl: options.nats, partition: options.partition, partitions: options.of, journal, engine: options.profile === undefined ? {} : { profile: options.profile } });
  } catch (error) {
    await journal.close().catch(() => undefined);
    throw error;
  }
  const recovered = worker.host.recovered;
  say(`margin worker: partition ${options.partition} of ${options.of}, journal ${journal.kind} ${journal.location}, recovered seq ${recovered.lastSeq} (snapshot ${recovered.snapshotSeq} + ${recovered.replayed} replayed), consumer ${worker.filtered ? 'filtered' : 'unfiltered (nats-server < 2.10)'}, ready`);
  const watchdog = setInterval(() => {
    if (worker.failed !== null) {
      process.stderr.write(`margin worker: ${worker.failed.message}; exiting so a restart recovers from the journal\n`);
      process.exit(1);
    }
  }, 500);
  await untilSignal(async () => {
    clearInterval(watchdog);
    await worker.stop();
    say(`stopped at seq ${worker.host.lastSeq}`);
  });
}

export async function runGateway(options: GatewayProcessOptions): Promise<void> {
  checkPartition(0, options.of);
  const journal = await journalAt(options.db);
  const gateway = await createGateway({ natsUrl: options.nats, partitions: options.of, keysJournal: journal });
  const url = await gateway.listen(options.port, options.host);
  if (gateway.keys.count('admin') === 0) {
    const { key } = await gateway.keys.create({ role: 'admin', label: 'bootstrap' });
    say(`first start: created an admin key (shown once, store it): ${key}`);
  }
  let floats: FundFloat | null = null;
  const lock = new PassLock();
  if (options.floats !== undefined && options.floats.length > 0) {
    floats = new FundFloat(gateway.client, options.floats, lock);
    await floats.start(options.floatIntervalMs ?? 1000, (error) => process.stderr.write(`margin gateway: fund floats: ${error.message} (retried next pass)\n`));
    say(`fund floats: ${options.floats.map((t) => `${t.asset}${t.symbol === undefined ? '' : `:${t.symbol}`} ${t.float}`).join(', ')} per partition, transfers from #${floats.nextTransfer}`);
  }
  let shortfalls: ShortfallCoordinator | null = null;
  if (options.shortfall === true) {
    shortfalls = new ShortfallCoordinator(gateway.client, { lock });
    shortfalls.start(options.floatIntervalMs ?? 1000, (error) => process.stderr.write(`margin gateway: shortfalls: ${error.message} (retried next pass)\n`));
    say('shortfall coordinator: cross-partition ADL of the partitions\' held shortfalls');
  }
  say(`margin gateway: ${url} over ${options.of} partitions at ${options.nats}; keys in ${journal.kind} ${journal.location}`);
  await untilSignal(async () => {
    await shortfalls?.stop();
    await floats?.stop();
    await gateway.close();
  });
}
