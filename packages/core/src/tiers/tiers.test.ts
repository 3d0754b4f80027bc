import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTierTable, maintenanceForTier, tierAt, tierIndexFor, type TierRow } from './tiers.js';
import { parseFixed, formatFixed } from '../num/index.js';
import { InputError } from '../errors.js';
import { BINANCE_USDM_SNAPSHOTS } from '../venues/snapshots/binance.js';
import { PROFILES } from '../venues/views.js';
import { buildInstrument } from '../input/instrument-input.js';
import { HYPERLIQUID_ETH_SNAPSHOT_TIERS, SNAPSHOT_PROBE_X } from '@margin/testkit';
import { kitInstrument, kitInstrumentInput } from '../testing/kit-instrument.js';

const row = (floor: string, rate: string, maxLeverage: string, amount?: string): TierRow => ({
  notionalFloor: parseFixed(floor),
  maintenanceRate: parseFixed(rate),
  maxLeverage: parseFixed(maxLeverage),
  maintenanceAmount: amount === undefined ? undefined : parseFixed(amount),
});

test('Binance BTCUSDT brackets: the recursion reproduces every published cum (freqtrade binance_leverage_tiers.json, https://github.com/freqtrade/freqtrade)', () => {
  const snapshot = BINANCE_USDM_SNAPSHOTS.find((s) => s.symbol === 'BTCUSDT');
  assert.ok(snapshot);
  const derived = buildTierTable(
    snapshot.tiers.map((t) => row(t.notionalFloor, t.maintenanceRate ?? '0', t.maxLeverage)),
    ['tiers'],
  );
  const cum = derived.map((tier) => formatFixed(tier.maintenanceAmount));
  assert.deepEqual(cum, ['0', '50', '950', '11450', '131450', '481450', '2981450', '14481450', '26481450', '41481450', '121481450', '421481450']);
});

test('every shipped tier snapshot of every profile loads through the input path', () => {
  for (const profile of PROFILES) {
    for (const snapshot of profile.tierSnapshots) {
      const instrument = buildInstrument(
        profile,
        { ...kitInstrumentInput(SNAPSHOT_PROBE_X), tierTable: snapshot.symbol },
        ['instruments', 0],
      );
      assert.equal(instrument.tiers.length, snapshot.tiers.length, `${profile.name} ${snapshot.symbol}`);
      assert.match(instrument.tiersSource, new RegExp(`snapshot ${snapshot.symbol.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} as of ${snapshot.asOf}`));
    }
  }
});

test('Hyperliquid derives the maintenance rate as half the initial rate at max leverage, rounded up', () => {
  const hyperliquid = PROFILES.find((p) => p.name === 'hyperliquid');
  assert.ok(hyperliquid);
  const eth = kitInstrument(HYPERLIQUID_ETH_SNAPSHOT_TIERS, hyperliquid);
  assert.equal(formatFixed(eth.tiers[1]?.maintenanceRate ?? 0n), '0.033333333333333334'); // 1/30 rounded up
});

test('Binance FAQ maintenance margins: 3,500,032.458 x 2.5% - 16,300 and 4,918,775.081 x 10% - 135,365 (vector 5)', () => {
  const btc = buildTierTable([row('0', '0.004', '125'), row('50000', '0.005', '100'), row('250000', '0.01', '50'), row('1000000', '0.025', '20')], ['t']);
  const tier = tierAt(btc, tierIndexFor(btc, parseFixed('3500032.458')));
  assert.equal(formatFixed(tier.maintenanceAmount), '16300');
  assert.equal(formatFixed(maintenanceForTier(tier, parseFixed('3500032.458'))), '71200.81145');
  const eth = buildTierTable(
    [row('0', '0.005', '100'), row('10000', '0.0065', '75'), row('100000', '0.01', '50'), row('500000', '0.02', '25'), row('1000000', '0.05', '10'), row('2000000', '0.1', '5')],
    ['t'],
  );
  const ethTier = tierAt(eth, tierIndexFor(eth, parseFixed('4918775.081')));
  assert.equal(formatFixed(maintenanceForTier(ethTier, parseFixed('4918775.081'))), '356512.5081');
});

test('tier choice: floors are inclusive, the last tier whose floor <= notional applies', () => {
  const table = buildTierTable([row('0', '0.004', '125'), row('50000', '0.005', '100'), row('250000', '0.01', '50')], ['t']);
  assert.equal(tierIndexFor(table, parseFixed('0')), 0);
  assert.equal(tierIndexFor(table, parseFixed('49999.99')), 0);
  assert.equal(tierIndexFor(table, parseFixed('50000')), 1);
  assert.equal(tierIndexFor(table, parseFixed('1000000000')), 2);
});

test('maintenance margin is continuous across tier floors (tax-bracket rule)', () => {
  const table = buildTierTable([row('0', '0.004', '125'), row('50000', '0.005', '100'), row('250000', '0.01', '50')], ['t']);
  for (const floor of ['50000', '250000']) {
    const n = parseFixed(floor);
    const below = maintenanceForTier(tierAt(table, tierIndexFor(table, n) - 1), n);
    const at = maintenanceForTier(tierAt(table, tierIndexFor(table, n)), n);
    assert.equal(below, at);
  }
});

function problem(rows: TierRow[]): string {
  try {
    buildTierTable(rows, ['instruments', 0, 'tiers']);
  } catch (error) {
    assert.ok(error instanceof InputError);
    return error.message;
  }
  return 'no error';
}

test('inconsistent tiers are refused, naming the first bad row and the rule', () => {
  assert.equal(problem([]), 'instruments[0].tiers: must have at least one tier');
  assert.match(problem([row('10', '0.004', '125')]), /^instruments\[0\]\.tiers\[0\]\.notionalFloor: first tier must start at 0/);
  assert.match(problem([row('0', '0.004', '125'), row('0', '0.005', '100')]), /^instruments\[0\]\.tiers\[1\]\.notionalFloor: floors must increase/);
  assert.match(problem([row('0', '0.005', '125'), row('100', '0.004', '100')]), /^instruments\[0\]\.tiers\[1\]\.maintenanceRate: rates must not decrease/);
  assert.match(problem([row('0', '0.004', '125'), row('100', '0.005', '150')]), /^instruments\[0\]\.tiers\[1\]\.maxLeverage: max leverage must not increase/);
  assert.match(problem([row('0', '0.02', '100')]), /^instruments\[0\]\.tiers\[0\]\.maintenanceRate: maintenance rate "0.02" exceeds the initial rate 1\/100/);
  assert.match(problem([row('0', '1.5', '0.5')]), /maintenanceRate: must be between 0 and 1/);
  assert.equal(
    problem([row('0', '0.004', '125', '0'), row('50000', '0.005', '100', '50'), row('250000', '0.01', '50', '1000')]),
    'instruments[0].tiers[2].maintenanceAmount: must equal notionalFloor x (maintenanceRate - previous maintenanceRate) + previous maintenanceAmount = 1300, got "1000"',
  );
  assert.match(problem([row('0', '0.004', '125', '5')]), /tiers\[0\]\.maintenanceAmount: first tier must have maintenanceAmount 0/);
});
