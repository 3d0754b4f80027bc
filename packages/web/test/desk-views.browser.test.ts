/**
 * The ADL & exposure page (issue 15) in headless Chromium against a real, quiet `margin serve`
 * (no demo: the figures hold still, so the screen can be compared with the API exactly): the ADL
 * queue per side, the largest holders, the clearing counterparty's net exposure and the insurance
 * fund equal the API's answers; a margin call committed while the page is open appears in the
 * alerts list. Screenshot: out/screenshots/desk-adl-exposure.png.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { SKIP, openBrowser } from './browser.js';
import type { ServeProcess } from './serve-process.js';
import { SCREENSHOTS, startServeSession, stopServeSession, apiCaller } from './serve-session.js';
import { seedFourHolders } from './four-holders.js';

/** The dashboard's formats, for comparing API figures with the screen. */
const moneyText = (value: string, asset: string): string => `${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${asset}`;
const contractsText = (value: string): string => Number(value).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 4 });

interface Row { account: string; side: string; cells: string[] }

describe('ADL & exposure page in headless Chromium', { skip: SKIP, timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const consoleErrors: string[] = [];

  const call = apiCaller(() => serve);
  const rows = (table: string): Promise<Row[]> =>
    page.$$eval(`${table} tbody tr[data-account]`, (trs) => trs.map((tr) => ({ account: (tr as HTMLElement).dataset['account'] ?? '', side: (tr as HTMLElement).dataset['side'] ?? '', cells: [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '') })));

  before(async () => {
    ({ dataDir, serve } = await startServeSession('margin-desk-views-'));
    await seedFourHolders(call, [
      { type: 'insuranceDeposit', id: 'ins-1', asset: 'USDT', amount: '1000' },
      { type: 'insuranceDeposit', id: 'ins-2', asset: 'USDT', amount: '250.5' },
    ]);
    ({ context, page } = await openBrowser(join(dataDir, 'chromium-profile'), consoleErrors, { apiKey: serve.key }));
  });

  after(() => stopServeSession(context, serve, dataDir));

  test('the ADL queue and the largest holders on screen equal the API', async () => {
    await page.goto(`${serve.url}/#/desk`);
    await page.waitForFunction(() => document.querySelectorAll('#adl-table tbody tr[data-account]').length === 4 && document.querySelectorAll('#holders-table tbody tr[data-account]').length === 4, undefined, { timeout: 30_000 });
    const queue = await call<{ rows: { account: string; side: string; rank: number; count: number; size: string; notional: string }[] }>('GET', '/v1/risk/adl/BTCUSDT?limit=20');
    const adl = await rows('#adl-table');
    assert.deepEqual(
      adl.map((r) => [r.account, r.side, r.cells[1], r.cells[4], r.cells[5]]),
      queue.rows.map((r) => [r.account, r.side, `${r.rank} / ${r.count}`, contractsText(r.size), moneyText(r.notional, 'USDT')]),
    );
    const holders = await call<{ holders: { account: string; side: string; margin: string; size: string; notional: string; sharePercent: string }[] }>('GET', '/v1/risk/holders/BTCUSDT?limit=20');
    const shown = await rows('#holders-table');
    assert.deepEqual(
      shown.map((r) => [r.account, r.side, r.cells[2], r.cells[3], r.cells[4]]),
      holders.holders.map((x) => [x.account, x.side, contractsText(x.size), moneyText(x.notional, 'USDT'), `${x.sharePercent} %`]),
    );
    // Hand-worked: alice holds 1 of the 1.3 long = 76.92 %.
    assert.equal(shown[0]?.cells[4], '76.92 %');
    // The CSV holds the API's exact strings.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-holders')]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8').trim().split('\r\n');
    assert.equal(csv[0], 'symbol,account,side,margin,size,notional,share_percent,unrealized_pnl,liquidation_price');
    assert.deepEqual(csv.slice(1).map((line) => line.split(',').slice(1, 7)), holders.holders.map((x) => [x.account, x.side, 'cross', x.size, x.notional, x.sharePercent]));
    await page.selectOption('#d-side', 'short');
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('#adl-table tbody tr[data-account]')].every((tr) => tr.dataset['side'] === 'short'), undefined, { timeout: 10_000 });
    assert.deepEqual((await rows('#adl-table')).map((r) => r.account), queue.rows.filter((r) => r.side === 'short').map((r) => r.account));
  });

  test('net exposure and the insurance fund on screen equal the API', async () => {
    await page.waitForSelector('#exposure-table tr[data-symbol="BTCUSDT"]', { timeout: 15_000 });
    const exposure = await call<{ assets: { asset: string; clearingBalance: string; clearingNotional: string; symbols: { symbol: string; clearingSize: string; clearingNotional: string }[] }[] }>('GET', '/v1/risk/exposure');
    const usdt = exposure.assets.find((a) => a.asset === 'USDT');
    const btc = usdt?.symbols.find((s) => s.symbol === 'BTCUSDT');
    assert.ok(usdt && btc);
    assert.equal(btc.clearingSize, '-0.6'); // longs 1.3, shorts 0.7
    assert.equal(await page.textContent('#exposure-table tr[data-symbol="BTCUSDT"] .clearing-size'), contractsText(btc.clearingSize));
    assert.equal(await page.textContent('#exposure-table tr[data-symbol="BTCUSDT"] .clearing-notional'), moneyText(btc.clearingNotional, 'USDT'));
    assert.equal(await page.textContent('#exposure-table tr.total[data-asset="USDT"] .clearing-balance'), moneyText(usdt.clearingBalance, 'USDT'));
    const funds = await call<{ funds: { asset: string; fund: string; points: { balance: string }[] }[] }>('GET', '/v1/risk/insurance-fund');
    const fund = funds.funds.find((f) => f.asset === 'USDT' && f.fund === 'insurance');
    assert.equal(fund?.points.at(-1)?.balance, '1250.5');
    await page.waitForSelector('#fund-table tr[data-asset="USDT"][data-fund="insurance"]', { timeout: 15_000 });
    assert.equal(await page.textContent('#fund-table tr[data-asset="USDT"][data-fund="insurance"] .balance'), moneyText('1250.5', 'USDT'));
    await page.waitForFunction(() => document.querySelector('#fund-chart canvas') !== null, undefined, { timeout: 15_000 });
  });

  test('a margin call committed while the page is open appears in the alerts list', async () => {
    // Alice: 5,000 USDT, long 1 at 30,000 without fees. At 25,120 her equity is 120 against
    // 25,120 x 0.4 % = 100.48 maintenance: ratio 0.837, past the 80 % warning, not liquidated.
    const answer = await call<{ results: { events: { type: string; seq: number; account?: string }[] }[] }>('POST', '/v1/commands', { type: 'price', id: 'p-call', symbol: 'BTCUSDT', markPrice: '25120', time: '2026-01-01T00:01:00Z' });
    const marginCall = answer.results[0]?.events.find((e) => e.type === 'marginCall' && e.account === 'alice');
    assert.ok(marginCall, 'the engine called alice');
    await page.waitForSelector(`#alerts li[data-kind="marginCall"][data-seq="${marginCall.seq}"]`, { timeout: 15_000 });
    const text = (await page.textContent(`#alerts li[data-kind="marginCall"][data-seq="${marginCall.seq}"]`)) ?? '';
    assert.match(text, /alice: margin call none → warning/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-adl-exposure.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });

  test("the account page charts the account's history; its last point equals the API's", async () => {
    await page.goto(`${serve.url}/#/account/alice`);
    // Two points from the journal: her fill at 30,000 and the margin call at 25,120 above.
    await page.waitForFunction(() => Number((document.querySelector('#account-history') as HTMLElement | null)?.dataset['points'] ?? '0') >= 2, undefined, { timeout: 30_000 });
    const history = await call<{ points: { seq: number; marginRatio: string | null; pool: { equity: string } | null }[] }>('GET', '/v1/accounts/alice/history?source=journal');
    const last = history.points.at(-1);
    assert.equal(await page.$eval('#account-history', (el) => (el as HTMLElement).dataset['lastSeq']), String(last?.seq));
    assert.equal(await page.$eval('#account-history', (el) => (el as HTMLElement).dataset['lastRatio']), last?.marginRatio);
    // Hand-worked above: equity 120 against 100.48 maintenance at 25,120.
    assert.equal(last?.pool?.equity, '120');
    assert.equal(last?.marginRatio, '0.8373333334');
    await page.waitForFunction(() => document.querySelectorAll('#account-history canvas').length >= 2, undefined, { timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-account-history.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });
});
