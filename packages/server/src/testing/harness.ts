/**
 * Test harness: a real server on a loopback port over a real SQLite file in a temp directory,
 * an admin key, and a small market (BTCUSDT linear, BTCUSD inverse) with two funded accounts, all
 * from the test kit (@margin/testkit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJournal } from '@margin/store';
import { ALICE_5000_USDT, BOB_20000_USDT, BTCUSDT_LINEAR_3TIER_TAKER_5BP, BTCUSD_INVERSE_100_MMR05, T0, depositCommand, instrumentCommand } from '@margin/testkit';
import { createServer, type MarginServer, type ServerOptions } from '../app.js';

export interface Harness {
  readonly server: MarginServer;
  readonly url: string;
  readonly admin: string;
  readonly dir: string;
  readonly dbPath: string;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  close(): Promise<void>;
}

export interface CallOptions {
  readonly key?: string | null;
  readonly body?: unknown;
  /** Sent as is (for malformed JSON). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly json: Record<string, unknown>;
  readonly text: string;
  readonly headers: Headers;
}

/**
 * The small market and two accounts: alice long 1 BTC at 30,000 (10x), bob short 0.5 BTC. The
 * instruments and accounts are the test kit's (@margin/testkit): BTCUSDT with a 0.05% taker fee,
 * BTCUSD inverse of 100 USD contracts (0.5% first tier), alice with 5,000 USDT, bob with 20,000.
 */
export const SEED_COMMANDS = [
  instrumentCommand(BTCUSDT_LINEAR_3TIER_TAKER_5BP, 'seed-i1'),
  instrumentCommand(BTCUSD_INVERSE_100_MMR05, 'seed-i2'),
  { type: 'prices', id: 'seed-p1', time: T0, prices: [{ symbol: 'BTCUSDT', markPrice: '30000', indexPrice: '30001' }, { symbol: 'BTCUSD', markPrice: '30000' }] },
  depositCommand(ALICE_5000_USDT, 'seed-d1'),
  depositCommand(BOB_20000_USDT, 'seed-d2'),
  { type: 'setLeverage', id: 'seed-l1', account: 'alice', symbol: 'BTCUSDT', leverage: '10' },
  { type: 'fill', id: 'seed-f1', account: 'alice', symbol: 'BTCUSDT', side: 'buy', size: '1', price: '30000', fee: '15', time: '2026-01-01T00:00:01Z' },
  { type: 'fill', id: 'seed-f2', account: 'bob', symbol: 'BTCUSDT', side: 'sell', size: '0.5', price: '30000', fee: '7.5', time: '2026-01-01T00:00:01Z' },
];

export async function startHarness(options: Partial<ServerOptions> = {}, seed = true): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'margin-server-'));
  const dbPath = join(dir, 'margin.sqlite');
  const journal = await openJournal(dbPath);
  const server = await createServer({ journal, webRoot: null, boardIntervalMs: 50, accountThrottleMs: 0, ...options });
  const url = await server.listen(0, '127.0.0.1');
  const admin = (await server.ctx.keys.create({ role: 'admin', label: 'test' })).key;
  const call = async (method: string, path: string, o: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = { ...o.headers };
    const key = o.key === undefined ? admin : o.key;
    if (key !== null) headers['authorization'] = `Bearer ${key}`;
    let body: string | undefined;
    if (o.rawBody !== undefined) body = o.rawBody;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    let json: Record<string, unknown>;
    try {
      json = text.length === 0 ? {} : (JSON.parse(text) as Record<string, unknown>);
    } catch {
      json = {};
    }
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', json, text, headers: response.headers };
  };
  if (seed) {
    const answer = await call('POST', '/v1/commands', { body: { commands: SEED_COMMANDS } });
    if (answer.status !== 200) throw new Error(`seeding failed: ${answer.text}`);
    const rejected = (answer.json['results'] as { status: string; events: unknown[] }[]).filter((r) => r.status !== 'accepted');
    if (rejected.length > 0) throw new Error(`seeding rejected: ${JSON.stringify(rejected)}`);
  }
  return {
    server,
    url,
    admin,
    dir,
    dbPath,
    call,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
