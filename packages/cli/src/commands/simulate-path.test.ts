/**
 * `margin simulate --path FILE --population FILE` with a sweep of seeds and profiles: each run's
 * time series, report and per-account outcomes, and `sweep.csv` with one row per run; bad path
 * and population files exit 2 naming the line and field. The old flags keep their meaning
 * (simulate.test.ts).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MARGIN_BIN } from '../test/repo-paths.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-simulate-path-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const margin = (args: string[]) => spawnSync(process.execPath, [MARGIN_BIN, 'simulate', '--no-progress', ...args], { encoding: 'utf8' });
const write = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe('margin simulate with a custom path and population', () => {
  it('sweeps seeds x profiles: series, report and per-account outcomes per run, sweep.csv over them', () => {
    const lines = ['time,price'];
    for (let i = 0; i <= 20; i++) lines.push(`2026-03-12T10:${String(i).padStart(2, '0')}:00Z,${i < 10 ? 65000 : 50000 - i * 100}`);
    const path = write('crash.csv', `${lines.join('\n')}\n`);
    const population = write('pop.csv', 'group,count,symbol,side,leverageMin,leverageMax,depositMin,depositMax,isolated\nretail,60,BTCUSDT,0.8,10,40,100,5000,0.2\ncoin,20,BTCUSD,long,5,20,0.01,1,0\n');
    const out = join(dir, 'out');
    const run = margin(['--path', path, '--population', population, '--seed', '1..2', '--profile', 'generic,binance-usdm', '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^scenario path-crash, seed 1, profile generic: \d+ traders/);
    const sweep = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    assert.equal(sweep.length, 5);
    assert.match(sweep[0] ?? '', /^scenario,seed,profile,traders,makers,positions_at_start,liquidations,/);
    const runs = sweep.slice(1).map((line) => line.split(','));
    assert.deepEqual(runs.map((cells) => `${cells[1]}-${cells[2]}`), ['1-generic', '2-generic', '1-binance-usdm', '2-binance-usdm']);
    for (const cells of runs) {
      const base = `path-crash-seed${cells[1]}-${cells[2]}`;
      for (const file of [`${base}.csv`, `${base}.html`, `${base}-accounts.csv`]) assert.ok(existsSync(join(out, file)), file);
      // The per-account file adds up to the run's totals: liquidations in sweep.csv = the sum over accounts.
      const accounts = readFileSync(join(out, `${base}-accounts.csv`), 'utf8').trim().split('\n');
      const header = (accounts[0] ?? '').split(',');
      const liquidations = accounts.slice(1).reduce((n, line) => n + Number(line.split(',')[header.indexOf('liquidations')]), 0);
      assert.equal(liquidations, Number(cells[6]));
      assert.ok(liquidations > 0);
      const series = readFileSync(join(out, `${base}.csv`), 'utf8').trim().split('\n');
      assert.equal(series.length, 21, 'one row per step after the first');
      assert.match(series[1] ?? '', /^1,2026-03-12T10:01:00\.000Z,60,/);
    }
  });

  it('bad path or population files exit 2 with the line and field named; --scenario or --path, not both', () => {
    const population = write('ok-pop.csv', 'group,count,symbol,side,leverageMin,leverageMax,depositMin,depositMax\nr,5,BTCUSDT,long,2,5,100,200\n');
    const cases: [string, string][] = [
      [write('neg.csv', 'time,price\n2026-01-01T00:00:00Z,100\n2026-01-01T00:01:00Z,0\n'), 'line 3: price: must be greater than 0, got "0"'],
      [write('unsorted.csv', 'time,price\n2026-01-01T00:00:00Z,100\n2026-01-01T00:02:00Z,99\n2026-01-01T00:01:00Z,98\n'), 'line 4: time: times must increase: "2026-01-01T00:01:00Z" is not after "2026-01-01T00:02:00Z" (line 3)'],
    ];
    for (const [file, message] of cases) {
      const run = margin(['--path', file, '--population', population, '--out', join(dir, 'bad')]);
      assert.equal(run.status, 2);
      assert.equal(run.stderr, `error: ${file} ${message}\n`);
    }
    const gapFile = write('gap.csv', 'time,price\n2026-01-01T00:00:00Z,100\n2026-01-01T00:01:00Z,99\n2026-01-01T03:00:00Z,98\n');
    const gap = margin(['--path', gapFile, '--max-gap', '1h', '--population', population]);
    assert.equal(gap.status, 2);
    assert.equal(gap.stderr, `error: ${gapFile} line 4: time: gap: 179 minutes after "2026-01-01T00:01:00Z" is longer than the largest allowed step, 1 hour\n`);
    const badPop = write('bad-pop.csv', 'group,count,symbol,side,leverageMin,leverageMax,depositMin,depositMax\nr,5,BTCUSDT,long,2,5,100,50\n');
    const pop = margin(['--scenario', 'slow-grind', '--population', badPop]);
    assert.equal(pop.status, 2);
    assert.equal(pop.stderr, `error: ${badPop} line 2: depositMax: must be at least depositMin 100, got "50"\n`);
    const both = margin(['--scenario', 'slow-grind', '--path', gapFile]);
    assert.equal(both.status, 2);
    assert.equal(both.stderr, 'error: scenario: give either --scenario NAME or --path FILE\n');
    const seeds = margin(['--scenario', 'slow-grind', '--seed', '3,3']);
    assert.equal(seeds.status, 2);
    assert.equal(seeds.stderr, 'error: seed: names a seed twice: "3,3"\n');
    const profile = margin(['--scenario', 'slow-grind', '--profile', 'generic,nope']);
    assert.equal(profile.status, 2);
    assert.match(profile.stderr, /^error: .*nope/);
  });
});
