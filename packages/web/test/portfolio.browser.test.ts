/**
 * The portfolio page (issue 11) in headless Chromium against a real, quiet `margin serve`: an
 * account in portfolio margin (okx-pm) with a BTC position; the requirement, every heat-map cell
 * of the scenario grid, the marked worst cell, the worst scenario's P&L by position, the charges
 * and the what-if's requirement after an order equal the API's answers; the account page links to
 * the portfolio page only for an account in portfolio margin, and the portfolio page links back.
 * Screenshot: out/screenshots/portfolio.png.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BTCUSDT_LINEAR_3TIER_TAKER_5BP } from '@margin/testkit';
import type { BrowserContext, Page } from 'playwright-core';
import { SKIP, openBrowser } from './browser.js';
import type { ServeProcess } from './serve-process.js';
import { SCREENSHOTS, startServeSession, stopServeSession, apiCaller } from './serve-session.js';

/** The dashboard's formats, for comparing API figures with the screen. */
const moneyText = (value: string, asset: string): string => `${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${asset}`;
const pnlText = (value: string): string => Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

interface GridCell { move: string; vol: string; pnl: string; byPosition: { id: string; pnl: string }[] }
interface Breakdown {
  maintenance: string;
  initial: string;
  groups: { key: string; report: { worstCell: { move: string; vol: string; byPosition: { id: string; pnl: string }[] }; grid: GridCell[] } }[];
  explain: { maintenance: { group: string; kind: string; amount: string }[] };
}

describe('portfolio page in headless Chromium', { skip: SKIP, timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const consoleErrors: string[] = [];

  const call = apiCaller(() => serve);

  before(async () => {
    ({ dataDir, serve } = await startServeSession('margin-portfolio-'));
    await call('PUT', '/v1/instruments/BTCUSDT', { id: 'i-btc', instrument: BTCUSDT_LINEAR_3TIER_TAKER_5BP });
    const setup = await call<{ results: { status: string }[] }>('POST', '/v1/commands', {
      commands: [
        { type: 'price', id: 'p0', symbol: 'BTCUSDT', markPrice: '30000', time: '2026-01-01T00:00:00Z' },
        { type: 'deposit', id: 'd-pia', account: 'pia', asset: 'USDT', amount: '20000' },
        { type: 'setPortfolioMargin', id: 's-pia', account: 'pia', model: 'okx-pm' },
        { type: 'fill', id: 'f-pia', account: 'pia', symbol: 'BTCUSDT', side: 'buy', size: '0.5', price: '30000', fee: '0', time: '2026-01-01T00:00:01Z' },
        { type: 'deposit', id: 'd-per', account: 'per', asset: 'USDT', amount: '5000' },
        { type: 'fill', id: 'f-per', account: 'per', symbol: 'BTCUSDT', side: 'sell', size: '0.1', price: '30000', fee: '0', time: '2026-01-01T00:00:01Z' },
      ],
    });
    assert.deepEqual(setup.results.map((r) => r.status), ['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    ({ context, page } = await openBrowser(join(dataDir, 'chromium-profile'), consoleErrors, { apiKey: serve.key }));
  });

  after(() => stopServeSession(context, serve, dataDir));

  test('the requirement, the heat map, the worst cell and the charges on screen equal the API', async () => {
    await page.goto(`${serve.url}/#/portfolio/pia`);
    await page.waitForSelector('main [data-loaded="true"], [data-loaded="true"]', { timeout: 30_000 });
    const risk = await call<{ account: { equity: string }; portfolio: Breakdown }>('GET', '/v1/accounts/pia/risk');
    const pf = risk.portfolio;
    assert.equal(pf.maintenance, '1830'); // 12.2 % x 15,000 (okx-pm BTC: MR1 12 % + MR4 0.2 %)
    assert.equal(await page.textContent('#pf-maintenance'), moneyText(pf.maintenance, 'USDT'));
    assert.equal(await page.textContent('#pf-initial'), moneyText(pf.initial, 'USDT'));
    assert.equal(await page.textContent('#pf-equity'), moneyText(risk.account.equity, 'USDT'));
    const group = pf.groups[0];
    assert.ok(group !== undefined);
    const cells = await page.$$eval('#now-grid-BTC td.cell', (tds) => tds.map((td) => ({ move: (td as HTMLElement).dataset['move'] ?? '', vol: (td as HTMLElement).dataset['vol'] ?? '', value: (td as HTMLElement).dataset['value'] ?? '', text: td.textContent ?? '', worst: td.classList.contains('worst') })));
    assert.equal(cells.length, group.report.grid.length);
    for (const cell of group.report.grid) {
      const shown = cells.find((c) => c.move === cell.move && c.vol === cell.vol);
      assert.ok(shown !== undefined, `cell ${cell.move}/${cell.vol} on screen`);
      assert.equal(shown.value, cell.pnl);
      const isWorst: boolean = cell.move === group.report.worstCell.move && cell.vol === group.report.worstCell.vol;
      assert.equal(shown.worst, isWorst);
      assert.equal(shown.text, isWorst ? `${pnlText(cell.pnl)} ◆` : pnlText(cell.pnl));
    }
    assert.equal(cells.filter((c) => c.worst).length, 1);
    const worstRows = await page.$$eval('[data-group="BTC"] .worst-table tbody tr', (trs) => trs.map((tr) => [(tr as HTMLElement).dataset['position'] ?? '', tr.querySelector('.pnl')?.textContent ?? '']));
    assert.deepEqual(worstRows, group.report.worstCell.byPosition.map((row) => [row.id, pnlText(row.pnl)]));
    const lines = await page.$$eval('#pf-explain-table tbody tr', (trs) => trs.map((tr) => [(tr as HTMLElement).dataset['kind'] ?? '', tr.querySelector('.amount')?.textContent ?? '']));
    assert.deepEqual(lines, pf.explain.maintenance.map((line) => [line.kind, moneyText(line.amount, 'USDT')]));
  });

  test('the what-if shows the engine preview: the requirement and grid after an order', async () => {
    await page.fill('#pf-w-size', '0.25');
    await page.selectOption('#pf-w-side', 'sell');
    await page.fill('#pf-w-price', '30000');
    await page.click('#pf-whatif-form button[type="submit"]');
    await page.waitForSelector('#pf-whatif-verdict', { timeout: 15_000 });
    const answer = await call<{ verdict: { accepted: boolean }; after: { portfolio: Breakdown } }>('POST', '/v1/accounts/pia/what-if', { order: { symbol: 'BTCUSDT', side: 'sell', size: '0.25', price: '30000' } });
    assert.equal(answer.verdict.accepted, true);
    assert.equal(answer.after.portfolio.maintenance, '915');
    assert.equal(await page.textContent('#pf-whatif-mm'), moneyText(answer.after.portfolio.maintenance, 'USDT'));
    const values = await page.$$eval('#after-grid-BTC td.cell', (tds) => tds.map((td) => (td as HTMLElement).dataset['value'] ?? ''));
    assert.deepEqual(values.sort(), answer.after.portfolio.groups[0]?.report.grid.map((c) => c.pnl).sort());
    await page.screenshot({ path: join(SCREENSHOTS, 'portfolio.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });

  test('the account page links to the portfolio page in portfolio margin, and back', async () => {
    await page.goto(`${serve.url}/#/account/pia`);
    await page.waitForSelector('#to-portfolio', { timeout: 30_000 });
    assert.equal(await page.getAttribute('#to-portfolio', 'href'), '#/portfolio/pia');
    assert.match((await page.textContent('#to-portfolio')) ?? '', /okx-pm/);
    await page.click('#to-portfolio');
    await page.waitForSelector('[data-loaded="true"] #pf-maintenance', { timeout: 30_000 });
    assert.equal(new URL(page.url()).hash, '#/portfolio/pia');
    assert.equal(await page.getAttribute('#to-account', 'href'), '#/account/pia');
    await page.click('#to-account');
    await page.waitForSelector('#to-portfolio', { timeout: 30_000 });
    assert.equal(new URL(page.url()).hash, '#/account/pia');
    // A per-position account: its page is drawn (the positions) and carries no portfolio link.
    await page.goto(`${serve.url}/#/account/per`);
    await page.waitForSelector('#positions article.position', { timeout: 30_000 });
    assert.equal(await page.textContent('#account-name'), 'per');
    assert.equal(await page.$('#to-portfolio'), null);
    assert.deepEqual(consoleErrors, []);
  });
});
