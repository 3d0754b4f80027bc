/**
 * `margin risk` with a multi-asset account (a file with `collateral`), as a user runs it: a real
 * child process; the Binance Multi-Assets published example in --json and table form; one clear
 * error line (exit 2) for an unknown collateral asset, haircut tiers out of order, negative credit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARGIN_BIN, REPO_ROOT } from './repo-paths.js';

function margin(args: string[], stdin?: string) {
  const result = spawnSync(process.execPath, [MARGIN_BIN, ...args], { input: stdin ?? '', encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const EXAMPLE_FILE = join(REPO_ROOT, 'examples', 'binance-multi-assets.json');
const example = (): Record<string, unknown> & { collateral: Record<string, unknown> } =>
  JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8')) as Record<string, unknown> & { collateral: Record<string, unknown> };

// https://www.binance.com/en/support/faq/how-to-calculate-margin-in-multi-assets-mode-c983a9268cfa4e70a4916c276bb3b7bc
test('the Binance Multi-Assets example: --json gives the published equity, available balance and MM', () => {
  const { code, stdout, stderr } = margin(['risk', EXAMPLE_FILE, '--json']);
  assert.equal(code, 0, stderr);
  const json = JSON.parse(stdout) as { mode: string; account: Record<string, string>; collateral: Array<Record<string, string>> };
  assert.equal(json.mode, 'multi-asset');
  assert.equal(json.account['equity'], '416.02');
  assert.equal(json.account['availableBalance'], '76.525');
  assert.equal(json.account['maintenanceMargin'], '199.596');
  assert.deepEqual(json.collateral.map((c) => [c['asset'], c['quantity'], c['indexPrice'], c['haircut'], c['value']]), [
    ['USDT', '200', '0.99', '0', '196.02'],
    ['USDC', '220', '1', '0', '220'],
  ]);
});

test('the table names the reference currency, the collateral breakdown and the positions', () => {
  const { code, stdout, stderr } = margin(['risk', EXAMPLE_FILE]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /Multi-asset cross account \(in USD\)/);
  assert.match(stdout, /available balance +76\.525 USD/);
  assert.match(stdout, /^USDT +200 +0\.99 +0\.9801 \/ 0\.99495 +196\.02 +0% +196\.02/m);
  assert.match(stdout, /^BTCUSDT +long +USDT/m);
});

test('a credit line is reported apart and never withdrawable', () => {
  const input = example();
  input.collateral = { ...input.collateral, creditLine: { limit: '1000', used: '0' } };
  const { code, stdout, stderr } = margin(['risk', '-', '--json'], JSON.stringify(input));
  assert.equal(code, 0, stderr);
  const json = JSON.parse(stdout) as { account: Record<string, string>; credit: Record<string, string> };
  assert.equal(json.account['ownEquity'], '416.02');
  assert.equal(json.account['equity'], '1416.02');
  assert.equal(json.account['withdrawable'], '76.525');
  assert.equal(json.credit['available'], '1000');
});

for (const [title, change, line] of [
  ['unknown collateral asset', (i: ReturnType<typeof example>) => { i.collateral = { assets: [{ asset: 'DOGE', quantity: '1', indexPrice: '0.1' }] }; }, /^error: collateral\.assets\[0\]\.asset: unknown collateral asset "DOGE"/],
  ['haircut tiers out of order', (i: ReturnType<typeof example>) => {
    i.collateral = { assets: [{ asset: 'USDT', quantity: '1', indexPrice: '1', haircut: { tiers: [{ upTo: '10', ratio: '1' }, { upTo: '5', ratio: '0.9' }] } }, { asset: 'USDC', quantity: '0', indexPrice: '1' }] };
  }, /^error: collateral\.assets\[0\]\.haircut\.tiers\[1\]\.upTo: tiers out of order/],
  ['negative credit', (i: ReturnType<typeof example>) => { i.collateral = { ...i.collateral, creditLine: { limit: '-5' } }; }, /^error: collateral\.creditLine\.limit: must not be negative/],
] as const) {
  test(`bad input: ${title} is one clear error naming the field (exit 2)`, () => {
    const input = example();
    change(input);
    const { code, stdout, stderr } = margin(['risk', '-', '--json'], JSON.stringify(input));
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, line);
  });
}
