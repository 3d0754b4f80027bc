/**
 * `margin risk` with options as a user runs it: the example file as a table and as JSON, and bad
 * option input as one line with exit status 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARGIN_BIN, REPO_ROOT } from './repo-paths.js';

const EXAMPLE = join(REPO_ROOT, 'examples', 'deribit-options.json');

function margin(args: string[], stdin?: string) {
  const result = spawnSync(process.execPath, [MARGIN_BIN, ...args], { input: stdin ?? '', encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('margin risk --json on a Deribit account of a perpetual, a short call and long puts', () => {
  const run = margin(['risk', EXAMPLE, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const json = JSON.parse(run.stdout) as {
    account: { initialMargin: string; maintenanceMargin: string; optionValueInEquity: boolean };
    options: { symbol: string; initialMargin: string; maintenanceMargin: string; markSource: string }[];
    greeks: { base: string }[];
  };
  // Perpetual 5 BTC: 0.20125 / 0.10125 (size-based); short call K 60,000 at 50,000, mark 0.01: 0.11 / 0.085; longs: 0.
  assert.equal(json.account.initialMargin, '0.31125');
  assert.equal(json.account.maintenanceMargin, '0.18625');
  assert.deepEqual(json.options.map((o) => [o.symbol, o.initialMargin, o.maintenanceMargin, o.markSource]), [
    ['BTC-30JAN26-60000-C', '0.11', '0.085', 'input'],
    ['BTC-30JAN26-45000-P', '0', '0', 'mark-iv'],
  ]);
  assert.equal(json.account.optionValueInEquity, true);
  assert.deepEqual(json.greeks.map((g) => g.base), ['BTC']);
});

test('margin risk prints the options table from standard input', () => {
  const run = margin(['risk', '-'], readFileSync(EXAMPLE, 'utf8'));
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^Profile deribit at 2026-01-01T08:00:00\.000Z$/m);
  // The put's mark from IV 60% is on its 0.0005 tick (0.026, rounded down for a long), not 18 digits: -0.01 + 2 x 0.026.
  assert.match(run.stdout, /option value {8}0\.042 BTC/);
  assert.match(run.stdout, /BTC-30JAN26-45000-P +long +2 +0\.026 \(IV\) /);
  assert.match(run.stdout, /^Greeks BTC: delta /m);
  assert.match(run.stdout, /BTC-30JAN26-60000-C +short +1 +0\.01 /);
  assert.match(run.stdout, /deribit-inverse/);
});

test('an expired option is one line naming the field, exit status 2', () => {
  const input = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { time: string };
  input.time = '2026-02-01T00:00:00Z';
  const run = margin(['risk', '-'], JSON.stringify(input));
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^error: .*options\[0\]\.expiry: the option has expired: expiry 2026-01-30T08:00:00\.000Z is not after the valuation time 2026-02-01T00:00:00\.000Z\n$/);
});
