/** `margin options` end to end: the real binary in a child process, JSON and CSV chains, exit codes. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/margin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'margin-options-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const margin = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input: input ?? '' });

const chain = {
  time: '2026-01-01T08:00:00Z',
  rate: '0.1',
  chain: [{ id: 'haug', kind: 'call', strike: '19', expiry: '2026-10-02T02:00:00Z', forward: '19', volatility: '0.28' }],
};

test("margin options --json prices Haug's Black-76 example (F = K = 19, T = 0.75, r = 0.10, sigma = 0.28: 1.7011)", () => {
  // 2026-01-01T08:00Z + 0.75 x 365 days = 2026-10-02T02:00Z (ACT/365: 273.75 days).
  const run = margin(['options', '-', '--json'], JSON.stringify(chain));
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { rows: Array<{ price: string; timeYears: string; volatilitySource: string }> };
  assert.equal(json.rows[0]?.timeYears, '0.75');
  assert.equal(json.rows[0]?.price, '1.70105073'); // 1.701050725236267... rounded up
  assert.equal(json.rows[0]?.volatilitySource, 'input');
});

test('margin options prints a table; a CSV chain takes the document fields from --set', () => {
  const table = margin(['options', '-'], JSON.stringify(chain));
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^Options {2}black-76, linear, r 0\.1, ACT\/365/);
  assert.match(table.stdout, /haug +call +19 .* 1\.70105073 /);
  const csv = join(dir, 'chain.csv');
  writeFileSync(csv, 'kind,strike,expiry,volatility\ncall,65000,2026-01-31T08:00:00Z,0.6\nput,55000,2026-01-31T08:00:00Z,0.6\n');
  const run = margin(['options', csv, '--json', '--set', 'time=2026-01-01T08:00:00Z', '--set', 'forward=60000', '--set', 'settlement=inverse']);
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(run.stdout) as { settlement: string; rows: Array<{ price: string; priceInCoin: string }> };
  assert.equal(json.settlement, 'inverse');
  assert.equal(json.rows[0]?.price, '2237.86815541');
  assert.equal(json.rows[1]?.price, '1933.12675283');
});

test('a price outside the no-arbitrage bounds exits 2 with one line naming the row, field and bound', () => {
  const bad = { time: '2026-01-01T08:00:00Z', forward: '100', chain: [{ kind: 'call', strike: '90', expiry: '2026-02-01T00:00:00Z', price: '9.5' }] };
  const run = margin(['options', '-'], JSON.stringify(bad));
  assert.equal(run.status, 2);
  assert.equal(run.stderr, 'error: stdin line 1: chain[0].price: must be within the no-arbitrage bounds of a call, [10, 100] (max(F - K, 0)·DF to F·DF), got 9.5\n');
  assert.equal(run.stdout, '');
});
