import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../errors.js';
import { formatFixed, parseFixed as d } from '../num/index.js';
import { computeFundingRate, capBounds } from '../market/funding-rate.js';
import { premiumSample } from '../market/premium.js';
import { VENUES, VENUE_NAMES, findVenue, venue, venueLiquidation, venueMarket, venueMargin } from './registry.js';
import { requirePart, missingPartMessage } from './require-part.js';
import { VENUE_PARTS, VENUE_PART_TITLES, defineVenue, venueParts } from './venue.js';
import { LIQUIDATION_RULES, MARKET_PROFILES, PROFILES, PROFILE_NAMES, findMarketProfile, findProfile, liquidationRulesFor } from './views.js';
import { venueToJson } from './venue-json.js';

const accessors = { margin: venueMargin, market: venueMarket, liquidation: venueLiquidation } as const;

test('every venue resolves each part, or the error names the venue, the missing part and the parts it has', () => {
  for (const record of VENUES) {
    for (const part of VENUE_PARTS) {
      const value = record[part];
      if (value !== null) {
        assert.equal(accessors[part](record.name), value, `${record.name} ${part}`);
        continue;
      }
      assert.throws(
        () => accessors[part](record.name),
        (error: unknown) =>
          error instanceof InputError &&
          error.message === `profile: venue ${record.name} has no ${VENUE_PART_TITLES[part]} (it defines: ${venueParts(record).map((p) => VENUE_PART_TITLES[p]).join(', ')})`,
        `${record.name} ${part}`,
      );
    }
  }
});

test('the shipped venues: eleven names, and every one defines every part (bitmex gained margin rules: step risk limits)', () => {
  assert.deepEqual(VENUE_NAMES, ['generic', 'binance-usdm', 'binance-coinm', 'bybit-linear', 'bybit-inverse', 'dydx-v4', 'hyperliquid', 'drift-v2', 'bitmex', 'deribit', 'okx']);
  const missing = VENUES.flatMap((record) => VENUE_PARTS.filter((part) => record[part] === null).map((part) => `${record.name}:${part}`));
  assert.deepEqual(missing, []);
  assert.equal(venueMargin('bitmex', ['--profile']).tierRule, 'step');
});

test('a venue the engine can run (margin rules) also has the market and liquidation rules the engine reads', () => {
  // The engine's funding price and liquidation set-up read these parts by the margin profile's name.
  for (const record of VENUES.filter((r) => r.margin !== null)) {
    assert.notEqual(record.market, null, record.name);
    assert.notEqual(record.liquidation, null, record.name);
  }
});

test('an unknown name is refused with the known names, at the caller path', () => {
  assert.throws(() => venue('okx-swap', ['--profile']), {
    name: 'InputError',
    message: `--profile: unknown profile "okx-swap" (known: ${VENUE_NAMES.join(', ')})`,
  });
  for (const accessor of Object.values(accessors)) assert.throws(() => accessor('nope'), /profile: unknown profile "nope" \(known: generic, binance-usdm/);
  assert.equal(findVenue('nope'), undefined);
});

test('a venue without any rules says so', () => {
  const bare = defineVenue({ name: 'bare', title: 'Bare', contractKind: 'linear' });
  assert.deepEqual(venueParts(bare), []);
  assert.equal(missingPartMessage(bare, 'liquidation'), 'venue bare has no liquidation rules (it defines: none)');
  const fundingOnly = defineVenue({ name: 'funding-only', title: 'F', contractKind: 'inverse', market: { ...venueMarket('generic') } });
  assert.throws(() => requirePart(fundingOnly, 'margin', ['NAME']), { message: 'NAME: venue funding-only has no margin rules (it defines: market and funding rules)' });
  assert.equal(requirePart(fundingOnly, 'market').name, 'funding-only');
  assert.equal(requirePart(fundingOnly, 'market').contractKind, 'inverse');
});

test('one name per record: every part carries the venue name, the snapshots and the contract kind', () => {
  for (const record of VENUES) {
    if (record.margin !== null) {
      assert.equal(record.margin.name, record.name);
      assert.equal(record.margin.tierSnapshots, record.tierSnapshots);
    }
    if (record.market !== null) {
      assert.equal(record.market.name, record.name);
      assert.equal(record.market.contractKind, record.contractKind);
    }
    if (record.liquidation !== null) assert.equal(record.liquidation.profile, record.name);
    for (const snapshot of record.tierSnapshots) assert.match(snapshot.asOf, /^\d{4}-\d{2}-\d{2}$/, `${record.name} ${snapshot.symbol}`);
  }
  const inverse = VENUES.filter((record) => record.contractKind === 'inverse').map((record) => record.name);
  assert.deepEqual(inverse, ['binance-coinm', 'bybit-inverse', 'bitmex', 'deribit']); // the funding default the CLI used to hard-code
});

test('every venue cites a public source, and no source points at a file users do not have', () => {
  for (const record of VENUES) {
    if (record.name !== 'generic') assert.ok(record.sources.some((source) => source.includes('https://')), record.name);
    const snapshotSources = record.tierSnapshots.map((snapshot) => snapshot.source);
    for (const source of [...record.sources, ...snapshotSources]) assert.doesNotMatch(source, /shared\/|exchanges\.md|peers\.md/, `${record.name}: ${source}`);
  }
});

test('the old registries are views over the records, without a silent fallback', () => {
  assert.deepEqual(PROFILES.map((p) => p.name), VENUES.filter((record) => record.margin !== null).map((record) => record.name));
  assert.deepEqual(PROFILE_NAMES, PROFILES.map((p) => p.name));
  assert.deepEqual(MARKET_PROFILES.map((p) => p.name), VENUE_NAMES);
  assert.deepEqual(LIQUIDATION_RULES.map((r) => r.profile), VENUE_NAMES);
  assert.equal(findProfile('binance-usdm'), venueMargin('binance-usdm'));
  assert.equal(findProfile('bitmex'), venueMargin('bitmex'));
  assert.equal(findProfile('no-such-venue'), undefined);
  assert.equal(findMarketProfile('drift-v2'), venueMarket('drift-v2'));
  assert.equal(liquidationRulesFor('drift-v2').deficit, 'socialize');
  assert.throws(() => liquidationRulesFor('okx-swap'), /unknown profile "okx-swap"/); // was: generic's rules
});

test('drift-v2 funding: (mark - oracle) / oracle + 0.02%/day, capped at 1/33 per day, paid hourly as 1/24 at the oracle', () => {
  const rules = venueMarket('drift-v2').funding;
  assert.equal(rules.paymentPrice, 'oracle');
  const premium = premiumSample({ impactBid: null, impactAsk: null, indexPrice: d('100'), markPrice: d('100.3') }, rules.premiumReference);
  assert.equal(formatFixed(premium), '0.003');
  const bounds = capBounds(rules.cap, {});
  const normal = computeFundingRate({ rules, intervalHours: 1, premiumAverage: premium, capBounds: bounds });
  assert.equal(normal.basisHours, 24);
  assert.equal(formatFixed(normal.formulaRate), '0.0032'); // 0.3% spread + 0.02% offset per day
  assert.equal(formatFixed(normal.rate), '0.000133333333333333'); // / 24, truncated toward zero
  const wide = computeFundingRate({ rules, intervalHours: 1, premiumAverage: d('0.05'), capBounds: bounds });
  assert.equal(wide.cap?.hit, true);
  assert.equal(formatFixed(wide.rate), '0.001262626262626262'); // (1/33) / 24
  const negative = computeFundingRate({ rules, intervalHours: 1, premiumAverage: d('-0.05'), capBounds: bounds });
  assert.equal(formatFixed(negative.rate), '-0.001262626262626262');
});

test('venue JSON: decimal strings, the parts, margin fields at the top as before', () => {
  const json = venueToJson(venue('hyperliquid'));
  assert.equal(json.name, 'hyperliquid');
  assert.equal(json['positionValueBasis'], 'mark');
  assert.deepEqual(json.parts, ['margin', 'market', 'liquidation']);
  const liquidation = json['liquidation'] as { chunkNotional: string; backstopBelow: { numerator: string } };
  assert.equal(liquidation.chunkNotional, '100000');
  assert.equal(liquidation.backstopBelow.numerator, '2');
  const market = json['market'] as { funding: { cap: { cap: string } } };
  assert.equal(market.funding.cap.cap, '0.04');
  const bitmex = venueToJson(venue('bitmex'));
  assert.deepEqual(bitmex.parts, ['margin', 'market', 'liquidation']);
  assert.equal(bitmex['tierRule'], 'step');
  assert.equal(json['tierRule'], undefined); // records without the step rule print as before
  assert.doesNotThrow(() => JSON.stringify(VENUES.map(venueToJson)));
});
