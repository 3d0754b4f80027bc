/** `margin dynamic` and `margin backtest` end to end: the real binary over the S&P 500 history of vega-datasets and small series. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/margin.js', import.meta.url));
// S&P 500 daily prices 2000-2020 from the vega-datasets package (Yahoo Finance via the Vega project, BSD-3-Clause).
const sp500 = fileURLToPath(new URL('../data/sp500-2000.csv', import.meta.resolve('vega-datasets')));
const dir = mkdtempSync(join(tmpdir(), 'margin-dynamic-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const margin = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input: input ?? '', maxBuffer: 64 * 1024 * 1024 });

test('margin dynamic --json: the EWMA rate series with its floor, buffer and binding term; --csv has the same rates; --chart writes an SVG', () => {
  const chart = join(dir, 'rate.svg');
  const run = margin(['dynamic', sp500, '--json', '--model', 'ewma:floor=0.01,buffer=0.25', '--chart', chart]);
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { series: { rows: number }; z: string; firstRateAt: string; rows: Array<{ time: string; rate: string | null; calculatedRate: string | null; binding: string | null }> };
  assert.equal(json.series.rows, 5105);
  assert.equal(json.z, '2.326347874041');
  assert.equal(json.firstRateAt, '2000-02-15', 'seed: 30 returns');
  const rated = json.rows.filter((row) => row.rate !== null);
  assert.equal(rated.length, 5105 - 30);
  for (const row of rated) assert.ok(Number(row.rate) >= Number(row.calculatedRate) && Number(row.rate) >= 0.01, row.time);
  assert.equal(rated[0]?.binding, 'buffer');
  const csv = margin(['dynamic', sp500, '--csv', '--model', 'ewma:floor=0.01,buffer=0.25']);
  const lines = csv.stdout.trim().split('\n');
  assert.equal(lines[0], 'time,price,sigma,modelRate,calculatedRate,rate,capShortfall,binding');
  assert.equal(lines[31]?.split(',')[5], rated[0]?.rate);
  assert.match(readFileSync(chart, 'utf8'), /^<svg [^>]*viewBox/);
});

test('margin dynamic reads a JSON series from stdin; the daily cap reports its shortfall', () => {
  const prices = [100, 100.5, 99.8, 100.2, 100.1, 100.3, 90, 80, 79, 81];
  const rows = prices.map((price, i) => ({ time: `2020-03-${String(i + 1).padStart(2, '0')}`, price: String(price) }));
  const run = margin(['dynamic', '-', '--json', '--model', 'ewma:seed=3,cap=0.5'], JSON.stringify(rows));
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { summary: { cappedSteps: number }; rows: Array<{ rate: string | null; calculatedRate: string | null; capShortfall: string | null; binding: string | null }> };
  const day7 = json.rows[6];
  assert.equal(day7?.binding, 'cap', 'a 10% drop more than doubles the EWMA rate: capped at +50%');
  assert.ok(Number(day7?.capShortfall) > 0);
  assert.ok(json.summary.cappedSteps >= 1);
  for (let i = 4; i < json.rows.length; i++) assert.ok(Number(json.rows[i]?.rate) <= 1.5 * Number(json.rows[i - 1]?.rate) + 1e-8, `step ${i}`);
});

test('a series with a gap, a non-positive price or unsorted times exits 2 with one line naming the line and field', () => {
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'date,price\n2020-01-01,10\n2020-01-02,11\n2020-01-03,0\n');
  const run = margin(['dynamic', file]);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, `error: ${file} line 4: price: must be greater than 0, got "0"\n`);
  const gap = margin(['dynamic', '-', '--format', 'csv', '--max-gap', '1d'], 'time,price\n2020-01-01,10\n2020-01-02,11\n2020-01-05,12\n');
  assert.equal(gap.status, 2);
  assert.equal(gap.stderr, 'error: stdin line 4: time: gap: 3 days after "2020-01-02" is longer than the largest allowed step, 1 day\n');
  const model = margin(['dynamic', sp500, '--model', 'ewma:q=99']);
  assert.equal(model.status, 2);
  assert.equal(model.stderr, 'error: --model.q: must be strictly between 0 and 1, got "99"\n');
});

test('margin backtest --json: several models side by side over the same observations, exceptions counted, zones and the HTML report', () => {
  const report = join(dir, 'backtest.html');
  const run = margin(['backtest', sp500, '--json', '--model', 'ewma', '--model', 'fhs', '--model', 'fixed:rate=0.03', '--report', report]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '', 'no progress bar when stderr is not a terminal');
  const json = JSON.parse(run.stdout) as {
    tested: { from: string; to: string };
    models: Array<{ observations: number; exceptions: number; exceptionList: Array<{ loss: string; rate: string }>; trafficLight: { zone: string }; kupiec: { reject95: boolean }; procyclicality: { peakToTrough: string } }>;
  };
  assert.equal(json.tested.to, '2020-04-16', 'the last day has no next-day loss');
  const [ewma, fhs, fixed] = json.models;
  assert.ok(ewma && fhs && fixed);
  assert.equal(ewma.observations, fhs.observations);
  assert.equal(ewma.exceptionList.length, ewma.exceptions);
  for (const e of ewma.exceptionList) assert.ok(Number(e.loss) > Number(e.rate) - 1e-8);
  // The normal EWMA at 99% is breached about twice as often as it should be on equity returns (fat tails).
  assert.ok(ewma.exceptions > 2 * 0.01 * ewma.observations * 0.9 && ewma.kupiec.reject95);
  assert.ok(fhs.exceptions < ewma.exceptions, 'FHS keeps the fat tails');
  assert.equal(fixed.procyclicality.peakToTrough, '1');
  const html = readFileSync(report, 'utf8');
  assert.match(html, /^<!doctype html>/);
  assert.equal((html.match(/<svg /g) ?? []).length, 3);
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/, 'self-contained');
});

test('margin crypto-prices writes the same seeded path twice, and margin backtest reads it from stdin', () => {
  const first = margin(['crypto-prices', '--seed', '3', '--days', '400']);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(margin(['crypto-prices', '--seed', '3', '--days', '400']).stdout, first.stdout);
  assert.equal(first.stdout.trim().split('\n').length, 402);
  const run = margin(['backtest', '-', '--format', 'csv', '--json', '--model', 'ewma', '--model', 'drift-size:ratio=0.05,imfFactor=0.0005,size=20000'], first.stdout);
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { models: Array<{ observations: number; cost: { meanRate: string } }> };
  assert.equal(json.models[0]?.observations, 400 - 30);
  assert.equal(json.models[1]?.cost.meanRate, '0.1107', "Drift's size premium at 20,000 base units: 0.05 -> 0.1107");
  assert.equal(margin(['crypto-prices', '--days', '0']).stderr, 'error: days: must be at least 1, got "0"\n');
});

// util-linux `script` runs the binary on a real pseudo-terminal, so stderr is a TTY.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

test('margin backtest draws a progress bar on stderr when it is a terminal, and clears it', { skip: hasScript ? false : 'util-linux script is not installed' }, () => {
  const out = join(dir, 'tty.json');
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} backtest ${JSON.stringify(sp500)} --model ewma --model fixed:rate=0.03 --json > ${JSON.stringify(out)}`;
  const run = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout);
  const screen = run.stdout.replaceAll(String.fromCharCode(27), '<ESC>');
  assert.match(screen, /\r<ESC>\[Kbacktest \[#+\.+\] 1\/4/);
  assert.match(screen, /backtest \[#{30}\] 4\/4\r<ESC>\[K$/, 'ends full, then cleared');
  assert.equal((JSON.parse(readFileSync(out, 'utf8')) as { models: unknown[] }).models.length, 2, 'stdout stays clean JSON');
  const quiet = spawnSync('script', ['-qec', `${command} --no-progress`, '/dev/null'], { encoding: 'utf8' });
  assert.equal(quiet.stdout, '');
});
