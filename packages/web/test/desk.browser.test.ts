/**
 * The risk desk (issue 15) in a real headless Chromium against a real `margin serve --demo`: each
 * fix of "wrong or inconsistent today" has its check here, and the numbers on screen are compared
 * with the API's answer for the same thing. The tests that need a moving market (marks, charts) run
 * first; the others pause the demo market (`PUT /v1/demo/market`, answered once the risk board has
 * reached the last tick) so the screen and the API are compared exactly, whatever the machine's
 * load, after the page has drawn that state. Screenshots go to out/screenshots/desk-*.png.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { SKIP, openBrowser } from './browser.js';
import { nextPriceTime, setDemoMarket, type ServeProcess } from './serve-process.js';
import { SCREENSHOTS, startServeSession, stopServeSession } from './serve-session.js';

/** The dashboard's money format (en-US grouping, fixed decimals per asset) for comparing API figures. */
function moneyText(value: string, asset: string): string {
  const decimals = ({ USDT: 2, USDC: 2, USD: 2, BTC: 6, ETH: 5 } as Record<string, number>)[asset] ?? 4;
  return `${Number(value).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })} ${asset}`;
}

describe('risk desk in headless Chromium', { skip: SKIP, timeout: 300_000 }, () => {
  let serve: ServeProcess;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const consoleErrors: string[] = [];

  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${serve.url}${path}`, { headers: { authorization: `Bearer ${serve.key}` } })).json()) as T;

  before(async () => {
    ({ dataDir, serve } = await startServeSession('margin-desk-', ['--demo', '--demo-accounts', '2000']));
    ({ context, page } = await openBrowser(join(dataDir, 'chromium-profile'), consoleErrors));
  });

  after(() => stopServeSession(context, serve, dataDir));

  async function shot(name: string): Promise<void> {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, `desk-${name}.png`), fullPage: true });
  }

  test('marks & funding: every symbol card moves live, not only the selected one', async () => {
    await page.goto(`${serve.url}/#/markets/ETHUSDT`);
    await page.waitForFunction(() => document.querySelectorAll('#symbol-tabs .tab').length === 5, undefined, { timeout: 30_000 });
    const card = '#symbol-tabs .tab[data-symbol="BTCUSDT"] .tab-price';
    const first = await page.textContent(card);
    await page.waitForFunction(([selector, before]) => document.querySelector(selector as string)?.textContent !== before, [card, first], { timeout: 15_000 });
    // The card shows a mark the API has for BTCUSDT (its recent marks), with its tick's decimals.
    const shown = ((await page.textContent(card)) ?? '').replace(/ USDT$/, '');
    const { marks } = await get<{ marks: { markPrice: string }[] }>('/v1/markets/BTCUSDT/marks?limit=200');
    const formatted = marks.map((m) => Number(m.markPrice).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
    assert.ok(formatted.includes(shown), `card ${shown} is one of the API's recent BTCUSDT marks`);
  });

  test('marks & funding: the time labels of the charts do not overlap', async () => {
    for (const chart of ['#funding-chart', '#mark-chart']) {
      await page.waitForFunction((selector) => JSON.parse((document.querySelector(selector) as HTMLElement | null)?.dataset['xTicks'] ?? '[]').length >= 2, chart, { timeout: 30_000 });
      const ticks = JSON.parse((await page.$eval(chart, (el) => (el as HTMLElement).dataset['xTicks'])) ?? '[]') as { label: string; left: number; right: number }[];
      for (let i = 1; i < ticks.length; i++) {
        const a = ticks[i - 1] as { label: string; right: number };
        const b = ticks[i] as { label: string; left: number };
        assert.ok(a.right < b.left, `${chart}: "${a.label}" ends at ${a.right} px, "${b.label}" starts at ${b.left} px`);
      }
    }
  });

  test('marks & funding: settlements without blank rows, with the clearing counterparty, reconciling on screen', async () => {
    // The demo settles funding once a minute; settle ETHUSDT now through the API (the same command path).
    for (const id of ['desk-settle-1', 'desk-settle-2']) {
      const response = await fetch(`${serve.url}/v1/commands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${serve.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'settleFunding', id, symbol: 'ETHUSDT', time: new Date().toISOString() }),
      });
      assert.equal(response.status, 200);
    }
    if (!page.url().endsWith('#/markets/ETHUSDT')) await page.goto(`${serve.url}/#/markets/ETHUSDT`);
    await page.waitForFunction(() => document.querySelectorAll('#settlements tbody tr[data-seq]').length >= 1, undefined, { timeout: 30_000 });
    const rows = await page.$$eval('#settlements tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    for (const cells of rows) for (const cell of cells) assert.ok(cell !== '', `no blank cell: ${JSON.stringify(cells)}`);
    // The first row equals the API's newest settlement: paid = received + clearing + rounding.
    const seq = Number(await page.$eval('#settlements tbody tr[data-seq]', (tr) => (tr as HTMLElement).dataset['seq']));
    const { funding } = await get<{ funding: Record<string, { seq: number; settlement?: Record<string, string> }[]> }>('/v1/funding?symbol=ETHUSDT&limit=1000');
    const settlement = funding['ETHUSDT']?.find((f) => f.seq === seq)?.settlement;
    assert.ok(settlement, `settlement at seq ${seq} in the API`);
    const cell = async (name: string) => page.$eval(`#settlements tbody tr[data-seq="${seq}"] td.${name}`, (td) => td.textContent ?? '');
    assert.equal(await cell('paid'), moneyText(settlement['paid'] ?? '', 'USDT'));
    assert.equal(await cell('received'), moneyText(settlement['received'] ?? '', 'USDT'));
    const clearing = Number(settlement['clearing']);
    assert.equal(await cell('clearing'), `${clearing > 0 ? '+' : ''}${moneyText(settlement['clearing'] ?? '', 'USDT')}`);
    const sum = Number(settlement['received']) + clearing + Number(settlement['rounding']);
    assert.ok(Math.abs(sum - Number(settlement['paid'])) < 1e-6, 'the API figures reconcile');
    await shot('markets');
  });

  test('tables sort on a header click and export CSV with the exact figures', async () => {
    await page.click('#settlements th[data-sort="paid"]');
    const paid = await page.$$eval('#settlements tbody td.paid', (tds) => tds.map((td) => Number((td.textContent ?? '').replace(/[^\d.-]/g, ''))));
    for (let i = 1; i < paid.length; i++) assert.ok((paid[i - 1] as number) >= (paid[i] as number), `sorted by paid: ${paid.join(', ')}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-settlements')]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8').trim().split('\r\n');
    assert.equal(csv[0], 'time,symbol,rate,price,positions,paid,received,clearing,rounding');
    assert.ok(csv.length >= 2);
    assert.match(csv[1] ?? '', /^\d{4}-\d\d-\d\dT[^,]+,ETHUSDT,-?[\d.]+,[\d.]+,\d+,[\d.]+,[\d.]+,-?[\d.]+,[\d.]+$/);
  });

  test('overview: the insurance fund of every settle asset valued in one currency; clearing among the system accounts', async () => {
    // From here on the figures hold still: the market is paused.
    await setDemoMarket(serve, true);
    await page.goto(`${serve.url}/`);
    await page.waitForFunction(() => /USDT/.test(document.querySelector('#kpi-insurance .kpi-value')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const check = async (): Promise<string | null> => {
      const o = await get<{ insuranceFundValued: { reference: string; total: string; assets: { asset: string; amount: string }[] }; system: Record<string, Record<string, string>> }>('/v1/overview');
      const value = await page.textContent('#kpi-insurance .kpi-value');
      const sub = (await page.textContent('#kpi-insurance .kpi-sub')) ?? '';
      if (value !== moneyText(o.insuranceFundValued.total, o.insuranceFundValued.reference)) return `headline ${value} vs API ${o.insuranceFundValued.total}`;
      for (const a of o.insuranceFundValued.assets) if (!sub.includes(moneyText(a.amount, a.asset))) return `${a.asset} missing from "${sub}"`;
      const clearing = await page.$eval('#system-table tr[data-line^="Clearing"] td[data-asset="USDT"]', (td) => td.textContent ?? '');
      const api = moneyText(o.system['USDT']?.['clearing'] ?? '0', 'USDT').replace(/ USDT$/, '');
      return clearing === api ? null : `clearing ${clearing} vs API ${api}`;
    };
    // Until the page's next poll has drawn the paused state (it polls every 2 s).
    let problem: string | null = 'not checked';
    for (const until = Date.now() + 30_000; problem !== null && Date.now() < until; ) {
      problem = await check();
      if (problem !== null) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(problem, null);
    const o = await get<{ insuranceFundValued: { reference: string; assets: { asset: string }[] } }>('/v1/overview');
    assert.equal(o.insuranceFundValued.reference, 'USDT');
    assert.deepEqual(o.insuranceFundValued.assets.map((a) => a.asset), ['BTC', 'ETH', 'USDT']);
    await shot('overview');
  });

  test('accounts at risk: each row names its pool with that pool\'s own equity and maintenance, as the API says', async () => {
    await page.goto(`${serve.url}/#/risk`);
    await page.waitForFunction(() => document.querySelectorAll('#risk-table tbody tr[data-account]').length === 25, undefined, { timeout: 30_000 });
    type Row = { account: string; marginRatio: string | null; pool: { kind: string; symbol: string | null; side: string | null; asset: string; equity: string; maintenanceMargin: string; marginRatio: string | null } };
    const check = async (): Promise<string | null> => {
      const { accounts } = await get<{ accounts: Row[] }>('/v1/risk/accounts?limit=25');
      const shown = await page.$$eval('#risk-table tbody tr[data-account]', (trs) =>
        trs.map((tr) => ({ account: (tr as HTMLElement).dataset['account'], pool: tr.querySelector('.pool-name')?.textContent, equity: tr.querySelector('.pool-equity')?.textContent, mm: tr.querySelector('.pool-mm')?.textContent })),
      );
      for (const [i, a] of accounts.entries()) {
        const s = shown[i];
        const pool = a.pool.kind === 'cross' ? `cross ${a.pool.asset}` : `${a.pool.symbol} ${a.pool.side} isolated`;
        if (s === undefined || s.account !== a.account || s.pool !== pool || s.equity !== moneyText(a.pool.equity, a.pool.asset) || s.mm !== moneyText(a.pool.maintenanceMargin, a.pool.asset)) return `row ${i}: ${JSON.stringify(s)} vs ${JSON.stringify(a)}`;
        // The ratio is the pool's own: MM / equity of that pool.
        if (a.pool.marginRatio !== a.marginRatio) return `ratio of ${a.account} is not its pool's`;
        if (a.marginRatio !== null && Math.abs(Number(a.pool.maintenanceMargin) / Number(a.pool.equity) - Number(a.marginRatio)) > 1e-6) return `ratio of ${a.account} != pool MM / pool equity`;
      }
      return null;
    };
    let problem: string | null = 'not checked';
    for (const until = Date.now() + 30_000; problem !== null && Date.now() < until; ) {
      problem = await check();
      if (problem !== null) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(problem, null);
    await shot('risk');
  });

  test('accounts at risk: filter by symbol and margin mode, sort by a header, export CSV', async () => {
    const api = await get<{ total: number }>('/v1/risk/accounts?limit=1&symbol=ETHUSDT&mode=isolated');
    await page.selectOption('#f-mode', 'isolated');
    await page.selectOption('#f-symbol', 'ETHUSDT');
    // Until the page has drawn the list of both filters: the answer to an earlier query (the mode
    // alone, or the 2 s poll's) can be drawn after it, and its rows can mention ETHUSDT too (the
    // positions column). The count is read in the same turn as the rows it was drawn with.
    const info = await page.waitForFunction((total) => {
      const text = document.getElementById('page-info')?.textContent ?? '';
      const rows = [...document.querySelectorAll('#risk-table tbody tr[data-account]')];
      return text.endsWith(`of ${total}`) && rows.every((tr) => /ETHUSDT/.test(tr.textContent ?? '') && /isolated/.test(tr.textContent ?? '')) ? text : null;
    }, api.total.toLocaleString('en-US'), { timeout: 15_000 }).then(
      async (handle) => (await handle.jsonValue()) ?? '',
      async () => (await page.textContent('#page-info')) ?? '', // never drawn: the assertion names what is shown
    );
    assert.match(info, new RegExp(`of ${api.total.toLocaleString('en-US')}$`));
    await page.click('#risk-table th[data-sort="account"]');
    await page.waitForFunction(() => {
      const ids = [...document.querySelectorAll('#risk-table tbody tr[data-account]')].map((tr) => (tr as HTMLElement).dataset['account'] ?? '');
      return ids.length > 1 && ids.every((id, i) => i === 0 || (ids[i - 1] as string) < id);
    }, undefined, { timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const lines = readFileSync((await download.path()) ?? '', 'utf8').trim().split('\r\n');
    assert.match(lines[0] ?? '', /^account,pool,pool_asset,margin_ratio,pool_equity,pool_maintenance_margin,/);
    const total = (await get<{ total: number }>('/v1/risk/accounts?limit=1&symbol=ETHUSDT&mode=isolated')).total;
    // The market is paused: the export is exactly the API's list, in the page's sort order.
    assert.equal(lines.length - 1, total);
    const sorted = lines.slice(1).map((line) => line.split(',')[0] ?? '');
    assert.deepEqual(sorted, [...sorted].sort());
    for (const line of lines.slice(1)) assert.match(line, /ETHUSDT/);
  });

  test('account page: the riskiest chips and the what-if "Now" column are the live figures beside them', async () => {
    // The demo book moves (liquidations take accounts out of the riskiest four), so the account is
    // taken from the chips the page itself shows, and taken again if it has left them meanwhile.
    await page.goto(`${serve.url}/#/account/`);
    let id: string | undefined;
    for (let attempt = 0; attempt < 10 && id === undefined; attempt++) {
      await page.waitForSelector('#riskiest a[data-account]', { timeout: 30_000 });
      const open = decodeURIComponent(page.url().split('#/account/')[1] ?? '');
      const chips = await page.$$eval('#riskiest a[data-account]', (as) => as.map((a) => (a as HTMLElement).dataset['account'] ?? ''));
      if (open !== '' && chips.includes(open)) id = open;
      else if (chips[0] !== undefined) {
        await page.click(`#riskiest a[data-account="${chips[0]}"]`);
        await page.waitForFunction((account) => location.hash === `#/account/${encodeURIComponent(account)}`, chips[0], { timeout: 15_000 });
      }
    }
    assert.ok(id, 'the open account is among the riskiest chips');
    // The chip of the open account and the ratio tile: the same text, whenever they are read.
    await page.waitForFunction((account) => {
      const chip = document.querySelector(`#riskiest a[data-account="${account}"] .chip-ratio`)?.textContent;
      return chip !== undefined && chip === document.querySelector('#kpi-ratio .kpi-value')?.textContent;
    }, id, { timeout: 15_000 });
    await page.click('#whatif-form button[type=submit]');
    await page.waitForSelector('.whatif-table', { timeout: 15_000 });
    const same = await page.waitForFunction(() => {
      const row = [...document.querySelectorAll('.whatif-table tbody tr')].find((tr) => tr.querySelector('td')?.textContent === 'Equity');
      const now = row?.querySelectorAll('td')[1]?.textContent;
      const ratioRow = [...document.querySelectorAll('.whatif-table tbody tr')].find((tr) => /^Margin ratio/.test(tr.querySelector('td')?.textContent ?? ''));
      const ratioNow = ratioRow?.querySelectorAll('td')[1]?.textContent;
      return now === document.querySelector('#kpi-equity .kpi-value')?.textContent && ratioNow === document.querySelector('#kpi-ratio .kpi-value')?.textContent ? now : false;
    }, undefined, { timeout: 15_000 });
    assert.match(String(await same.jsonValue()), /^[\d,]+\.\d\d USDT$|^[\d,]+\.\d+ (BTC|ETH)$/);
    await shot('account');
  });

  test('event feed: details with units and sensible decimals, type badges whole', async () => {
    await page.goto(`${serve.url}/#/events`);
    // A price shock puts leveraged longs into margin call and liquidation.
    const response = await fetch(`${serve.url}/v1/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serve.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'prices', id: 'desk-test-shock', time: await nextPriceTime(serve), prices: [{ symbol: 'BTCUSDT', markPrice: '50000.0' }, { symbol: 'ETHUSDT', markPrice: '2400.00' }] }),
    });
    assert.equal(response.status, 200);
    await page.waitForFunction(() => document.querySelectorAll('#feed tbody tr[data-type="marginCall"]').length > 0, undefined, { timeout: 20_000 });
    const details = await page.$$eval('#feed tbody td.details', (tds) => tds.slice(0, 50).map((td) => td.textContent ?? ''));
    for (const text of details) {
      assert.doesNotMatch(text, /[{}[\]"]/, `no embedded JSON: ${text}`);
      assert.doesNotMatch(text, /\d\.\d{7,}/, `no 7+ decimals: ${text}`);
    }
    // A margin call's equity and MM carry their asset; its ratio is a percentage, as the API's figures say.
    // The row is read in one go: the feed keeps its newest rows only, and the shock's flood of
    // events may push this one out before the API answers.
    const row = await page.$eval('#feed tbody tr[data-type="marginCall"]', (tr) => ({
      seq: Number((tr as HTMLElement).dataset['seq']),
      kv: Object.fromEntries([...tr.querySelectorAll('.kv[data-key]')].map((el) => [(el as HTMLElement).dataset['key'] ?? '', el.textContent ?? ''])),
    }));
    const seq = row.seq;
    const { events } = await get<{ events: Record<string, unknown>[] }>(`/v1/events?type=marginCall&limit=1000`);
    const event = events.find((e) => e['seq'] === seq);
    assert.ok(event, `marginCall at seq ${seq} in the API`);
    const kv = async (key: string) => row.kv[key];
    const asset = String(event['asset']);
    assert.equal(await kv('equity'), `equity ${moneyText(String(event['equity']), asset)}`);
    assert.equal(await kv('maintenanceMargin'), `MM ${moneyText(String(event['maintenanceMargin']), asset)}`);
    if (typeof event['ratio'] === 'string') assert.equal(await kv('ratio'), `ratio ${(Number(event['ratio']) * 100).toFixed(2)} %`);
    // Badges are not cut: each badge fits in its cell.
    const cut = await page.$$eval('#feed tbody .badge', (badges) =>
      badges.filter((b) => b.scrollWidth > b.clientWidth + 1 || b.getBoundingClientRect().right > (b.closest('td')?.getBoundingClientRect().right ?? 0) + 0.5).map((b) => b.textContent),
    );
    assert.deepEqual(cut, []);
    await shot('events');
  });

  test('no errors in the browser console', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
