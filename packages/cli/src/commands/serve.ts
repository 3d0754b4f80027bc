/**
 * `margin serve`: the HTTP + WebSocket API and the dashboard over a journal (SQLite file by
 * default, or `--db postgres://...`). `--demo` also runs the seeded market simulator through the
 * same command path, so the dashboard is alive at once; it prints the URL and a demo key.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '@margin/core';
import { ID_WINDOW_DEFAULT, accountIds } from '@margin/engine';
import { isPostgresUrl, openJournal } from '@margin/store';
import type { MarginServer } from '@margin/server';
import { DEMO_ACCOUNTS_DEFAULT, DemoDriver } from '@margin/sim';
import { parseCount } from '../engine-io/options.js';
import type { RegisterCommand } from './command.js';

export const DEFAULT_DB = './data/margin.sqlite';
export const DEFAULT_DEMO_DB = './data/demo.sqlite';
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

export interface ServeOptions {
  readonly db?: string;
  readonly port?: string;
  readonly host?: string;
  readonly demo?: boolean;
  readonly demoAccounts?: string;
  readonly profile?: string;
  readonly idWindow?: string;
  readonly archive?: boolean;
  readonly snapshotEvery?: string;
  readonly log?: boolean;
  /** Extra Host names a loopback server answers (repeatable). */
  readonly allowedHost?: readonly string[];
  readonly wsSocketsPerKey?: string;
  readonly wsBufferBytes?: string;
  readonly wsBufferTotalBytes?: string;
  readonly alertWebhook?: string;
  readonly alertFundDrawdown?: string;
}

/** `--alert-webhook` and `--alert-fund-drawdown`, checked before the journal opens. */
function alertsOf(options: ServeOptions): { webhookUrl?: string; fundDrawdown?: string } {
  const out: { webhookUrl?: string; fundDrawdown?: string } = {};
  if (options.alertWebhook !== undefined) {
    const protocol = URL.canParse(options.alertWebhook) ? new URL(options.alertWebhook).protocol : '';
    if (protocol !== 'http:' && protocol !== 'https:') throw new InputError(['--alert-webhook'], `must be an http:// or https:// URL, got "${options.alertWebhook}"`);
    out.webhookUrl = options.alertWebhook;
  }
  if (options.alertFundDrawdown !== undefined) {
    const text = options.alertFundDrawdown;
    if (!/^0\.\d*[1-9]\d*$/.test(text)) throw new InputError(['--alert-fund-drawdown'], `must be a fraction between 0 and 1 like 0.1 (10 % below the fund's peak), got "${text}"`);
    out.fundDrawdown = text;
  }
  return out;
}

function portOf(text: string | undefined, where: string): number {
  if (text === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65_535) throw new InputError([where], `must be a port number from 0 to 65535, got "${text}"`);
  return Number(text);
}

function countOf(text: string | undefined): number {
  if (text === undefined) return DEMO_ACCOUNTS_DEFAULT;
  if (!/^\d{1,7}$/.test(text) || Number(text) < 1) throw new InputError(['--demo-accounts'], `must be a whole number from 1 to 9999999, got "${text}"`);
  return Number(text);
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export async function serve(options: ServeOptions): Promise<void> {
  const port = options.port !== undefined ? portOf(options.port, '--port') : portOf(process.env['PORT'], 'PORT');
  const host = options.host ?? DEFAULT_HOST;
  const demo = options.demo === true;
  const accounts = countOf(options.demoAccounts);
  const db = options.db ?? (demo ? DEFAULT_DEMO_DB : DEFAULT_DB);
  if (!isPostgresUrl(db)) mkdirSync(dirname(resolve(db)), { recursive: true });

  const started = performance.now();
  // Flags are checked before the journal is opened: a bad flag touches nothing.
  const idWindow = options.idWindow === undefined ? undefined : parseCount(options.idWindow, 'id-window', 1);
  const streamLimits = {
    ...(options.wsSocketsPerKey === undefined ? {} : { socketsPerKey: parseCount(options.wsSocketsPerKey, 'ws-sockets-per-key', 1) }),
    ...(options.wsBufferBytes === undefined ? {} : { bufferedBytesPerSocket: parseCount(options.wsBufferBytes, 'ws-buffer-bytes', 1024) }),
    ...(options.wsBufferTotalBytes === undefined ? {} : { bufferedBytesTotal: parseCount(options.wsBufferTotalBytes, 'ws-buffer-total-bytes', 1024) }),
  };
  const snapshotEvery = options.snapshotEvery === undefined ? undefined : parseCount(options.snapshotEvery, 'snapshot-every', 0);
  const alerts = alertsOf(options);
  // The HTTP stack loads only for `serve`: every other command starts without fastify.
  const { createServer, HostGuard } = await import('@margin/server');
  new HostGuard(options.allowedHost ?? []); // a bad --allowed-host is refused before the journal opens
  const journal = await openJournal(db);
  let server: MarginServer;
  try {
    server = await createServer({
      journal,
      demo,
      logger: options.log === true,
      ...(options.allowedHost === undefined ? {} : { allowedHosts: options.allowedHost }),
      streamLimits,
      alerts,
      engine: {
        ...(options.profile === undefined ? {} : { profile: options.profile }),
        ...(idWindow === undefined ? {} : { idWindow }),
        ...(snapshotEvery !== undefined ? { snapshotEvery } : demo ? { snapshotEvery: 50_000 } : {}),
        ...(options.archive === true ? { archive: true } : {}),
      },
    });
  } catch (error) {
    await journal.close().catch(() => undefined);
    throw error;
  }
  const { ctx } = server;
  const recovered = ctx.host.recovered;
  say(`margin serve: journal ${journal.kind} ${journal.location}, profile ${ctx.host.profile}, recovered seq ${recovered.lastSeq} (snapshot ${recovered.snapshotSeq} + ${recovered.replayed} replayed)`);

  const live = server;

  let driver: DemoDriver | null = null;
  if (demo) {
    const seeded = (await live.ctx.host.read(({ state }) => accountIds(state).length)) > 0;
    const startMarks = new Map<string, number>();
    for (const [symbol, ring] of live.ctx.history.marks) {
      const last = ring.latest(1)[0];
      if (last !== undefined) startMarks.set(symbol, Number(last.markPrice));
    }
    driver = new DemoDriver((commands) => live.ctx.gateway.submit(commands, null), {
      accounts,
      alreadySeeded: seeded,
      idPrefix: `demo${live.ctx.host.lastSeq}`,
      startMarks,
      onError: (error) => process.stderr.write(`demo: ${error.message}\n`),
    });
    const demoDriver = driver;
    live.ctx.demoMarket.attach(async (paused) => (paused ? demoDriver.stop() : demoDriver.start()));
  }

  let url: string;
  try {
    url = await live.listen(port, host);
  } catch (error) {
    await live.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InputError([options.port !== undefined ? '--port' : 'PORT'], `${host}:${port} is already in use (stop the other server, or pick another port)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new InputError(['--host'], `cannot listen on "${host}"`);
    throw error;
  }
  if (!demo && live.ctx.keys.count('admin') === 0) {
    const { key } = await live.ctx.keys.create({ role: 'admin', label: 'bootstrap' });
    say(`first start: created an admin key (shown once, store it): ${key}`);
  }
  if (driver !== null) {
    const seededAlready = (await live.ctx.host.read(({ state }) => accountIds(state).length)) > 0;
    if (!seededAlready) say(`demo: seeding ${accounts.toLocaleString('en-US')} accounts...`);
    await driver.seed();
    driver.start();
    const accountCount = await live.ctx.host.read(({ state }) => accountIds(state).length);
    say(`demo: ${accountCount.toLocaleString('en-US')} accounts, 5 symbols (linear and inverse, cross and isolated); market ticking every 500 ms`);
  }
  say(`dashboard:  ${url}/`);
  say(`API docs:   ${url}/docs   (OpenAPI: ${url}/openapi.json)`);
  if (live.demoKey !== null) say(`demo key (admin): ${live.demoKey}`);
  if (live.demoKey !== null && !live.keyInPage) say('demo: not on a loopback address, so the page does not get the key: paste it into the page');
  say(`ready in ${Math.round(performance.now() - started)} ms; Ctrl-C stops (commits, snapshots, closes the journal)`);

  await new Promise<void>((resolveStop) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      say(`\n${signal}: stopping...`);
      void (async () => {
        try {
          if (driver !== null) await driver.stop();
          await live.close();
          say(`stopped at seq ${live.ctx.host.lastSeq}`);
        } finally {
          resolveStop();
        }
      })();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

export const registerServe: RegisterCommand = (program, exit) => {
  program
    .command('serve')
    .description('HTTP + WebSocket API and the dashboard; --demo runs a seeded market of 10,000 accounts')
    .option('--db <path|url>', `SQLite file or postgres:// URL (default ${DEFAULT_DB}; with --demo ${DEFAULT_DEMO_DB})`)
    .option('--port <n>', `port (default: PORT or ${DEFAULT_PORT}; 0 picks a free one)`)
    .option('--host <host>', `address to listen on (default ${DEFAULT_HOST})`)
    .option('--demo', 'run the seeded market simulator and give the dashboard a demo key')
    .option('--demo-accounts <n>', `accounts in the demo population (default ${DEMO_ACCOUNTS_DEFAULT})`)
    .option('--profile <name>', 'methodology profile of a new journal (default generic)')
    .option('--id-window <n>', `command ids per generation of the engine's idempotency window of a new journal (default ${ID_WINDOW_DEFAULT}); older ids are found in the journal`)
    .option('--snapshot-every <n>', 'commands between state snapshots (default 100000; 50000 with --demo; 0: only at the end)')
    .option('--archive', 'retention: after each snapshot, move older entries to <db>-archive (SQLite; see docs/durability.md)')
    .option('--log', 'log every request (JSON lines)')
    .option('--ws-sockets-per-key <n>', 'open WebSocket streams per key (default 32)')
    .option('--ws-buffer-bytes <n>', 'unsent bytes one stream may hold before it is closed with 1013 (default 8388608)')
    .option('--ws-buffer-total-bytes <n>', 'unsent bytes of all streams together; over it the slowest is closed with 1013 (default 268435456)')
    .option('--alert-webhook <url>', 'POST every batch of alerts (margin calls, liquidations, ADL, fund drawdown) to this URL as JSON (docs/api.md)')
    .option('--alert-fund-drawdown <fraction>', 'alert when an insurance fund falls this fraction below its peak (default 0.1)')
    .option('--allowed-host <name>', 'on a loopback address, also answer this Host name (name or name:port; repeatable; default only localhost, 127.0.0.1, [::1] with the port)', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .action(async (options: ServeOptions) => {
      await serve(options);
      exit.code = 0;
    });
};
