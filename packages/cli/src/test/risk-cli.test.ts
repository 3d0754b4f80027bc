/**
 * `margin risk` as a user runs it: a real child process, real files and stdin, exit codes and
 * the one-line error for every kind of bad input the issue lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RISK_EXAMPLE_BTCUSDT, RISK_EXAMPLE_ETHUSDT } from '@margin/testkit';
import { MARGIN_BIN, REPO_ROOT } from './repo-paths.js';

function margin(args: string[], stdin?: string) {
  const result = spawnSync(process.execPath, [MARGIN_BIN, ...args], { input: stdin ?? '', encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ISSUE_EXAMPLE = {
  profile: 'binance-usdm',
  account: { balance: '1535443.01', positionMode: 'one-way' },
  instruments: [
    { ...RISK_EXAMPLE_BTCUSDT, markPrice: '31967.27' },
    { ...RISK_EXAMPLE_ETHUSDT, markPrice: '1400' },
  ],
  positions: [
    { symbol: 'BTCUSDT', side: 'long', size: '109.488', entryPrice: '32481.98', leverage: '20', margin: 'cross' },
    { symbol: 'ETHUSDT', side: 'short', size: '2', entryPrice: '1500', leverage: '10', margin: 'isolated', isolatedBalance: '300' },
  ],
};

type Json = Record<string, unknown>;
/** The example as plain JSON a test may break in any field. */
interface RiskFile extends Json {
  account: Json;
  instruments: Json[];
  positions: Json[];
}

function withChange(change: (input: RiskFile) => void): string {
  const input = structuredClone(ISSUE_EXAMPLE) as unknown as RiskFile;
  change(input);
  return JSON.stringify(input);
}

test('the issue\'s input shape runs and --json prints every number as a decimal string', () => {
  const { code, stdout, stderr } = margin(['risk', '-', '--json'], JSON.stringify(ISSUE_EXAMPLE));
  assert.equal(code, 0, stderr);
  const json = JSON.parse(stdout) as { account: Record<string, unknown>; positions: Array<Record<string, unknown>> };
  for (const key of ['equity', 'initialMargin', 'maintenanceMargin', 'marginRatio', 'availableBalance']) {
    assert.equal(typeof json.account[key], 'string', key);
  }
  assert.equal(typeof json.account['liquidatable'], 'boolean');
  assert.equal(json.positions.length, 2);
  for (const position of json.positions) {
    for (const key of ['notional', 'unrealizedPnl', 'initialMargin', 'maintenanceMargin']) assert.match(String(position[key]), /^-?\d+(\.\d+)?$/, key);
    assert.ok(position['liquidationPrice'] === null || typeof position['liquidationPrice'] === 'string');
    assert.ok(position['bankruptcyPrice'] === null || typeof position['bankruptcyPrice'] === 'string');
  }
  assert.equal(json.positions[0]?.['margin'], 'cross');
  assert.equal(json.positions[1]?.['margin'], 'isolated');
  // isolated short 2 ETH @ 1,500 with 300: liquidation where 300 + 2 (1500 - P) = 0.005 x 2 P -> P = 3300 / 2.01
  // = 1,641.791044776..., rounded down (a short) to Binance's 8 decimals
  assert.equal(json.positions[1]?.['liquidationPrice'], '1641.79104477');
});

test('a readable table by default, from a file path', () => {
  const { code, stdout } = margin(['risk', join(REPO_ROOT, 'examples', 'binance-faq-cross.json')]);
  assert.equal(code, 0);
  assert.match(stdout, /maintenance margin\s+427,713\.319566 USDT/);
  assert.match(stdout, /BTCUSDT\s+long\s+cross/);
  assert.match(stdout, /liq\. price/);
});

test('--profile overrides the file and an unknown profile is refused', () => {
  const ok = margin(['risk', '-', '--json', '--profile', 'generic'], JSON.stringify(ISSUE_EXAMPLE));
  assert.equal(JSON.parse(ok.stdout).profile, 'generic');
  const bad = margin(['risk', '-', '--profile', 'nope'], JSON.stringify(ISSUE_EXAMPLE));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: --profile: unknown profile "nope" \(known: generic, binance-usdm/);
});

const BAD_INPUTS: Array<[string, string, RegExp]> = [
  ['malformed JSON', '{"profile": "generic", "account": {', /^error: input: is not valid JSON/],
  ['empty input', '', /^error: input: is empty/],
  ['unknown symbol', withChange((i) => { i.positions[1]!.symbol = 'SOLUSDT'; }), /^error: positions\[1\]\.symbol: unknown symbol "SOLUSDT" \(not in instruments\)$/],
  ['a number where a string belongs', withChange((i) => { (i.instruments[0] as Record<string, unknown>)['markPrice'] = 31967.27; }), /^error: instruments\[0\]\.markPrice: must be a decimal string like "123\.45" \(JSON numbers are not accepted\), got number 31967\.27$/],
  ['negative size', withChange((i) => { i.positions[0]!.size = '-2'; }), /^error: positions\[0\]\.size: must be greater than 0, got "-2"$/],
  ['exponent', withChange((i) => { i.positions[0]!.size = '1e3'; }), /^error: positions\[0\]\.size: must be a plain decimal string without an exponent, got "1e3"$/],
  ['too many fraction digits', withChange((i) => { i.positions[0]!.entryPrice = '1.0000000000000000001'; }), /^error: positions\[0\]\.entryPrice: has 19 fraction digits, at most 18 allowed/],
  ['empty string', withChange((i) => { i.account.balance = ''; }), /^error: account\.balance: must be a decimal string, got an empty string$/],
  ['isolated without isolatedBalance', withChange((i) => { delete (i.positions[1] as Record<string, unknown>)['isolatedBalance']; }), /^error: positions\[1\]\.isolatedBalance: is required for an isolated position$/],
  ['inconsistent tiers', withChange((i) => { i.instruments[0]!.tiers = [{ notionalFloor: '0', maintenanceRate: '0.004', maintenanceAmount: '0', maxLeverage: '125' }, { notionalFloor: '50000', maintenanceRate: '0.005', maintenanceAmount: '60', maxLeverage: '100' }]; }), /^error: instruments\[0\]\.tiers\[1\]\.maintenanceAmount: must equal notionalFloor x \(maintenanceRate - previous maintenanceRate\) \+ previous maintenanceAmount = 50, got "60"$/],
  ['unknown kind', withChange((i) => { i.instruments[0]!.kind = 'option'; }), /^error: instruments\[0\]\.kind: must be one of "linear-perpetual", "inverse-perpetual", "linear-future", "inverse-future", got "option"$/],
  ['missing field', withChange((i) => { delete (i.positions[0] as Record<string, unknown>)['entryPrice']; }), /^error: positions\[0\]\.entryPrice: is required$/],
  ['future without expiry', withChange((i) => { i.instruments[0]!.kind = 'linear-future'; }), /^error: instruments\[0\]\.expiry: is required for kind "linear-future"$/],
  ['two positions in one symbol in one-way mode', withChange((i) => { i.positions[1]!.symbol = 'BTCUSDT'; }), /^error: positions\[1\]\.symbol: one-way mode holds one position per symbol/],
  ['cross positions in two settle assets', withChange((i) => { i.instruments[1]!.settle = 'USDC'; delete (i.positions[1] as Record<string, unknown>)['isolatedBalance']; i.positions[1]!.margin = 'cross'; }), /^error: positions\[1\]\.symbol: cross positions must share one settle asset/],
];

for (const [what, input, expected] of BAD_INPUTS) {
  test(`bad input exits 2 with one line: ${what}`, () => {
    const { code, stdout, stderr } = margin(['risk', '-'], input);
    assert.equal(code, 2, stderr);
    assert.equal(stdout, '');
    assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
    assert.match(stderr.trimEnd(), expected);
  });
}

test('a missing file exits 2 naming the file', () => {
  const { code, stderr } = margin(['risk', join(REPO_ROOT, 'no-such-file.json')]);
  assert.equal(code, 2);
  assert.match(stderr, /^error: FILE: cannot read ".*no-such-file\.json" \(ENOENT\)/);
});

test('unknown fields are ignored with a warning naming them, not refused', () => {
  const input = withChange((i) => { (i.positions[0] as Record<string, unknown>)['isolatedBalanse'] = '1'; });
  const { code, stderr } = margin(['risk', '-', '--json'], input);
  assert.equal(code, 0);
  assert.match(stderr, /^warning: positions\[0\]\.isolatedBalanse: unknown field, ignored$/m);
});

test('npm start\'s bundled example is valid', () => {
  const example = readFileSync(join(REPO_ROOT, 'examples', 'binance-faq-cross.json'), 'utf8');
  assert.equal(margin(['risk', '-', '--json'], example).code, 0);
});
