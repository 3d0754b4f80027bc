/**
 * The dashboard against `margin gateway` over three partitions, in headless Chromium: the cluster
 * is started as `npm run cluster` starts it (scripts/cluster.mjs: nats-server, three workers, a
 * gateway on loopback; here in a temp dir on free ports). The overview, an account page and the
 * ADL page render with no console errors and show the API's figures. Screenshots:
 * out/screenshots/cluster-*.png.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BTCUSDT_LINEAR_3TIER_TAKER_5BP } from '@margin/testkit';
import type { BrowserContext, Page } from 'playwright-core';
import { SKIP, openBrowser } from './browser.js';
import { REPO_ROOT } from './serve-process.js';

const SCREENSHOTS = join(REPO_ROOT, 'out', 'screenshots');
const CLUSTER_SCRIPT = join(REPO_ROOT, 'scripts', 'cluster.mjs');
const PARTITIONS = 3;
// alice and bob live in partition 2, erin in 1, ivan in 0 (of 3: cluster partition-map.ts).

const moneyText = (value: string, asset: string): string => `${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${asset}`;
const contractsText = (value: string): string => Number(value).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 4 });
const fill = (id: string, account: string, side: string, size: string, price: string) => ({ type: 'fill', id, account, symbol: 'BTCUSDT', side, size, price, fee: '0', time: '2026-01-01T00:00:01Z' });

function freePort(): Promise<number> {
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

interface Cluster {
  readonly child: ChildProcess;
  readonly url: string;
  readonly key: string;
  readonly output: () => string;
}

/** Starts scripts/cluster.mjs and waits for the gateway's URL, its first admin key and every worker's ready line. */
async function startCluster(dir: string, timeoutMs = 120_000): Promise<Cluster> {
  const child = spawn(process.execPath, [CLUSTER_SCRIPT], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CLUSTER_DIR: dir, PORT: '0', NATS_PORT: String(await freePort()), PARTITIONS: String(PARTITIONS) } });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const started = Date.now();
  for (;;) {
    const url = /margin gateway: (http:\/\/\S+) over/.exec(output)?.[1];
    const key = /created an admin key[^:]*:\s+(mk_\S+)/.exec(output)?.[1];
    const ready = (output.match(/\[worker \d+\] margin worker: .*ready/g) ?? []).length;
    if (url !== undefined && key !== undefined && ready === PARTITIONS) return { child, url, key, output: () => output };
    if (child.exitCode !== null) throw new Error(`scripts/cluster.mjs exited with ${child.exitCode}:\n${output}`);
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGTERM');
      throw new Error(`the cluster did not start within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('dashboard against margin gateway (3 partitions) in headless Chromium', { skip: SKIP, timeout: 300_000 }, () => {
  let cluster: Cluster;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const consoleErrors: string[] = [];

  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await fetch(`${cluster.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${cluster.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.equal(answer.status, 200, `${method} ${path}: ${await answer.clone().text()}`);
    return (await answer.json()) as T;
  };
  /** The API's answer once the gateway's risk board has read every partition's commit of the setup. */
  const settled = async (): Promise<void> => {
    for (let i = 0; i < 200; i++) {
      const overview = await call<{ accounts: number; accountsWithPositions: number }>('GET', '/v1/overview');
      if (overview.accounts === 4 && overview.accountsWithPositions === 4) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the gateway board did not reach the setup');
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'margin-cluster-browser-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    cluster = await startCluster(join(dataDir, 'cluster'));
    await call('POST', '/v1/commands', {
      commands: [
        { type: 'instrument', id: 'i-btc', instrument: BTCUSDT_LINEAR_3TIER_TAKER_5BP },
        { type: 'price', id: 'p0', symbol: 'BTCUSDT', markPrice: '30000', time: '2026-01-01T00:00:00Z' },
        { type: 'deposit', id: 'd-alice', account: 'alice', asset: 'USDT', amount: '5000' },
        { type: 'deposit', id: 'd-bob', account: 'bob', asset: 'USDT', amount: '20000' },
        { type: 'deposit', id: 'd-erin', account: 'erin', asset: 'USDT', amount: '10000' },
        { type: 'deposit', id: 'd-ivan', account: 'ivan', asset: 'USDT', amount: '3000' },
        { type: 'setLeverage', id: 'l-alice', account: 'alice', symbol: 'BTCUSDT', leverage: '10' },
        fill('f-alice', 'alice', 'buy', '1', '30000'),
        fill('f-bob', 'bob', 'sell', '0.5', '30000'),
        fill('f-erin', 'erin', 'sell', '0.2', '30000'),
        fill('f-ivan', 'ivan', 'buy', '0.3', '29000'),
        { type: 'price', id: 'p1', symbol: 'BTCUSDT', markPrice: '29500', time: '2026-01-01T00:00:30Z' },
        { type: 'insuranceDeposit', id: 'ins-1', asset: 'USDT', amount: '1000' },
      ],
    });
    await settled();
    ({ context, page } = await openBrowser(join(dataDir, 'chromium-profile'), consoleErrors, { apiKey: cluster.key }));
  });

  after(async () => {
    await context?.close();
    if (cluster !== undefined && cluster.child.exitCode === null) {
      // SIGTERM: gateway, workers (commit, snapshot), nats-server, in that order.
      await new Promise<void>((resolve) => {
        cluster.child.once('exit', () => resolve());
        cluster.child.kill('SIGTERM');
      });
    }
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the overview shows the cluster\'s accounts, open interest and insurance fund', async () => {
    const overview = await call<{ accounts: number; openInterest: { symbol: string; holders: number }[]; insuranceFund: Record<string, string> }>('GET', '/v1/overview');
    assert.equal(overview.insuranceFund['USDT'], '1000');
    await page.goto(`${cluster.url}/`);
    await page.waitForFunction((accounts) => document.querySelector('#kpi-accounts .kpi-value')?.textContent === accounts, String(overview.accounts), { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('#oi-table tbody tr .sym').length === 1, undefined, { timeout: 15_000 });
    assert.equal(await page.textContent('#oi-table tbody tr .sym'), 'BTCUSDT');
    await page.waitForFunction(() => document.getElementById('live-text')?.textContent === 'live', undefined, { timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'cluster-overview.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });

  test('an account page shows the owning partition\'s position and margin', async () => {
    const risk = await call<{ account: { equity: string }; positions: { symbol: string; size: string }[] }>('GET', '/v1/accounts/ivan');
    await page.goto(`${cluster.url}/#/account/ivan`);
    await page.waitForSelector('article.position', { timeout: 30_000 });
    const text = (await page.textContent('article.position')) ?? '';
    assert.match(text, /BTCUSDT/);
    assert.ok(text.includes(contractsText(risk.positions[0]?.size ?? '')), `position size ${risk.positions[0]?.size} on screen: ${text}`);
    await page.waitForFunction((equity) => (document.getElementById('app')?.textContent ?? '').includes(equity), moneyText(risk.account.equity, 'USDT'), { timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'cluster-account.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });

  test('the ADL page shows the queue merged over the partitions and the holders', async () => {
    await page.goto(`${cluster.url}/#/desk`);
    await page.waitForFunction(() => document.querySelectorAll('#adl-table tbody tr[data-account]').length === 4 && document.querySelectorAll('#holders-table tbody tr[data-account]').length === 4, undefined, { timeout: 30_000 });
    const queue = await call<{ rows: { account: string; side: string; rank: number; count: number; size: string; notional: string }[] }>('GET', '/v1/risk/adl/BTCUSDT?limit=20');
    const shown = await page.$$eval('#adl-table tbody tr[data-account]', (trs) => trs.map((tr) => ({ account: (tr as HTMLElement).dataset['account'] ?? '', side: (tr as HTMLElement).dataset['side'] ?? '', cells: [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '') })));
    assert.deepEqual(
      shown.map((r) => [r.account, r.side, r.cells[1], r.cells[4], r.cells[5]]),
      queue.rows.map((r) => [r.account, r.side, `${r.rank} / ${r.count}`, contractsText(r.size), moneyText(r.notional, 'USDT')]),
    );
    await page.waitForSelector('#exposure-table tr[data-symbol="BTCUSDT"]', { timeout: 15_000 });
    const exposure = await call<{ assets: { asset: string; symbols: { symbol: string; clearingSize: string }[] }[] }>('GET', '/v1/risk/exposure');
    const size = exposure.assets.find((a) => a.asset === 'USDT')?.symbols.find((s) => s.symbol === 'BTCUSDT')?.clearingSize;
    assert.equal(size, '-0.6'); // longs 1.3, shorts 0.7
    assert.equal(await page.textContent('#exposure-table tr[data-symbol="BTCUSDT"] .clearing-size'), contractsText('-0.6'));
    await page.screenshot({ path: join(SCREENSHOTS, 'cluster-adl.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });
});
