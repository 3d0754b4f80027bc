/**
 * The account page's options panel (issue 10) in headless Chromium against a real, quiet
 * `margin serve --profile deribit`: an account with a short call, a long put and a perpetual; the
 * option rows (size, mark, IV, value, IM, MM, Greeks) and the Greeks totals on screen equal the
 * API's account risk exactly (the page prints the API's strings), and the what-if answers an
 * option order through the engine's preview, the what-if list offering the option instruments
 * of `/v1/instruments`. Screenshot: out/screenshots/account-options.png.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DERIBIT_BTC_PERPETUAL } from '@margin/testkit';
import type { BrowserContext, Page } from 'playwright-core';
import { SKIP, openBrowser } from './browser.js';
import type { ServeProcess } from './serve-process.js';
import { SCREENSHOTS, startServeSession, stopServeSession, apiCaller } from './serve-session.js';

const option = (symbol: string, right: string, strike: string) => ({ symbol, kind: 'inverse-option', right, underlying: 'BTC-PERPETUAL', settle: 'BTC', contractSize: '1', strike, expiry: '2026-03-27T08:00:00Z', tickSize: '0.0005' });

interface OptionJson { symbol: string; size: string; markPrice: string; volatility: string; value: string; initialMargin: string; maintenanceMargin: string; greeks: Record<string, string> }
interface RiskWithOptions { account: { initialMargin: string }; options: OptionJson[]; greeks: (Record<string, string> & { base: string })[] }

describe('account options panel in headless Chromium', { skip: SKIP, timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const consoleErrors: string[] = [];

  const call = apiCaller(() => serve);

  before(async () => {
    ({ dataDir, serve } = await startServeSession('margin-account-options-', ['--profile', 'deribit']));
    await call('POST', '/v1/commands', {
      commands: [
        { type: 'instrument', id: 'i-perp', instrument: DERIBIT_BTC_PERPETUAL },
        { type: 'price', id: 'p0', symbol: 'BTC-PERPETUAL', markPrice: '50000', indexPrice: '50000', time: '2026-01-01T00:00:00Z' },
        { type: 'instrument', id: 'i-c', instrument: option('BTC-27MAR26-55000-C', 'call', '55000') },
        { type: 'instrument', id: 'i-p', instrument: option('BTC-27MAR26-45000-P', 'put', '45000') },
        { type: 'price', id: 'p-c', symbol: 'BTC-27MAR26-55000-C', markIv: '0.6', time: '2026-01-01T00:00:01Z' },
        { type: 'price', id: 'p-p', symbol: 'BTC-27MAR26-45000-P', markPrice: '0.03', time: '2026-01-01T00:00:01Z' },
        { type: 'deposit', id: 'd-alice', account: 'alice', asset: 'BTC', amount: '3' },
        { type: 'fill', id: 'f1', account: 'alice', symbol: 'BTC-27MAR26-55000-C', side: 'sell', size: '2', price: '0.05', time: '2026-01-01T00:00:02Z' },
        { type: 'fill', id: 'f2', account: 'alice', symbol: 'BTC-27MAR26-45000-P', side: 'buy', size: '3', price: '0.03', time: '2026-01-01T00:00:02Z' },
        { type: 'fill', id: 'f3', account: 'alice', symbol: 'BTC-PERPETUAL', side: 'buy', size: '10000', price: '50000', fee: '0', time: '2026-01-01T00:00:02Z' },
      ],
    });
    ({ context, page } = await openBrowser(join(dataDir, 'chromium-profile'), consoleErrors, { apiKey: serve.key, viewportHeightPx: 1200, consoleErrors: false }));
  });

  after(() => stopServeSession(context, serve, dataDir));

  test('option rows and Greeks totals on screen equal the API', async () => {
    await page.goto(`${serve.url}/#/account/alice`);
    await page.waitForSelector('#account-options[data-options="2"] #options-table tr[data-symbol]', { timeout: 30_000 });
    const risk = await call<RiskWithOptions>('GET', '/v1/accounts/alice');
    assert.equal(risk.options.length, 2);
    for (const o of risk.options) {
      const cells = await page.$$eval(`#options-table tr[data-symbol="${o.symbol}"] td[data-field]`, (tds) => Object.fromEntries(tds.map((td) => [(td as HTMLElement).dataset['field'] ?? '', td.textContent ?? ''])));
      assert.deepEqual(cells, {
        size: o.size,
        markPrice: o.markPrice,
        volatility: o.volatility,
        value: o.value,
        initialMargin: o.initialMargin,
        maintenanceMargin: o.maintenanceMargin,
        deltaCoin: o.greeks['deltaCoin'],
        gamma: o.greeks['gamma'],
        vegaPerVolPoint: o.greeks['vegaPerVolPoint'],
        thetaPerDay: o.greeks['thetaPerDay'],
      });
    }
    const total = risk.greeks[0];
    assert.ok(total !== undefined);
    const totals = await page.$$eval('#greeks-table tr[data-base="BTC"] td[data-field]', (tds) => Object.fromEntries(tds.map((td) => [(td as HTMLElement).dataset['field'] ?? '', td.textContent ?? ''])));
    assert.deepEqual(totals, { deltaCoin: total['deltaCoin'], deltaQuote: total['deltaQuote'], gamma: total['gamma'], vegaPerVolPoint: total['vegaPerVolPoint'], thetaPerDay: total['thetaPerDay'] });
    // The short call is margined (IM > 0), the long put needs nothing.
    assert.ok(Number(risk.options.find((o) => o.symbol.endsWith('-C'))?.initialMargin) > 0);
    assert.equal(risk.options.find((o) => o.symbol.endsWith('-P'))?.initialMargin, '0');
    await page.screenshot({ path: join(SCREENSHOTS, 'account-options.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });

  test('the what-if answers an option order through the engine', async () => {
    const answer = await call<{ verdict: { accepted: boolean; code?: string }; after: RiskWithOptions }>('POST', '/v1/accounts/alice/what-if', { order: { symbol: 'BTC-27MAR26-55000-C', side: 'sell', size: '1', price: '0.05' } });
    assert.equal(answer.verdict.accepted, true);
    assert.equal(answer.after.options.find((o) => o.symbol.endsWith('-C'))?.size, '3');
    const refused = await call<{ verdict: { accepted: boolean; code?: string } }>('POST', '/v1/accounts/alice/what-if', { order: { symbol: 'BTC-27MAR26-55000-C', side: 'sell', size: '100', price: '0.05' } });
    assert.equal(refused.verdict.code, 'initial_margin_insufficient');
  });

  test('the what-if list offers the options (from /v1/instruments) and places an option what-if from it', async () => {
    await page.goto(`${serve.url}/#/account/alice`);
    await page.waitForSelector('#wi-symbol option[value="BTC-27MAR26-55000-C"]', { state: 'attached', timeout: 30_000 });
    const offered = await page.$$eval('#wi-symbol option', (options) => options.map((o) => (o as HTMLOptionElement).value).sort());
    assert.deepEqual(offered, ['BTC-27MAR26-45000-P', 'BTC-27MAR26-55000-C', 'BTC-PERPETUAL']);
    await page.selectOption('#wi-symbol', 'BTC-27MAR26-55000-C');
    await page.selectOption('#wi-side', 'sell');
    await page.fill('#wi-size', '1');
    await page.fill('#wi-price', '0.05');
    await page.click('#whatif-form button[type=submit]');
    await page.waitForSelector('#whatif-result .whatif-verdict[data-accepted="true"]', { timeout: 15_000 });
    const answer = await call<{ after: RiskWithOptions }>('POST', '/v1/accounts/alice/what-if', { order: { symbol: 'BTC-27MAR26-55000-C', side: 'sell', size: '1', price: '0.05' } });
    const after = answer.after.options.find((o) => o.symbol === 'BTC-27MAR26-55000-C');
    const shown = await page.$$eval('#whatif-result tr[data-option-field] td b', (cells) => cells.map((c) => c.textContent ?? ''));
    assert.deepEqual(shown, ['short 3', after?.markPrice, after?.initialMargin, after?.maintenanceMargin]);
    assert.deepEqual(consoleErrors, []);
  });
});
