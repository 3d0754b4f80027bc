/**
 * `margin worker` and `margin gateway`: account partitions on NATS JetStream (docs/scale-out.md).
 * The NATS client and the cluster code load only for these commands (like fastify for `serve`).
 */
import { InputError } from '@margin/core';
import type { RegisterCommand } from './command.js';

interface ClusterFlags {
  readonly nats?: string;
  readonly partition?: string;
  readonly of?: string;
  readonly db?: string;
  readonly port?: string;
  readonly host?: string;
  readonly profile?: string;
  readonly float?: string;
  readonly shortfall?: boolean;
}

function wholeNumber(text: string | undefined, flag: string, fallback?: number): number {
  if (text === undefined && fallback !== undefined) return fallback;
  if (text === undefined) throw new InputError([flag], 'is required');
  if (!/^\d{1,5}$/.test(text)) throw new InputError([flag], `must be a whole number, got "${text}"`);
  return Number(text);
}

export const registerWorker: RegisterCommand = (program, exit) => {
  program
    .command('worker')
    .description('one account partition: consumes its commands from NATS JetStream, journals them, acknowledges after the commit')
    .option('--nats <url>', 'NATS server URL', 'nats://127.0.0.1:4222')
    .option('--partition <k>', 'this partition, 0..N-1')
    .option('--of <n>', 'number of partitions N')
    .option('--db <path|url>', 'the partition\'s journal: SQLite file or postgres:// URL')
    .option('--profile <name>', 'methodology profile of a new journal (default generic)')
    .action(async (flags: ClusterFlags) => {
      if (flags.db === undefined) throw new InputError(['--db'], 'is required: the partition\'s own journal (SQLite file or postgres:// URL)');
      const { runWorker } = await import('@margin/cluster');
      await runWorker({ nats: flags.nats ?? 'nats://127.0.0.1:4222', partition: wholeNumber(flags.partition, '--partition'), of: wholeNumber(flags.of, '--of'), db: flags.db, ...(flags.profile === undefined ? {} : { profile: flags.profile }) });
      exit.code = 0;
    });
};

export const registerGateway: RegisterCommand = (program, exit) => {
  program
    .command('gateway')
    .description('the HTTP/WebSocket API over a cluster of partition workers on NATS JetStream')
    .option('--nats <url>', 'NATS server URL', 'nats://127.0.0.1:4222')
    .option('--of <n>', 'number of partitions N')
    .option('--db <path|url>', 'journal of the gateway\'s API keys (default ./data/gateway.sqlite)')
    .option('--port <n>', 'port (default 8080; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--float <ASSET:AMOUNT,...>', 'keep this insurance fund float in every non-risk partition, topped up from partition 0 (one gateway only)')
    .option('--shortfall', 'run the shortfall coordinator: cross-partition ADL of deficits the partitions hold (liquidationMode hold; one gateway only)')
    .action(async (flags: ClusterFlags) => {
      const { runGateway, parseFloatTargets } = await import('@margin/cluster');
      await runGateway({ nats: flags.nats ?? 'nats://127.0.0.1:4222', of: wholeNumber(flags.of, '--of'), db: flags.db ?? './data/gateway.sqlite', port: wholeNumber(flags.port, '--port', 8080), host: flags.host ?? '127.0.0.1', floats: parseFloatTargets(flags.float ?? ''), shortfall: flags.shortfall === true });
      exit.code = 0;
    });
};
