/**
 * The portfolio page of a SPAN account holding options (ADR 0041) in headless Chromium against a
 * real, quiet `margin serve --profile deribit`: the test parameter set
 * (`vectors/portfolio/span-test.pa2`) with an engine put mapped to its series `XO 202612 P 100`,
 * an account short 10 puts and long ZC futures. On screen, each combined commodity's 16 scenario
 * losses by position (the option series' column included), the short option value and minimum, and
 * the net option value equal the API's answers; the requirement is the SPAN total plus NOV.
 * Screenshot: out/screenshots/portfolio-span-options.png.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SPAN_USD_FUTURE } from '@margin/testkit';
import type { BrowserContext, Page } from 'playwright-core';
import { SKIP, openBrowser } from './browser.js';
import type { ServeProcess } from './serve-process.js';
import { SCREENSHOTS, startServeSession, stopServeSession, apiCaller } from './serve-session.js';

const PA2 = readFileSync(new URL('../../../vectors/portfolio/span-test.pa2', import.meta.url), 'utf8');
const moneyText = (value: string, asset: string): string => `${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${asset}`;
const SERIES = 'XO 202612 P 100';
const PUT = { symbol: 'ZC-DEC26-P100', kind: 'linear-option', right: 'put', underlying: 'ZC-DEC26', base: 'ZC', settle: 'USD', contractSize: '1', strike: '100', expiry: '2026-12-11T18:00:00.000Z', tickSize: '0.01', lotSize: '1' };

interface SpanCc { cc: string; shortOptionValue: string; shortOptionMinimum: string; scenarios: { scenario: number; loss: string; byPosition: { contract: string; loss: string }[] }[] }
interface Risk { account: { maintenanceMargin: string }; portfolio: { maintenance: string; initial: string; span: { report: { maintenance: string; netOptionValue: string; combinedCommodities: SpanCc[] } } } }

describe('SPAN portfolio page with options in headless Chromium', { skip: SKIP, timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const consoleErrors: string[] = [];
  const call = apiCaller(() => serve);

  before(async () => {
    ({ dataDir, serve } = await startServeSession('margin-portfolio-span-options-', ['--profile', 'deribit']));
    const setup = await call<{ results: { status: string }[] }>('POST', '/v1/commands', {
      commands: [
        { type: 'asset', id: 'a-usd', asset: 'USD', decimals: 2 },
        { type: 'instrument', id: 'i-zc', instrument: { ...SPAN_USD_FUTURE, symbol: 'ZC-DEC26' } },
        { type: 'prices', id: 'p0', time: '2026-01-02T00:00:00Z', prices: [{ symbol: 'ZC-DEC26', markPrice: '1000' }] },
        { type: 'instrument', id: 'i-put', instrument: PUT },
        { type: 'price', id: 'p1', symbol: PUT.symbol, markPrice: '30', time: '2026-01-02T00:00:00Z' },
        { type: 'spanParameters', id: 'sp', set: 'tst', format: 'pa2', content: PA2, symbols: [{ symbol: 'ZC-DEC26', contract: 'ZC 202612' }, { symbol: PUT.symbol, contract: SERIES }] },
        { type: 'deposit', id: 'd-olga', account: 'olga', asset: 'USD', amount: '20000' },
        { type: 'setPortfolioMargin', id: 's-olga', account: 'olga', model: 'span', parameterSet: 'tst' },
        { type: 'fill', id: 'f-zc', account: 'olga', symbol: 'ZC-DEC26', side: 'buy', size: '1', price: '1000', fee: '0', time: '2026-01-02T00:00:01Z' },
        { type: 'fill', id: 'f-put', account: 'olga', symbol: PUT.symbol, side: 'sell', size: '10', price: '30', time: '2026-01-02T00:00:01Z' },
      ],
    });
    assert.deepEqual(setup.results.map((r) => r.status), Array(10).fill('accepted'));
    ({ context, page } = await openBrowser(join(dataDir, 'chromium-profile'), consoleErrors, { apiKey: serve.key }));
  });

  after(() => stopServeSession(context, serve, dataDir));

  test('the option series column, the option values and the net option value equal the API; requirement = SPAN total + NOV', async () => {
    await page.goto(`${serve.url}/#/portfolio/olga`);
    await page.waitForSelector('[data-loaded="true"] .span-scenarios', { timeout: 30_000 });
    const risk = await call<Risk>('GET', '/v1/accounts/olga/risk');
    const pf = risk.portfolio;
    const report = pf.span.report;
    assert.equal(Number(pf.maintenance), Number(report.maintenance) + Number(report.netOptionValue));
    assert.equal(await page.textContent('#pf-maintenance'), moneyText(pf.maintenance, 'USD'));
    assert.equal(await page.$eval('.span-nov', (el) => (el as HTMLElement).dataset['value'] ?? ''), report.netOptionValue);
    assert.equal(await page.$eval('.span-total', (el) => (el as HTMLElement).dataset['value'] ?? ''), report.maintenance);
    const option = report.combinedCommodities.find((cc) => cc.scenarios[0]?.byPosition.some((p) => p.contract === SERIES));
    assert.ok(option !== undefined);
    const headers = await page.$$eval(`#now-span-${option.cc} thead th`, (ths) => ths.map((th) => th.textContent ?? ''));
    assert.ok(headers.includes(SERIES), JSON.stringify(headers));
    const rows = await page.$$eval(`#now-span-${option.cc} tbody tr.scenario`, (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('.pos-loss')].map((td) => [(td as HTMLElement).dataset['contract'] ?? '', (td as HTMLElement).dataset['value'] ?? ''])),
    );
    assert.deepEqual(rows, option.scenarios.map((s) => s.byPosition.map((p) => [p.contract, p.loss])));
    const value = (kind: string) => page.$eval(`[data-group="${option.cc}"] .span-charges tr[data-kind="${kind}"] td[data-value]`, (td) => (td as HTMLElement).dataset['value'] ?? '');
    assert.equal(await value('short-option-value'), option.shortOptionValue);
    assert.equal(await value('som'), option.shortOptionMinimum);
    await page.screenshot({ path: join(SCREENSHOTS, 'portfolio-span-options.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });
});
