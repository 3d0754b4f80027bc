/**
 * The dashboard in a real headless Chromium (Debian's, driven by playwright-core) against a real
 * `margin serve --demo`: every main page opens, shows live data, and is saved as a screenshot in
 * out/screenshots/ for a person to look at. Without Chromium the suite is skipped with the reason,
 * except in CI (CI=true), where a missing browser is a failure.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, HAVE_CHROMIUM, SKIP, openBrowser } from './browser.js';
import { nextPriceTime, setDemoMarket, type ServeProcess } from './serve-process.js';
import { SCREENSHOTS, startServeSession, stopServeSession } from './serve-session.js';

const IN_CI = process.env['CI'] === 'true';

if (!HAVE_CHROMIUM && IN_CI) {
  test('Chromium is installed in CI', () => {
    assert.fail(`CI=true but ${CHROMIUM} is missing: .ci/run must install Debian's chromium`);
  });
}

describe('dashboard in headless Chromium', { skip: SKIP, timeout: 240_000 }, () => {
  let serve: ServeProcess;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const consoleErrors: string[] = [];

  before(async () => {
    ({ dataDir, serve } = await startServeSession('margin-web-', ['--demo']));
    ({ context, page } = await openBrowser(join(dataDir, 'chromium-profile'), consoleErrors));
  });

  after(() => stopServeSession(context, serve, dataDir));

  async function shot(name: string): Promise<void> {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  test('overview shows the population, open interest and a live mark chart', async () => {
    await page.goto(`${serve.url}/`);
    await page.waitForFunction(() => document.querySelector('#kpi-accounts .kpi-value')?.textContent === '10,000', undefined, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('#oi-table tbody tr .sym').length === 5, undefined, { timeout: 15_000 });
    const symbols = await page.$$eval('#oi-table tbody tr .sym', (cells) => cells.map((c) => c.textContent));
    assert.deepEqual(symbols, ['BTCUSD', 'BTCUSDT', 'ETHUSD', 'ETHUSDT', 'SOLUSDT']);
    // Live: the header's sequence number and the chart's last mark move on their own.
    await page.waitForFunction(() => document.getElementById('live-text')?.textContent === 'live', undefined, { timeout: 15_000 });
    const first = await page.textContent('#mark-last');
    await page.waitForFunction((before) => document.getElementById('mark-last')?.textContent !== before, first, { timeout: 15_000 });
    assert.match((await page.textContent('#mark-last')) ?? '', /^last [\d,]+\.\d USDT at \d\d:\d\d:\d\d$/);
    assert.ok(await page.$('#mark-chart canvas'), 'the mark chart is drawn');
    await shot('overview');
  });

  test('accounts at risk are sorted by margin ratio, with the distribution', async () => {
    await page.goto(`${serve.url}/#/risk`);
    await page.waitForFunction(() => document.querySelectorAll('#risk-table tbody tr a').length === 25, undefined, { timeout: 15_000 });
    await page.waitForFunction(() => /accounts with positions/.test(document.getElementById('dist-total')?.textContent ?? ''), undefined, { timeout: 15_000 });
    const ratios = await page.$$eval('#risk-table tbody tr .ratio-text', (cells) => cells.map((c) => c.textContent ?? ''));
    const values = ratios.map((text) => (text.startsWith('equity') ? Number.POSITIVE_INFINITY : Number(text.replace(/[ %,]/g, ''))));
    for (let i = 1; i < values.length; i++) assert.ok((values[i - 1] as number) >= (values[i] as number), `sorted: ${ratios.join(' | ')}`);
    assert.ok(await page.$('#dist-chart canvas'));
    await shot('risk');
  });

  test('marks and funding page charts the selected symbol live', async () => {
    await page.goto(`${serve.url}/#/markets/ETHUSDT`);
    await page.waitForFunction(() => document.querySelectorAll('#symbol-tabs .tab').length === 5, undefined, { timeout: 15_000 });
    const first = await page.textContent('#mark-last');
    await page.waitForFunction((before) => /^last /.test(document.getElementById('mark-last')?.textContent ?? '') && document.getElementById('mark-last')?.textContent !== before, first, { timeout: 15_000 });
    await page.waitForFunction(() => /now -?[\d.]+ %/.test(document.getElementById('funding-last')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await shot('markets');
  });

  test('the liquidation feed shows risk events as the engine commits them', async () => {
    await page.goto(`${serve.url}/#/events`);
    await page.waitForSelector('#feed tbody tr');
    // A price shock through the API (the same command path) puts leveraged longs into margin call;
    // the market is paused first, so the shock's time is surely the newest price.
    await setDemoMarket(serve, true);
    const response = await fetch(`${serve.url}/v1/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serve.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'prices', id: 'browser-test-shock', time: await nextPriceTime(serve), prices: [{ symbol: 'BTCUSDT', markPrice: '52000.0' }, { symbol: 'ETHUSDT', markPrice: '2500.00' }] }),
    });
    assert.equal(response.status, 200);
    // The shock's own risk events appear (by its seq): a flood of liquidations may push its margin
    // calls out of the feed's newest 300, so the test does not wait for one type in particular.
    const answer = (await response.json()) as { results: { events: { type: string; seq: number }[] }[] };
    const shockEvents = answer.results[0]?.events.filter((e) => e.type !== 'priceUpdated') ?? [];
    assert.ok(shockEvents.some((e) => e.type === 'marginCall'), `the shock calls accounts: ${[...new Set(shockEvents.map((e) => e.type))].join(', ')}`);
    const seq = shockEvents[0]?.seq;
    await page.waitForSelector(`#feed tbody tr[data-seq="${seq}"]`, { timeout: 30_000 });
    const types = await page.$$eval(`#feed tbody tr[data-seq="${seq}"]`, (trs) => trs.map((tr) => (tr as HTMLElement).dataset['type'] ?? ''));
    for (const type of types) assert.ok(shockEvents.some((e) => e.type === type), `${type} is one of the shock's events`);
    // The badge may come from the history the page loaded first; the shock's events arrive live.
    await page.waitForFunction(() => /[1-9][\d,]* live since opened/.test(document.getElementById('feed-count')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await shot('events');
  });

  test('an account page explains each requirement, and the what-if calculator answers', async () => {
    // The shock above liquidates accounts (the engine acts on it): open the account with the
    // lowest margin ratio, which certainly still holds positions. The market is paused (above), so
    // the account read from the API is the one the page opens; asking again waits until the risk
    // board has passed over the state after the shock.
    await setDemoMarket(serve, true);
    const board = async (query: string) =>
      (await (await fetch(`${serve.url}/v1/risk/accounts?${query}`, { headers: { authorization: `Bearer ${serve.key}` } })).json()) as { total: number; accounts: Array<{ account: string }> };
    const { total } = await board('limit=1');
    assert.ok(total > 0, 'accounts with positions');
    const safest = (await board(`limit=1&offset=${total - 1}`)).accounts[0]?.account;
    assert.ok(safest);
    await page.goto(`${serve.url}/#/account/${safest}`);
    await page.waitForSelector('article.position', { timeout: 15_000 });
    const text = (await page.textContent('article.position')) ?? '';
    for (const part of ['Notional', 'Tier', 'Initial margin', 'Maintenance margin', 'Unrealised PnL', 'Liquidation price', 'Bankruptcy price']) assert.ok(text.includes(part), part);
    assert.ok(await page.$('article.position table.tiers tr.chosen'), 'the chosen tier is highlighted');
    await page.click('#whatif-form button[type=submit]');
    await page.waitForSelector('.whatif-table', { timeout: 15_000 });
    const result = (await page.textContent('#whatif-result')) ?? '';
    assert.match(result, /liquidation price/);
    assert.ok(await page.$('#whatif-result .whatif-verdict'), 'the engine verdict is shown');
    await shot('account');
  });

  test("the what-if shows the engine's reject code for an order the engine would reject", async () => {
    // Still on the account page: an order far beyond the account's margin, at a whole-number
    // price (a multiple of every demo tick), so the only thing wrong with it is the margin.
    const mark = await page.inputValue('#wi-price');
    await page.fill('#wi-price', String(Math.round(Number(mark))));
    await page.fill('#wi-size', '100000');
    await page.fill('#wi-mark', '');
    await page.click('#whatif-form button[type=submit]');
    await page.waitForSelector('#whatif-result .whatif-verdict[data-accepted="false"]', { timeout: 15_000 });
    assert.equal(await page.textContent('#whatif-result .reject-code'), 'initial_margin_insufficient');
    assert.match((await page.textContent('#whatif-result .whatif-verdict')) ?? '', /The engine would reject: initial_margin_insufficient equity .* < initial margin/);
    await shot('account-what-if-rejected');
  });

  // Slow under load, and not the server's doing: /docs/json answers in well under a second, then
  // Swagger UI 5 refracts, normalises and resolves the whole OpenAPI 3.1 document with ApiDOM in
  // the page before it draws the title (a CPU profile: about 70% of the wait; ~210 KB, 77 schemas,
  // 282 $refs). The same document as 3.0 would take the fast resolver, but our schemas are JSON
  // Schema 2020-12 (3.1): https://github.com/swagger-api/swagger-ui/issues/10748. Hence 60 s.
  test('the API docs are browsable', async () => {
    await page.goto(`${serve.url}/docs`);
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 60_000 });
    assert.match((await page.textContent('.swagger-ui .info .title')) ?? '', /margin engine API/);
    await page.waitForSelector('.opblock-tag', { timeout: 60_000 });
    await shot('api-docs');
  });

  test('no errors in the browser console', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
