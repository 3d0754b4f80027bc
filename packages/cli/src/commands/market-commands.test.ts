/**
 * The market-data commands end to end: the real `margin` binary in a child process (exit codes,
 * stdout/stderr), CSV and JSON inputs, series files next to the document, and bad rows reported
 * with their file, line and field.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runFunding } from './funding.js';
import { runMark } from './mark.js';
import { runSettle } from './settle.js';

const bin = fileURLToPath(new URL('../../bin/margin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'margin-market-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const margin = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input: input ?? '' });

test('margin funding --json from a CSV of impact prices, with parameters from --set', () => {
  const csv = write('impact.csv', 'time,impactBid,impactAsk,indexPrice\n2024-03-01T07:59:55Z,30010,30012,30000\n2024-03-01T08:00:00Z,30013,30015,30001\n');
  const run = margin(['funding', csv, '--json', '--profile', 'binance-usdm', '--set', 'maintenanceRate=0.004']);
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { fundingRate: string; premium: { sampleCount: string }; nextFundingTime: string };
  assert.equal(json.fundingRate, '0.0001');
  assert.equal(json.premium.sampleCount, '2');
  assert.equal(json.nextFundingTime, '2024-03-01T08:00:00.000Z');
});

test('a bad CSV row exits 2 with one line naming the file, line and field', () => {
  const csv = write('bad.csv', 'time,premium\n2024-03-01T07:59:55Z,0.0001\n2024-03-01T08:00:00Z,1e-4\n');
  const run = margin(['funding', csv, '--profile', 'generic']);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, `error: ${csv} line 3: premium: must be a plain decimal string without an exponent, got "1e-4"\n`);
});

test('a bad field inside a JSON document is reported with its line', async () => {
  const text = '{\n  "profile": "binance-usdm",\n  "method": "funding-basis",\n  "indexPrice": 10000,\n  "fundingRate": "0.0003"\n}\n';
  await assert.rejects(runMark('mark.json', {}, text), /^InputError: mark\.json line 4: indexPrice: must be a decimal string like "123\.45" \(JSON numbers are not accepted\), got number 10000$/m);
  const samples = '{ "profile": "generic", "samples": [\n  { "time": "2024-03-01T07:00:00Z", "premium": "0.0001" },\n  { "time": "2024-03-01T07:30:00Z" }\n] }';
  await assert.rejects(runFunding('f.json', {}, samples), /f\.json line 3: samples\[1\]\.indexPrice: is required \(or give premium\)/);
});

test('samples outside the funding window of the last sample are refused', async () => {
  const text = JSON.stringify({ profile: 'generic', samples: [{ time: '2024-03-01T00:00:00Z', premium: '0' }, { time: '2024-03-01T00:00:01Z', premium: '0' }] });
  await assert.rejects(runFunding('w.json', {}, text), /samples\[0\]\.time: 2024-03-01T00:00:00.000Z is outside the funding window \(2024-03-01T00:00:00.000Z, 2024-03-01T08:00:00.000Z\]/);
});

test('a series may live in its own CSV file next to the document; stdin takes JSON', () => {
  write('index.csv', 'time,price\n2024-03-29T07:15:00Z,100\n2024-03-29T07:40:00Z,106\n');
  const doc = write('settle.json', JSON.stringify({ kind: 'dated-future', expiry: '2024-03-29T08:00:00Z', samples: 'index.csv' }));
  const run = margin(['settle', doc, '--json']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal((JSON.parse(run.stdout) as { settlementPrice: string }).settlementPrice, '104');
  const piped = margin(['mark', '-', '--json'], JSON.stringify({ profile: 'dydx-v4', oraclePrice: '2500.5' }));
  assert.equal(piped.status, 0, piped.stderr);
  assert.equal((JSON.parse(piped.stdout) as { markPrice: string }).markPrice, '2500.5');
});

test('a bad row of a series file is reported at its own file and line', async () => {
  write('quotes.csv', 'time,price\n2024-03-29T07:15:00Z,100\n2024-03-29T07:40:00Z,-3\n');
  const doc = write('settle-bad.json', JSON.stringify({ kind: 'dated-future', expiry: '2024-03-29T08:00:00Z', samples: 'quotes.csv' }));
  await assert.rejects(runSettle(doc, {}), /quotes\.csv line 3: price: must be greater than 0, got "-3"/);
});

test('the human table of margin funding shows the payments and the rounding account', () => {
  const doc = write('pay.json', JSON.stringify({
    profile: 'binance-usdm', fundingRate: '0.0001', markPrice: '30000', settle: 'USDT',
    positions: [{ account: 'alice', side: 'long', size: '0.5' }, { account: 'bob', side: 'short', size: '0.5' }],
  }));
  const run = margin(['funding', doc]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /alice\s+long\s+0\.5\s+-1\.50000000\s+pays/);
  assert.match(run.stdout, /funding-rounding\s+0\.00000000\s+rounding account/);
  assert.match(run.stdout, /total 0\.00000000 \(zero-sum\)/);
});
