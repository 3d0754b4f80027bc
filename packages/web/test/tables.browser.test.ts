/**
 * Every table of the dashboard sorts on a header click, filters by symbol, asset or margin mode
 * where it has them, and exports CSV with the API's exact strings in the order on screen: the
 * overview's open interest and system accounts, the account page's positions, the desk's ADL
 * queue, holders, exposure and funds, and the event feed. Headless Chromium against a real, quiet
 * `margin serve` (no demo: the figures hold still) with two symbols, cross and isolated positions.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BTCUSDT_LINEAR_3TIER_TAKER_5BP } from '@margin/testkit';
import type { BrowserContext, Page } from 'playwright-core';
import { SKIP, openBrowser } from './browser.js';
import type { ServeProcess } from './serve-process.js';
import { startServeSession, stopServeSession, apiCaller } from './serve-session.js';


const T = '2026-01-01T00:00:01Z';
const fill = (id: string, account: string, symbol: string, side: string, size: string, price: string) => ({ type: 'fill', id, account, symbol, side, size, price, fee: '0', time: T });

describe('dashboard tables in headless Chromium', { skip: SKIP, timeout: 240_000 }, () => {
  let serve: ServeProcess;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const consoleErrors: string[] = [];

  const call = apiCaller(() => serve);
  /** Clicks an export button and returns the CSV's lines split into fields (no field here holds a comma). */
  const exported = async (button: string): Promise<string[][]> => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return readFileSync((await download.path()) ?? '', 'utf8').trim().split('\r\n').map((line) => line.split(','));
  };
  const attr = (selector: string, name: string): Promise<string[]> => page.$$eval(selector, (els, n) => els.map((el) => (el as HTMLElement).dataset[n as string] ?? ''), name);
  /** Waits until the rows' attribute reads `expected` (the page redraws on its own timer too). */
  const waitRows = async (selector: string, name: string, expected: string[]): Promise<void> => {
    await page.waitForFunction(([s, n, e]) => JSON.stringify([...document.querySelectorAll(s as string)].map((el) => (el as HTMLElement).dataset[n as string] ?? '')) === e, [selector, name, JSON.stringify(expected)], { timeout: 15_000 }).catch(async () => {
      assert.deepEqual(await attr(selector, name), expected);
    });
  };

  before(async () => {
    ({ dataDir, serve } = await startServeSession('margin-tables-'));
    await call('PUT', '/v1/instruments/BTCUSDT', { id: 'i-btc', instrument: BTCUSDT_LINEAR_3TIER_TAKER_5BP });
    await call('PUT', '/v1/instruments/ETHUSDT', { id: 'i-eth', instrument: { ...BTCUSDT_LINEAR_3TIER_TAKER_5BP, symbol: 'ETHUSDT', tickSize: '0.01' } });
    await call('POST', '/v1/commands', {
      commands: [
        { type: 'prices', id: 'p0', time: '2026-01-01T00:00:00Z', prices: [{ symbol: 'BTCUSDT', markPrice: '30000' }, { symbol: 'ETHUSDT', markPrice: '2000' }] },
        ...['alice', 'bob', 'carol', 'dan'].map((account, i) => ({ type: 'deposit', id: `d-${account}`, account, asset: 'USDT', amount: String(5_000 * (i + 1)) })),
        { type: 'setLeverage', id: 'l-alice', account: 'alice', symbol: 'BTCUSDT', leverage: '10' },
        { type: 'setMarginMode', id: 'm-alice', account: 'alice', symbol: 'ETHUSDT', mode: 'isolated' },
        { type: 'setMarginMode', id: 'm-bob', account: 'bob', symbol: 'ETHUSDT', mode: 'isolated' },
        fill('f1', 'alice', 'BTCUSDT', 'buy', '1', '30000'),
        fill('f2', 'alice', 'ETHUSDT', 'buy', '10', '2000'),
        fill('f3', 'bob', 'BTCUSDT', 'sell', '0.5', '30000'),
        fill('f4', 'bob', 'ETHUSDT', 'sell', '4', '2000'),
        fill('f5', 'carol', 'ETHUSDT', 'sell', '6', '2000'),
        fill('f6', 'dan', 'BTCUSDT', 'buy', '0.3', '29000'),
        { type: 'insuranceDeposit', id: 'ins-1', asset: 'USDT', amount: '1000' },
        { type: 'prices', id: 'p1', time: '2026-01-01T00:00:10Z', prices: [{ symbol: 'BTCUSDT', markPrice: '29500.5' }, { symbol: 'ETHUSDT', markPrice: '2010.25' }] },
      ],
    });
    ({ context, page } = await openBrowser(join(dataDir, 'chromium-profile'), consoleErrors, { apiKey: serve.key }));
  });

  after(() => stopServeSession(context, serve, dataDir));

  test('overview: open interest sorts by notional, filters by asset, exports the API rows; system accounts export', async () => {
    await page.goto(`${serve.url}/`);
    await page.waitForSelector('#oi-table tbody tr[data-symbol]', { timeout: 30_000 });
    const o = await call<{ openInterest: { symbol: string; settle: string; contracts: string; notional: string; holders: number; markPrice: string | null }[]; funding: { symbol: string; rate: string }[]; system: Record<string, Record<string, string>> }>('GET', '/v1/overview');
    await page.click('#oi-table th[data-sort="notional"]');
    const byNotional = [...o.openInterest].sort((a, b) => Number(b.notional) - Number(a.notional));
    await waitRows('#oi-table tbody tr[data-symbol]', 'symbol', byNotional.map((r) => r.symbol));
    assert.deepEqual(byNotional.map((r) => r.symbol), ['BTCUSDT', 'ETHUSDT'], 'BTC 1.3 x 29,500.5 > ETH 10 x 2,010.25');
    const csv = await exported('#export-oi');
    assert.deepEqual(csv[0], ['symbol', 'settle', 'mark_price', 'open_interest_contracts', 'notional_long', 'holders', 'funding_rate']);
    assert.deepEqual(csv.slice(1), byNotional.map((r) => [r.symbol, r.settle, r.markPrice ?? '', r.contracts, r.notional, String(r.holders), o.funding.find((f) => f.symbol === r.symbol)?.rate ?? '']));
    await page.click('#oi-table th[data-sort="notional"]');
    await waitRows('#oi-table tbody tr[data-symbol]', 'symbol', ['ETHUSDT', 'BTCUSDT']);
    await page.selectOption('#oi-asset', 'USDT');
    await waitRows('#oi-table tbody tr[data-symbol]', 'symbol', ['ETHUSDT', 'BTCUSDT']);
    const system = await exported('#export-system');
    assert.deepEqual(system[0], ['asset', 'account', 'balance']);
    const expected = Object.keys(o.system).sort().flatMap((asset) => Object.entries(o.system[asset] ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([account, balance]) => [asset, account, balance]));
    assert.deepEqual(system.slice(1), expected);
    assert.ok(expected.some(([asset, account]) => asset === 'USDT' && account === 'insurance'), JSON.stringify(expected));
  });

  test("account page: the positions table sorts, filters by symbol and mode, exports the API's positions", async () => {
    await page.goto(`${serve.url}/#/account/alice`);
    await page.waitForFunction(() => document.querySelectorAll('#positions-table tbody tr[data-symbol]').length === 2, undefined, { timeout: 30_000 });
    const risk = await call<{ positions: Record<string, string | number | boolean | null | undefined>[] }>('GET', '/v1/accounts/alice');
    await page.click('#positions-table th[data-sort="notional"]');
    const byNotional = [...risk.positions].sort((a, b) => Number(b['notional']) - Number(a['notional']));
    await waitRows('#positions-table tbody tr[data-symbol]', 'symbol', byNotional.map((p) => String(p['symbol'])));
    const csv = await exported('#export-positions');
    assert.deepEqual(csv[0]?.slice(0, 8), ['account', 'symbol', 'side', 'margin', 'size', 'entry_price', 'mark_price', 'notional']);
    assert.deepEqual(
      csv.slice(1).map((row) => row.slice(0, 12)),
      byNotional.map((p) => ['alice', p['symbol'], p['side'], p['margin'], p['size'], p['entryPrice'], p['markPrice'], p['notional'], p['settle'], p['initialMargin'], p['maintenanceMargin'], p['unrealizedPnl']].map(String)),
    );
    await page.selectOption('#pos-mode', 'isolated');
    await waitRows('#positions-table tbody tr[data-symbol]', 'symbol', ['ETHUSDT']);
    const isolated = await exported('#export-positions');
    assert.equal(isolated.length, 2);
    assert.equal(isolated[1]?.[18], String(risk.positions.find((p) => p['margin'] === 'isolated')?.['marginRatio']));
    await page.selectOption('#pos-mode', '');
    await page.selectOption('#pos-symbol', 'BTCUSDT');
    await waitRows('#positions-table tbody tr[data-symbol]', 'margin', ['cross']);
  });

  test('desk: ADL queue and holders sort and filter by mode; exposure and funds filter by asset; exports are the API rows', async () => {
    await page.goto(`${serve.url}/#/desk`);
    await page.waitForFunction(() => document.querySelectorAll('#adl-table tbody tr[data-account]').length === 3, undefined, { timeout: 30_000 }).catch(() => undefined);
    await page.selectOption('#d-symbol', 'ETHUSDT');
    await page.waitForFunction(() => document.querySelector('#adl-table')?.getAttribute('data-symbol') === 'ETHUSDT' && document.querySelectorAll('#adl-table tbody tr[data-account]').length === 3, undefined, { timeout: 15_000 });
    const queue = await call<{ symbol: string; rows: Record<string, string | number>[] }>('GET', '/v1/risk/adl/ETHUSDT?limit=20');
    await page.click('#adl-table th[data-sort="size"]');
    const bySize = [...queue.rows].sort((a, b) => Number(b['size']) - Number(a['size']));
    await waitRows('#adl-table tbody tr[data-account]', 'account', bySize.map((r) => String(r['account'])));
    assert.deepEqual(bySize.map((r) => r['account']), ['alice', 'carol', 'bob']);
    const adl = await exported('#export-adl');
    assert.deepEqual(adl.slice(1), bySize.map((r) => ['ETHUSDT', r['side'], r['rank'], r['count'], r['indicator'], r['quantile'], r['score'], r['account'], r['positionKey'], r['size'], r['notional'], r['unrealizedPnl'], r['margin']].map(String)));
    await page.selectOption('#d-mode', 'isolated');
    await waitRows('#adl-table tbody tr[data-account]', 'account', ['alice', 'bob']);
    await waitRows('#holders-table tbody tr[data-account]', 'account', ['alice', 'bob']);
    const holders = await call<{ holders: Record<string, string | null>[] }>('GET', '/v1/risk/holders/ETHUSDT?limit=20');
    const holdersCsv = await exported('#export-holders');
    assert.deepEqual(holdersCsv.slice(1), holders.holders.filter((h) => h['margin'] === 'isolated').map((h) => ['ETHUSDT', h['account'], h['side'], h['margin'], h['size'], h['notional'], h['sharePercent'], h['unrealizedPnl'], h['liquidationPrice'] ?? ''].map(String)));
    await page.click('#holders-table th[data-sort="account"]');
    await page.click('#holders-table th[data-sort="account"]');
    await waitRows('#holders-table tbody tr[data-account]', 'account', ['bob', 'alice']);

    const exposure = await call<{ assets: { asset: string; clearingNotional: string; clearingBalance: string; symbols: Record<string, string | null>[] }[] }>('GET', '/v1/risk/exposure');
    await page.selectOption('#d-asset', 'USDT');
    await page.click('#exposure-table th[data-sort="symbol"]');
    await waitRows('#exposure-table tbody tr[data-asset]', 'symbol', ['', 'BTCUSDT', 'ETHUSDT']);
    const exposureCsv = await exported('#export-exposure');
    const usdt = exposure.assets.find((a) => a.asset === 'USDT');
    assert.ok(usdt);
    assert.deepEqual(exposureCsv.slice(1), [
      ['USDT', '', '', '', '', usdt.clearingNotional, '', usdt.clearingBalance],
      ...[...usdt.symbols].sort((a, b) => String(a['symbol']).localeCompare(String(b['symbol']))).map((s) => ['USDT', s['symbol'], s['longSize'], s['shortSize'], s['clearingSize'], s['clearingNotional'], s['markPrice'] ?? '', ''].map(String)),
    ]);
    const fundsCsv = await exported('#export-funds');
    assert.deepEqual(fundsCsv[0], ['asset', 'fund', 'balance', 'last_change', 'reason', 'last_change_seq', 'changes_kept']);
    const fundRow = fundsCsv.find((row) => row[0] === 'USDT' && row[1] === 'insurance');
    const funds = await call<{ funds: { asset: string; fund: string; points: { balance: string; change: string; seq: number }[] }[] }>('GET', '/v1/risk/insurance-fund');
    const last = funds.funds.find((f) => f.asset === 'USDT' && f.fund === 'insurance')?.points.at(-1);
    assert.deepEqual(fundRow?.slice(2, 4), [last?.balance, last?.change]);
  });

  test('event feed: sorts by seq, filters by asset and mode, exports in the order shown', async () => {
    await page.goto(`${serve.url}/#/events`);
    // A drop puts alice (cross, 10x) and the isolated longs into margin call.
    await call('POST', '/v1/commands', { type: 'prices', id: 'p-drop', time: '2026-01-01T00:01:00Z', prices: [{ symbol: 'BTCUSDT', markPrice: '25200' }, { symbol: 'ETHUSDT', markPrice: '1850' }] });
    await page.waitForFunction(() => document.querySelectorAll('#feed tbody tr[data-type="marginCall"]').length > 0, undefined, { timeout: 20_000 });
    await page.click('#feed th[data-sort="seq"]');
    const seqs = (await attr('#feed tbody tr[data-seq]', 'seq')).map(Number);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'seq ascending after a click (it starts newest first)');
    const csv = await exported('#export');
    assert.deepEqual(csv.slice(1).map((row) => Number(row[0])), seqs);
    const { events } = await call<{ events: { seq: number; type: string; account?: string }[] }>('GET', '/v1/events?limit=200');
    assert.deepEqual([...seqs].sort((a, b) => a - b), events.map((e) => e.seq).sort((a, b) => a - b), 'the feed holds the API events');
    await page.selectOption('#asset-filter', 'USDT');
    await page.selectOption('#mode-filter', 'isolated');
    const rowsOf = (): Promise<string[]> => page.$$eval('#feed tbody tr[data-seq]', (trs) => trs.map((tr) => `${tr.querySelector('td:nth-child(4)')?.textContent ?? ''} ${tr.querySelector('td:nth-child(5)')?.textContent ?? ''}`));
    // Only alice's and bob's ETHUSDT positions are isolated: their pool events and their fills.
    const isolated = await rowsOf();
    assert.ok(isolated.length > 0 && isolated.every((row) => /^(alice|bob) ETHUSDT/.test(row)), `isolated only: ${isolated.join(' | ')}`);
    await page.selectOption('#mode-filter', 'cross');
    const cross = await rowsOf();
    assert.ok(cross.length > 0 && cross.every((row) => !/isolated/.test(row) && !/^(alice|bob) ETHUSDT/.test(row)), `cross only: ${cross.join(' | ')}`);
    assert.deepEqual(consoleErrors, []);
  });
});
