/**
 * The portfolio page of a SPAN account (ADR 0035) in headless Chromium against a real, quiet
 * `margin serve`: the test parameter set (`vectors/portfolio/span-test.pa2`) loaded by
 * `spanParameters`, an account on it holding the CME corn/soy inter spread
 * (https://www.cmegroup.com/clearing/margins/spread-calc.html : maintenance 2,700); the
 * requirement, each combined commodity's 16 scenario losses (by position), the marked active
 * scenario, and the charges and credits on screen equal the API's answers.
 * Screenshot: out/screenshots/portfolio-span.png.
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
const lossText = (value: string): string => Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

interface SpanCc { cc: string; activeScenario: number; scanRisk: string; interCredits: { credit: string }[]; scenarios: { scenario: number; loss: string; byPosition: { contract: string; loss: string }[] }[] }
interface Risk { portfolio: { maintenance: string; initial: string; span: { report: { combinedCommodities: SpanCc[] } } } }

describe('SPAN portfolio page in headless Chromium', { skip: SKIP, timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const consoleErrors: string[] = [];
  const call = apiCaller(() => serve);

  before(async () => {
    ({ dataDir, serve } = await startServeSession('margin-portfolio-span-'));
    const future = (symbol: string) => ({ ...SPAN_USD_FUTURE, symbol });
    const setup = await call<{ results: { status: string }[] }>('POST', '/v1/commands', {
      commands: [
        { type: 'asset', id: 'a-usd', asset: 'USD', decimals: 2 },
        { type: 'instrument', id: 'i-zc', instrument: future('ZC-DEC26') },
        { type: 'instrument', id: 'i-zs', instrument: future('ZS-NOV26') },
        { type: 'prices', id: 'p0', time: '2026-01-02T00:00:00Z', prices: [{ symbol: 'ZC-DEC26', markPrice: '1000' }, { symbol: 'ZS-NOV26', markPrice: '1000' }] },
        { type: 'spanParameters', id: 'sp', set: 'tst', format: 'pa2', content: PA2, symbols: [{ symbol: 'ZC-DEC26', contract: 'ZC 202612' }, { symbol: 'ZS-NOV26', contract: 'ZS 202611' }] },
        { type: 'deposit', id: 'd-sam', account: 'sam', asset: 'USD', amount: '10000' },
        { type: 'setPortfolioMargin', id: 's-sam', account: 'sam', model: 'span', parameterSet: 'tst' },
        { type: 'fill', id: 'f-zc', account: 'sam', symbol: 'ZC-DEC26', side: 'buy', size: '2', price: '1000', fee: '0', time: '2026-01-02T00:00:01Z' },
        { type: 'fill', id: 'f-zs', account: 'sam', symbol: 'ZS-NOV26', side: 'sell', size: '1', price: '1000', fee: '0', time: '2026-01-02T00:00:01Z' },
      ],
    });
    assert.deepEqual(setup.results.map((r) => r.status), Array(9).fill('accepted'));
    ({ context, page } = await openBrowser(join(dataDir, 'chromium-profile'), consoleErrors, { apiKey: serve.key }));
  });

  after(() => stopServeSession(context, serve, dataDir));

  test('the requirement, the 16 scenarios per combined commodity, the active scenario and the charges equal the API', async () => {
    await page.goto(`${serve.url}/#/portfolio/sam`);
    await page.waitForSelector('[data-loaded="true"] .span-scenarios', { timeout: 30_000 });
    const risk = await call<Risk>('GET', '/v1/accounts/sam/risk');
    const pf = risk.portfolio;
    assert.equal(pf.maintenance, '2700');
    assert.equal(await page.textContent('#pf-maintenance'), moneyText(pf.maintenance, 'USD'));
    assert.equal(await page.textContent('#pf-initial'), moneyText(pf.initial, 'USD'));
    const ccs = pf.span.report.combinedCommodities;
    assert.deepEqual(ccs.map((cc) => cc.cc).sort(), ['CORN', 'SOY']);
    for (const cc of ccs) {
      const rows = await page.$$eval(`#now-span-${cc.cc} tbody tr.scenario`, (trs) =>
        trs.map((tr) => ({
          scenario: Number((tr as HTMLElement).dataset['scenario']),
          worst: tr.classList.contains('worst'),
          loss: (tr.querySelector('.loss') as HTMLElement | null)?.dataset['value'] ?? '',
          text: tr.querySelector('.loss')?.textContent ?? '',
          byPosition: [...tr.querySelectorAll('.pos-loss')].map((td) => [(td as HTMLElement).dataset['contract'] ?? '', (td as HTMLElement).dataset['value'] ?? '']),
        })),
      );
      assert.equal(rows.length, 16);
      assert.deepEqual(rows.filter((r) => r.worst).map((r) => r.scenario), [cc.activeScenario]);
      for (const s of cc.scenarios) {
        const row = rows.find((r) => r.scenario === s.scenario);
        assert.ok(row !== undefined);
        assert.equal(row.loss, s.loss);
        assert.equal(row.text, lossText(s.loss));
        assert.deepEqual(row.byPosition, s.byPosition.map((p) => [p.contract, p.loss]));
      }
      const scan = await page.$eval(`[data-group="${cc.cc}"] .span-charges tr[data-kind="scan"] td[data-value]`, (td) => (td as HTMLElement).dataset['value'] ?? '');
      assert.equal(scan, cc.scanRisk);
      const credits = await page.$$eval(`[data-group="${cc.cc}"] .span-charges tr[data-kind="inter"] td[data-value]`, (tds) => tds.map((td) => (td as HTMLElement).dataset['value'] ?? ''));
      assert.deepEqual(credits, cc.interCredits.map((c) => `-${c.credit}`));
    }
    assert.ok(ccs.some((cc) => cc.interCredits.length > 0), 'the corn/soy spread earns an inter credit');
    await page.screenshot({ path: join(SCREENSHOTS, 'portfolio-span.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });
});
