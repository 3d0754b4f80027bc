/**
 * The stress panel (issue 17) in headless Chromium against a real, quiet `margin serve`: the
 * shocks typed on the page go to POST /v1/stress; every figure on screen (per symbol and per
 * settle asset: margin calls, liquidated, bankrupt, deficit, insurance used, ADL) equals the
 * API's answer for the same shocks, and the journal is unchanged (same last seq, same state).
 * The venue comparison on the account page (GET /v1/accounts/{account}/compare): every venue's
 * equity, IM, MM, available balance, liquidation price and funding payment on screen equal the
 * API's, with the rules that differ and the venues that cannot hold the account; for an account
 * no venue can hold (a wallet without positions) the panel shows each venue's refusal.
 * Screenshots: out/screenshots/stress-panel.png, out/screenshots/account-compare.png.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { SKIP, openBrowser } from './browser.js';
import type { ServeProcess } from './serve-process.js';
import { SCREENSHOTS, startServeSession, stopServeSession, apiCaller } from './serve-session.js';
import { seedFourHolders } from './four-holders.js';

/** The dashboard's formats, for comparing API figures with the screen. */
const amountText = (value: string, asset: string): string => Number(value).toLocaleString('en-US', { minimumFractionDigits: asset === 'BTC' ? 8 : 2, maximumFractionDigits: asset === 'BTC' ? 8 : 2 });
const countText = (value: number): string => value.toLocaleString('en-US');
const contractsText = (value: string): string => Number(value).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 4 });

interface Impact { marginCall: number; liquidated: number; bankrupt: number; deficit: string; insuranceUsed: string; adlAccounts: number; adlContracts: string; adlHaircut: string; socialized: string; unresolved: string }
interface StressAnswer { asOfSeq: number; accepted: boolean; symbols: (Impact & { symbol: string | null; asset: string })[]; totals: (Impact & { asset: string })[] }

describe('stress panel in headless Chromium', { skip: SKIP, timeout: 180_000 }, () => {
  let serve: ServeProcess;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const consoleErrors: string[] = [];

  const call = apiCaller(() => serve);
  const cells = (selector: string): Promise<string[][]> => page.$$eval(`${selector} tbody tr[data-asset]`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
  const impactText = (row: Impact, asset: string): string[] => [
    countText(row.marginCall), countText(row.liquidated), countText(row.bankrupt), amountText(row.deficit, asset), amountText(row.insuranceUsed, asset),
    countText(row.adlAccounts), contractsText(row.adlContracts), amountText(row.adlHaircut, asset), amountText(row.socialized, asset), amountText(row.unresolved, asset),
  ];

  before(async () => {
    ({ dataDir, serve } = await startServeSession('margin-stress-panel-'));
    await seedFourHolders(call, [{ type: 'insuranceDeposit', id: 'ins-1', asset: 'USDT', amount: '400' }]);
    ({ context, page } = await openBrowser(join(dataDir, 'chromium-profile'), consoleErrors, { apiKey: serve.key }));
  });

  after(() => stopServeSession(context, serve, dataDir));

  test('the shocks typed on the page give the API\'s figures, per symbol and per asset, and change nothing', async () => {
    const before = await call<{ lastSeq: number }>('GET', '/v1/health');
    const aliceBefore = await call<unknown>('GET', '/v1/accounts/alice/risk');
    await page.goto(`${serve.url}/#/stress`);
    await page.waitForSelector('input.shock[data-symbol="BTCUSDT"]', { timeout: 30_000 });
    // -20%: alice (5,000 USDT, long 1 at 30,000) loses 6,000 and is bankrupt; the 400 USDT fund
    // covers part of her deficit and ADL takes the rest from the shorts.
    await page.fill('input.shock[data-symbol="BTCUSDT"]', '-20');
    await page.click('#stress-run');
    await page.waitForSelector('#stress-table tbody tr.total[data-asset="USDT"]', { timeout: 30_000 });
    const api = await call<StressAnswer>('POST', '/v1/stress', { shocks: { BTCUSDT: '-20%' } });
    assert.equal(api.accepted, true);
    const btc = api.symbols.find((row) => row.symbol === 'BTCUSDT');
    assert.ok(btc !== undefined);
    assert.equal(btc.bankrupt, 1);
    assert.ok(Number(btc.insuranceUsed) > 0 && btc.adlAccounts > 0, 'the fund is used, then ADL');
    const shown = await cells('#stress-table');
    assert.deepEqual(
      shown,
      [...api.symbols.map((row) => [row.symbol ?? '—', row.asset, ...impactText(row, row.asset)]), ...api.totals.map((row) => ['total', row.asset, ...impactText(row, row.asset)])],
    );
    assert.equal(await page.textContent('#stress-shocks-table tr[data-symbol="BTCUSDT"] .mark-after'), '24,000.0 USDT');
    const after = await call<{ lastSeq: number }>('GET', '/v1/health');
    assert.equal(after.lastSeq, before.lastSeq, 'nothing journaled');
    assert.deepEqual(await call<unknown>('GET', '/v1/accounts/alice/risk'), aliceBefore, 'the state is unchanged');
    await page.screenshot({ path: join(SCREENSHOTS, 'stress-panel.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });

  test('the venue comparison on the account page equals the API', async () => {
    await page.goto(`${serve.url}/#/account/alice`);
    await page.waitForSelector('#compare-table tbody tr[data-venue="binance-usdm"]', { timeout: 30_000 });
    const api = await call<{ venues: { venue: string; holds: boolean; account: Record<string, unknown> | null; positions: Record<string, unknown>[]; funding?: { intervalHours: number; positions: { payment: string; paymentPerDay: string }[] } | null }[]; differences: { rule: string }[] }>('GET', '/v1/accounts/alice/compare');
    const held = api.venues.filter((v) => v.holds);
    assert.ok(held.length >= 3);
    const money = (value: unknown, signed = false): string => {
      const n = Number(value);
      return `${signed && n > 0 ? '+' : ''}${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} USDT`;
    };
    const shown = await page.$$eval('#compare-table tbody tr[data-venue]', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    assert.deepEqual(
      shown.map((cells) => cells.slice(0, 5)),
      held.map((v) => [v.venue, money(v.account?.['equity']), money(v.account?.['initialMargin']), money(v.account?.['maintenanceMargin']), money(v.account?.['availableBalance'])]),
    );
    for (const venue of held) {
      const row = `#${'account-compare'} tr[data-venue="${venue.venue}"][data-position="0"]`;
      const liq = (await page.textContent(`${row} .liq`)) ?? '';
      const expected = Number(venue.positions[0]?.['liquidationPrice']);
      assert.ok(Math.abs(Number(liq.replace(/[^\d.]/g, '')) - expected) <= 0.05, `${venue.venue}: ${liq} vs ${expected}`);
      const payment = venue.funding?.positions[0];
      if (payment !== undefined) assert.equal(await page.textContent(`${row} .payment`), money(payment.payment, true), venue.venue);
    }
    const rules = await page.$$eval('#compare-differences > li[data-rule]', (lis) => lis.map((li) => (li as HTMLElement).dataset['rule'] ?? ''));
    assert.deepEqual(rules.filter((rule) => !rule.startsWith('position ')), api.differences.map((d) => d.rule));
    assert.ok(rules.includes('funding'));
    const refused = await page.$$eval('#compare-refused li[data-venue]', (lis) => lis.map((li) => (li as HTMLElement).dataset['venue'] ?? ''));
    assert.deepEqual(refused, api.venues.filter((v) => !v.holds).map((v) => v.venue));
    await page.screenshot({ path: join(SCREENSHOTS, 'account-compare.png'), fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });

  test('an account no venue can hold (a wallet without positions): the panel shows each venue\'s refusal', async () => {
    await call('POST', '/v1/commands', { commands: [{ type: 'deposit', id: 'd-erin', account: 'erin', asset: 'USDT', amount: '700' }] });
    await page.goto(`${serve.url}/#/account/erin`);
    await page.waitForSelector('#compare-none', { timeout: 30_000 });
    const api = await call<{ venues: { holds: boolean }[]; refusals: { venue: string; code: string; message: string }[] }>('GET', '/v1/accounts/erin/compare');
    assert.equal(api.venues.filter((v) => v.holds).length, 0);
    assert.ok(api.refusals.length >= 3 && api.refusals.every((r) => r.code === 'no-positions'));
    const shown = await page.$$eval('#compare-refused li[data-venue]', (lis) => lis.map((li) => [(li as HTMLElement).dataset['venue'] ?? '', (li as HTMLElement).dataset['code'] ?? '', li.textContent ?? '']));
    assert.deepEqual(shown, api.refusals.map((r) => [r.venue, r.code, `${r.venue}: ${r.message}`]));
    assert.equal(await page.$('#compare-table'), null, 'no figures table when no venue holds the account');
    assert.deepEqual(consoleErrors, []);
  });
});
