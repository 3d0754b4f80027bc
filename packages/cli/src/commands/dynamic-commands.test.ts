/**
 * `margin dynamic --commands` into `margin run` (ADR 0025): the real binary turns a price series
 * into `marginRates` commands, `margin run` journals them, and the engine moves the rates, with a
 * liquidation when the crash's rates lift maintenance above an account's equity.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseCommand } from '@margin/wire';
import { BTCUSDT_LINEAR_1TIER, instrumentCommand } from '@margin/testkit';

const bin = fileURLToPath(new URL('../../bin/margin.js', import.meta.url));
// S&P 500 daily prices 2000-2020 from the vega-datasets package (Yahoo Finance via the Vega project, BSD-3-Clause).
const sp500 = fileURLToPath(new URL('../data/sp500-2000.csv', import.meta.resolve('vega-datasets')));
const dir = mkdtempSync(join(tmpdir(), 'margin-dynamic-commands-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const margin = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input: input ?? '', maxBuffer: 64 * 1024 * 1024 });
const lines = (text: string): Record<string, unknown>[] => text.trim().split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as Record<string, unknown>);

test('margin dynamic --commands: one valid marginRates command per rate change of the report, at the step times', () => {
  const model = 'ewma:floor=0.01,buffer=0.25';
  const run = margin(['dynamic', sp500, '--model', model, '--commands', 'SPX']);
  assert.equal(run.status, 0, run.stderr);
  const commands = lines(run.stdout);
  const report = JSON.parse(margin(['dynamic', sp500, '--model', model, '--json']).stdout) as { rows: { time: string; rate: string | null }[] };
  const changes = report.rows.filter((row, i) => row.rate !== null && row.rate !== report.rows[i - 1]?.rate);
  assert.equal(commands.length, changes.length);
  commands.forEach((command, i) => {
    parseCommand(command);
    assert.equal(command['symbol'], 'SPX');
    assert.equal(command['time'], changes[i]?.time);
    assert.equal(command['initialRate'], changes[i]?.rate);
    assert.equal(command['model'], model);
  });
  assert.equal(new Set(commands.map((command) => command['id'])).size, commands.length, 'ids are unique');
  const maintenance = lines(margin(['dynamic', sp500, '--model', model, '--commands', 'SPX', '--rate-as', 'maintenance']).stdout);
  assert.equal(maintenance[0]?.['maintenanceRate'], commands[0]?.['initialRate']);
  const bad = margin(['dynamic', sp500, '--commands', 'SPX', '--rate-as', 'both']);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'error: --rate-as: must be "initial" or "maintenance", got "both"\n');
});

test('the commands drive the engine through margin run: rates move, the cap shortfall is explained, the crash liquidates', () => {
  // A calm week, then a 10% and a 11% drop: the capped EWMA rate rises each day.
  const prices = [100, 100.5, 99.8, 100.2, 100.1, 100.3, 90, 80];
  const series = prices.map((price, i) => ({ time: `2026-01-0${i + 2}T00:00:00Z`, price: String(price) }));
  const rates = margin(['dynamic', '-', '--model', 'ewma:seed=3,cap=0.5', '--commands', 'BTCUSDT'], JSON.stringify(series));
  assert.equal(rates.status, 0, rates.stderr);
  const setup = [
    instrumentCommand(BTCUSDT_LINEAR_1TIER, 'i1'),
    { type: 'price', id: 'p1', symbol: 'BTCUSDT', markPrice: '30000', time: '2026-01-01T00:00:00Z' },
    { type: 'deposit', id: 'd1', account: 'alice', asset: 'USDT', amount: '300' },
    { type: 'deposit', id: 'd2', account: 'bob', asset: 'USDT', amount: '100000' },
    { type: 'fill', id: 'f1', account: 'alice', symbol: 'BTCUSDT', side: 'buy', size: '1', price: '30000', time: '2026-01-01T00:00:01Z' },
    { type: 'fill', id: 'f2', account: 'bob', symbol: 'BTCUSDT', side: 'sell', size: '1', price: '30000', time: '2026-01-01T00:00:01Z' },
  ];
  const input = `${setup.map((json) => JSON.stringify(json)).join('\n')}\n${rates.stdout}`;
  const run = margin(['run', '--db', join(dir, 'rates.sqlite'), '--no-progress'], input);
  assert.equal(run.status, 0, run.stderr);
  const events = lines(run.stdout);
  const changed = events.filter((event) => event['type'] === 'marginRatesChanged');
  assert.equal(changed.length, lines(rates.stdout).length);
  const capped = changed.filter((event) => event['capShortfall'] !== null);
  assert.ok(capped.length >= 1, 'the cap bound on the crash days');
  for (const event of capped) assert.equal((event['inputs'] as Record<string, string>)['binding'], 'cap');
  // Each change starts from the rates the previous one left.
  for (let i = 1; i < changed.length; i++) assert.deepEqual(changed[i]?.['previous'], changed[i - 1]?.['current']);
  // alice: equity 300 on 1 BTC at 30,000; maintenance 0.4% x factor x 30,000 passes 300 once the factor passes 2.5.
  const liquidated = events.filter((event) => event['type'] === 'liquidationStarted');
  assert.deepEqual(liquidated.map((event) => event['account']), ['alice']);
  const firstLiquidation = events.findIndex((event) => event['type'] === 'liquidationStarted');
  const trigger = events[firstLiquidation - 1]?.['commandId'] === events[firstLiquidation]?.['commandId'];
  assert.ok(trigger, 'the liquidation is an event of a marginRates command');
  assert.match(String(events[firstLiquidation]?.['commandId']), /^rates-BTCUSDT-/);
  // The same input again is all duplicates: the journal keeps one copy of each command.
  const again = margin(['run', '--db', join(dir, 'rates.sqlite'), '--no-progress'], input);
  assert.ok(lines(again.stdout).every((event) => event['type'] === 'duplicate'));
});
