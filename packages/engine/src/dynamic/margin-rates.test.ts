/**
 * `marginRates` (ADR 0025): a model's rates drive the instrument at once. The figures follow the
 * venue table of BTCUSDT in the test kit (Binance USDⓈ-M brackets: 0.4% / 125x to 50,000, 0.5% /
 * 100x to 250,000, 1% / 50x), so every expected value below is that table times the factor.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BTCUSDT_LINEAR_3TIER, at } from '@margin/testkit';
import { applyCommand, type EngineEvent } from '../apply/apply-command.js';
import { parseCommand } from '../commands/parse-command.js';
import { preview } from '../preview/preview.js';
import { accountRiskJson } from '../report/account-risk.js';
import { restoreState } from '../snapshot/restore.js';
import { snapshotState, snapshotValue, stateHash } from '../snapshot/snapshot.js';
import { Harness, fill, market } from '../testing/harness.js';

const rates = (extra: Record<string, unknown>, seconds = 10): Record<string, unknown> => ({
  type: 'marginRates',
  symbol: 'BTCUSDT',
  time: at(seconds),
  model: 'ewma',
  inputs: { sigma: '0.031', z: '2.326' },
  ...extra,
});
const types = (events: readonly EngineEvent[]): string[] => events.map((event) => event.type);
const tierRates = (h: Harness): [string, string][] =>
  (h.state.markets.get('BTCUSDT')?.instrument.tiers ?? []).map((tier) => [String(tier.maintenanceRate), String(tier.maxLeverage)]);
const E18 = 10n ** 18n;
const e18 = (text: string): bigint => {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * E18 + BigInt(fraction.padEnd(18, '0'));
};

describe('marginRates command', () => {
  it('scales every tier of the venue table and says so in one event', () => {
    const h = market({}, ['alice'], '1000');
    h.run(fill('alice', 'buy', '1', '30000'));
    const events = h.run(rates({ scale: '2', capShortfall: '0.001' }));
    assert.deepEqual(types(events), ['marginRatesChanged']);
    const event = events[0] as EngineEvent & Record<string, unknown>;
    assert.deepEqual(event['previous'], { maintenanceRate: '0.004', initialRate: '0.008', maxLeverage: '125' });
    assert.deepEqual(event['current'], { maintenanceRate: '0.008', initialRate: '0.016', maxLeverage: '62.5' });
    assert.equal(event['maintenanceScale'], '2');
    assert.equal(event['initialScale'], '2');
    assert.equal(event['capShortfall'], '0.001');
    assert.equal(event['model'], 'ewma');
    assert.deepEqual(event['inputs'], { sigma: '0.031', z: '2.326' });
    assert.deepEqual(tierRates(h), [
      [String(e18('0.008')), String(e18('62.5'))],
      [String(e18('0.01')), String(e18('50'))],
      [String(e18('0.02')), String(e18('25'))],
    ]);
    // The account's maintenance margin is the new rate x notional at once: 0.8% x 30,000.
    assert.equal(accountRiskJson(h.state, 'alice')?.account.maintenanceMargin, '240');
  });

  it('never compounds: a second command applies to the venue table, not to the rates in force', () => {
    const h = market();
    h.run(rates({ scale: '2' }, 10));
    const again = h.run(rates({ scale: '2' }, 20));
    assert.deepEqual((again[0] as Record<string, unknown>)['previous'], { maintenanceRate: '0.008', initialRate: '0.016', maxLeverage: '62.5' });
    assert.deepEqual((again[0] as Record<string, unknown>)['current'], { maintenanceRate: '0.008', initialRate: '0.016', maxLeverage: '62.5' });
    h.run(rates({ scale: '1' }, 30));
    assert.deepEqual(tierRates(h)[0], [String(e18('0.004')), String(e18('125'))]);
  });

  it('takes the first tier\'s initial rate; maintenance moves by the same factor, higher tiers keep their ratio', () => {
    const h = market();
    const [event] = h.run(rates({ initialRate: '0.02' })) as (EngineEvent & Record<string, unknown>)[];
    // factor 0.02 / 0.008 = 2.5: 0.4% -> 1%, 125x -> 50x; 0.5% -> 1.25%, 100x -> 40x; 1% -> 2.5%, 50x -> 20x.
    assert.deepEqual(event?.['current'], { maintenanceRate: '0.01', initialRate: '0.02', maxLeverage: '50' });
    assert.equal(event?.['initialScale'], '2.5');
    assert.deepEqual(tierRates(h), [
      [String(e18('0.01')), String(e18('50'))],
      [String(e18('0.0125')), String(e18('40'))],
      [String(e18('0.025')), String(e18('20'))],
    ]);
  });

  it('takes both first-tier rates with their own factors', () => {
    const h = market();
    const [event] = h.run(rates({ initialRate: '0.02', maintenanceRate: '0.006' })) as (EngineEvent & Record<string, unknown>)[];
    assert.deepEqual(event?.['current'], { maintenanceRate: '0.006', initialRate: '0.02', maxLeverage: '50' });
    assert.equal(event?.['maintenanceScale'], '1.5');
    assert.equal(event?.['initialScale'], '2.5');
  });

  it('liquidates in the same command when the new maintenance margin exceeds equity', () => {
    const h = market({}, ['alice', 'bob'], '300');
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(fill('bob', 'sell', '0.1', '30000'));
    // alice: equity 300, maintenance 120 at 0.4%; at 3x (1.2%) it is 360 > 300.
    const events = h.run(rates({ scale: '3' }));
    assert.equal(events[0]?.type, 'marginRatesChanged');
    assert.ok(types(events).includes('marginCall'), types(events).join(','));
    const started = events.filter((event) => event.type === 'liquidationStarted');
    assert.deepEqual(started.map((event) => event['account']), ['alice']);
  });

  it('pre-trade checks follow the new initial rate', () => {
    const h = market({}, ['alice'], '300');
    h.run(rates({ scale: '4' }));
    // 1 BTC at 30,000 needs 30,000 / 31.25 = 960 of initial margin now; alice has 300.
    const refused = h.one(fill('alice', 'buy', '1', '30000'));
    assert.equal(refused.type, 'rejected');
    assert.equal(refused['code'], 'initial_margin_insufficient');
    h.run(rates({ scale: '1' }, 20));
    assert.equal(h.run(fill('alice', 'buy', '1', '30000', { time: at(21) }))[0]?.type, 'filled');
  });

  it('refuses bad rates with one rejection naming the field, and changes nothing', () => {
    const h = market();
    h.run(rates({ scale: '2' }, 100));
    const marketsBefore = JSON.stringify((snapshotValue(h.state) as { markets: unknown }).markets);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [rates({ scale: '2' }, 50), 'margin_rates_stale', /last set at/],
      [rates({ scale: '2', initialRate: '0.01' }, 200), 'margin_rates_invalid', /marginRates\.scale: give either scale/],
      [rates({}, 200), 'margin_rates_invalid', /marginRates\.scale: is required/],
      [rates({ initialRate: '0.005', maintenanceRate: '0.01' }, 200), 'margin_rates_invalid', /marginRates\.tiers\[0\]\.maintenanceRate: maintenance rate "0\.01" exceeds the initial rate/],
      [rates({ scale: '300' }, 200), 'margin_rates_invalid', /marginRates\.tiers\[0\]\.maintenanceRate: must be between 0 and 1, got "1\.2"/],
      [rates({ symbol: 'NOPE', scale: '2' }, 200), 'instrument_not_found', /NOPE/],
    ];
    for (const [json, code, reason] of cases) {
      const event = h.one(json);
      assert.equal(event.type, 'rejected');
      assert.equal(event['code'], code);
      assert.match(String(event['reason']), reason);
    }
    assert.equal(JSON.stringify((snapshotValue(h.state) as { markets: unknown }).markets), marketsBefore, 'markets unchanged');
  });

  it('refuses malformed input at the boundary with the field named', () => {
    assert.throws(() => parseCommand({ ...rates({ scale: '-1' }), id: 'x' }), /marginRates\.scale: must be greater than 0/);
    assert.throws(() => parseCommand({ ...rates({ scale: '2', inputs: { sigma: 0.03 } }), id: 'x' }), /marginRates\.inputs\.sigma: must be a string/);
    assert.throws(() => parseCommand({ type: 'marginRates', id: 'x', symbol: 'BTCUSDT', time: at(1), scale: '2' }), /marginRates\.model: is required/);
  });

  it('an instrument command puts the venue table back in force', () => {
    const h = market();
    h.run(rates({ scale: '2' }));
    h.run({ type: 'instrument', instrument: BTCUSDT_LINEAR_3TIER });
    assert.equal(h.state.markets.get('BTCUSDT')?.dynamicRates, null);
    assert.deepEqual(tierRates(h)[0], [String(e18('0.004')), String(e18('125'))]);
    // and the next rates apply to the new venue table, at any time
    h.run(rates({ scale: '3' }, 5));
    assert.deepEqual(tierRates(h)[0], [String(e18('0.012')), String(e18('41.666666666666666666'))]);
  });

  it('snapshot, restore and replay give the same text and hash; a snapshot without rates is unchanged', () => {
    const plain = market({}, ['alice'], '1000');
    plain.run(fill('alice', 'buy', '1', '30000'));
    assert.ok(!snapshotState(plain.state).includes('dynamicRates'));
    const h = market({}, ['alice'], '1000');
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(rates({ scale: '1.5' }));
    const text = snapshotState(h.state);
    assert.ok(text.includes('"dynamicRates"'));
    const restored = restoreState(text);
    assert.equal(snapshotState(restored), text);
    // The restored state keeps the venue table as the base: scale 1 gives the venue rates back.
    const replay = new Harness();
    for (const json of h.log) replay.run(json as Record<string, unknown>);
    assert.equal(stateHash(replay.state), stateHash(h.state));
    const next = parseCommand(rates({ id: 'r-next', scale: '1' }, 20));
    const seq = h.state.lastSeq + 1;
    const live = applyCommand(h.state, next, { seq });
    const resumed = applyCommand(restored, next, { seq });
    assert.deepEqual(resumed.events, live.events);
    assert.equal(stateHash(restored), stateHash(h.state));
    assert.equal(restored.markets.get('BTCUSDT')?.instrument.tiers[0]?.maintenanceRate, e18('0.004'));
  });

  it('previews exactly what apply does and leaves the state as it was', () => {
    const h = market({}, ['alice', 'bob'], '300');
    h.run(fill('alice', 'buy', '1', '30000'));
    h.run(fill('bob', 'sell', '0.1', '30000'));
    const hash = stateHash(h.state);
    const command = parseCommand({ ...rates({ scale: '3' }), id: 'what-if' });
    const seen = preview(h.state, command);
    assert.equal(stateHash(h.state), hash);
    assert.equal(h.state.markets.get('BTCUSDT')?.dynamicRates, null);
    const applied = h.run({ ...rates({ scale: '3' }), id: 'what-if' });
    assert.deepEqual(seen.events.map((event) => ({ ...event, seq: 0 })), applied.map((event) => ({ ...event, seq: 0 })));
  });
});
