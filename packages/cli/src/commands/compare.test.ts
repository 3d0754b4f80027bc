/** `margin compare` end to end: every venue's figures are exactly `margin risk --profile NAME`'s, refusals and differences named. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BTCUSDT_LINEAR_3TIER_TAKER_6BP, BTCUSD_INVERSE_100_MMR05 } from '@margin/testkit';

const bin = fileURLToPath(new URL('../../bin/margin.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'margin-compare-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const margin = (args: string[], input?: string) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input: input ?? '' });

// The trigger property's linear BTCUSDT (tick 0.1, lot 0.001, three tiers, 0.06% taker fee) at a mark of 60,000.
const account = {
  account: { balance: '20000', positionMode: 'one-way' },
  instruments: [{ ...BTCUSDT_LINEAR_3TIER_TAKER_6BP, markPrice: '60000' }],
  positions: [{ symbol: 'BTCUSDT', side: 'long', size: '2', entryPrice: '62000', leverage: '20' }],
};

interface Compared {
  venues: Array<{ venue: string; holds: boolean; reason: string | null; account: unknown; positions: unknown[] }>;
  differences: Array<{ rule: string; values: Record<string, string> }>;
  tierDifferences: Array<{ symbol: string }>;
  refusals: Array<{ venue: string; code: string; message: string }>;
}

test('margin compare --json: each venue that holds the account reports exactly what margin risk --profile reports', () => {
  const file = join(dir, 'account.json');
  writeFileSync(file, JSON.stringify(account));
  const run = margin(['compare', file, '--json']);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as Compared;
  const held = report.venues.filter((v) => v.holds);
  assert.ok(held.length >= 5, `held by ${held.map((v) => v.venue).join(', ')}`);
  for (const venue of held) {
    const risk = margin(['risk', file, '--json', '--profile', venue.venue]);
    assert.equal(risk.status, 0, risk.stderr);
    const expected = JSON.parse(risk.stdout) as { account: unknown; positions: unknown[] };
    assert.deepEqual(venue.account, expected.account, venue.venue);
    assert.deepEqual(venue.positions, expected.positions, venue.venue);
  }
  const refused = report.venues.filter((v) => !v.holds);
  assert.ok(refused.length >= 1);
  for (const venue of refused) assert.match(venue.reason ?? '', /lists inverse contracts; BTCUSDT is linear-perpetual/);
  assert.deepEqual(report.refusals, refused.map((v) => ({ venue: v.venue, code: 'contract-kind', message: v.reason })), 'each refusal with its code');
  const basis = report.differences.find((d) => d.rule === 'positionValueBasis');
  assert.equal(basis?.values['bybit-linear'], 'entry');
  assert.equal(basis?.values['binance-usdm'], 'mark');
  assert.ok(report.differences.some((d) => d.rule === 'initialMargin' && d.values['dydx-v4'] === 'tier'));
  assert.equal(report.tierDifferences[0]?.symbol, 'BTCUSDT', "dYdX's IMF is the tier's, not the requested 20x");
});

test('margin compare prints the venues side by side; an input no venue can hold exits 2 naming the reasons', () => {
  const run = margin(['compare', '-'], JSON.stringify(account));
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^Account under each venue/);
  assert.match(run.stdout, /bybit-linear +16,000 +6,200 /, 'Bybit: IM at the entry price, 2 x 62,000 / 20');
  assert.match(run.stdout, /positionValueBasis: .*\n {4}mark: generic, binance-usdm.*\n {4}entry: bybit-linear/);
  const bad = margin(['compare', '-'], JSON.stringify({ ...account, positions: [{ ...account.positions[0], size: '-1' }] }));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^error: positions\[0\]\.size: must be greater than 0, got "-1"\n$/, 'one error under every venue: said once');
  // The API harness's inverse BTCUSD (100 USD contracts, settled in BTC).
  const inverse = {
    account: { balance: '1', positionMode: 'one-way' },
    instruments: [{ ...BTCUSD_INVERSE_100_MMR05, markPrice: '60000' }],
    positions: [{ symbol: 'BTCUSD', side: 'long', size: '200', entryPrice: '62000', leverage: '20' }],
  };
  const mixed = margin(['compare', '-', '--json'], JSON.stringify(inverse));
  assert.equal(mixed.status, 0, mixed.stderr);
  const held = (JSON.parse(mixed.stdout) as Compared).venues.filter((v) => v.holds).map((v) => v.venue);
  assert.ok(held.length >= 1 && !held.includes('binance-usdm'), `inverse held by ${held.join(', ')}`);
  // Linear and inverse contracts together: no venue lists both kinds, so none holds the account.
  const both = { ...account, instruments: [...account.instruments, ...inverse.instruments], positions: [...account.positions, ...inverse.positions] };
  const none = margin(['compare', '-'], JSON.stringify(both));
  assert.equal(none.status, 2, none.stdout);
  assert.equal(none.stdout, '');
  assert.match(none.stderr, /^error: \(input\): no venue can hold this account \(generic: .*lists .* contracts; .*\)\n$/);
  // A wallet without positions: the one input error, said once.
  const wallet = margin(['compare', '-'], JSON.stringify({ account: account.account, instruments: [], positions: [] }));
  assert.equal(wallet.status, 2);
  assert.equal(wallet.stderr, 'error: instruments: must have at least 1 item\n');
});
