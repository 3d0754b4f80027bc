/**
 * The account page's collateral panel in a real headless Chromium against a real `margin serve
 * --demo`: collateral rules, index prices, deposits and a credit line sent through the API; the
 * panel shows each asset's quantity, index, haircut and value and the credit exactly as
 * `GET /v1/accounts/{account}/collateral` answers. Screenshot: out/screenshots/account-collateral.png.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import type { AccountCollateralResponse } from '@margin/wire';
import { SKIP, openBrowser } from './browser.js';
import type { ServeProcess } from './serve-process.js';
import { SCREENSHOTS, startServeSession, stopServeSession } from './serve-session.js';

describe('account collateral panel in headless Chromium', { skip: SKIP, timeout: 240_000 }, () => {
  let serve: ServeProcess;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const consoleErrors: string[] = [];
  const auth = () => ({ authorization: `Bearer ${serve.key}` });

  before(async () => {
    ({ dataDir, serve } = await startServeSession('margin-collateral-', ['--demo', '--demo-accounts', '200']));
    const response = await fetch(`${serve.url}/v1/commands`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        commands: [
          { type: 'deposit', id: 'coll-d1', account: 'collateral-1', asset: 'USDT', amount: '2500' },
          { type: 'deposit', id: 'coll-d2', account: 'collateral-1', asset: 'BTC', amount: '35' },
          { type: 'collateralAsset', id: 'coll-r1', asset: 'BTC', haircut: { unit: 'quantity', tiers: [{ upTo: '10', ratio: '0.98' }, { upTo: '20', ratio: '0.95' }, { upTo: '30', ratio: '0.9' }, { upTo: '40', ratio: '0.85' }, { upTo: '50', ratio: '0.8' }] } },
          { type: 'collateralAsset', id: 'coll-r2', asset: 'USDT', haircut: { tiers: [{ ratio: '1' }] } },
          { type: 'collateralPrices', id: 'coll-p1', time: new Date().toISOString(), prices: [{ asset: 'BTC', indexPrice: '60000' }, { asset: 'USDT', indexPrice: '1' }] },
          { type: 'creditLine', id: 'coll-cl', account: 'collateral-1', limit: '100000', used: '0', bands: { initial: '0.5', marginCall: '0.7', liquidation: '0.8' } },
        ],
      }),
    });
    const answer = (await response.json()) as { results: { id: string; status: string }[] };
    assert.equal(response.status, 200);
    for (const r of answer.results) assert.equal(r.status, 'accepted', r.id);
    ({ context, page } = await openBrowser(join(dataDir, 'chromium-profile'), consoleErrors));
  });

  after(() => stopServeSession(context, serve, dataDir));

  test('each asset\'s quantity, index, haircut and value, and the credit, as the API answers', async () => {
    await page.goto(`${serve.url}/#/account/collateral-1`);
    await page.waitForFunction(() => document.querySelectorAll('#collateral-table tbody tr').length === 2, undefined, { timeout: 30_000 });
    const api = (await (await fetch(`${serve.url}/v1/accounts/collateral-1/collateral`, { headers: auth() })).json()) as AccountCollateralResponse;
    assert.ok(api.pool);
    const rows = await page.$$eval('#collateral-table tbody tr', (trs) =>
      trs.map((tr) => ({
        asset: (tr as HTMLElement).dataset['asset'],
        quantity: tr.querySelector('.quantity')?.textContent?.trim(),
        index: tr.querySelector('.index')?.textContent?.trim(),
        haircut: tr.querySelector('.haircut')?.textContent?.trim(),
        value: tr.querySelector('.value')?.textContent?.trim(),
      })),
    );
    assert.deepEqual(rows.map((r) => [r.asset, r.quantity, r.index]), api.pool.collateral.map((c) => [c.asset, c.quantity, c.indexPrice]));
    const btc = rows.find((r) => r.asset === 'BTC');
    // 35 BTC by the per-slice tiers: (9.8 + 9.5 + 9 + 4.25) x 60,000 = 1,953,000; the next unit's haircut 15%.
    assert.equal(api.pool.collateral.find((c) => c.asset === 'BTC')?.value, '1953000');
    assert.equal(btc?.value, '1,953,000.00 USD');
    assert.equal(btc?.haircut, '15.00 %');
    const credit = await page.$eval('#collateral-credit', (dd) => ({ ...(dd as HTMLElement).dataset }));
    assert.equal(credit['limit'], api.pool.credit?.limit);
    assert.equal(credit['available'], '100000');
    assert.equal(await page.$eval('#collateral-own', (dd) => (dd as HTMLElement).dataset['value']), api.pool.account.ownEquity);
    assert.equal(await page.$eval('#collateral-equity', (dd) => (dd as HTMLElement).dataset['value']), api.pool.account.equity);
    await page.evaluate(() => document.getElementById('account-collateral')?.scrollIntoView());
    await page.screenshot({ path: join(SCREENSHOTS, 'account-collateral.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });

  test('an account without collateral rules shows no panel', async () => {
    const { accounts } = (await (await fetch(`${serve.url}/v1/accounts?limit=1`, { headers: auth() })).json()) as { accounts: string[] };
    const other = accounts.find((a) => a !== 'collateral-1') ?? '';
    const api = (await (await fetch(`${serve.url}/v1/accounts/${encodeURIComponent(other)}/collateral`, { headers: auth() })).json()) as AccountCollateralResponse;
    await page.goto(`${serve.url}/#/account/${encodeURIComponent(other)}`);
    await page.waitForFunction(() => document.querySelector('#positions .card, #positions .position') !== null, undefined, { timeout: 30_000 });
    // The panel polls; give it one round, then it is hidden exactly when the API has no pool.
    await page.waitForTimeout(3500);
    const hidden = await page.$eval('#account-collateral', (section) => (section as HTMLElement).hidden);
    assert.equal(hidden, api.pool === null);
  });
});
