import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRisk } from './risk.js';

// The ETH example of Deribit's private/pme/simulate (2026-02-15): its model_params, given in the file.
const ethShort = (params?: unknown): string =>
  JSON.stringify({
    profile: 'deribit-pm',
    currency: 'ETH',
    time: '2026-02-15T23:20:09Z',
    positions: [{ id: 'ETH-PERPETUAL', kind: 'future', quantity: '-0.999487053', forward: '1949.49' }],
    ...(params === undefined ? {} : { params }),
  });

interface GridReport {
  maintenance: string;
  initial: string;
  worstCase: string;
  rollShock: string;
  worstCell: { move: string };
  grid: Array<{ table: string; move: string; vol: string; pnl: string }>;
}
const grid = (text: string): GridReport => JSON.parse(runRisk(text, { json: true }).stdout) as GridReport;

test('margin risk params: the published model_params as overrides give the record figures; a changed range, offset or factor moves them (https://docs.deribit.com/api-reference/account-management/private-simulate)', () => {
  const recorded = grid(ethShort());
  const published = { priceRange: '0.18', bucketsPerSide: '4', volRangeUp: '0.4', volRangeDown: '0.25', shortTermVegaPower: '0.3', longTermVegaPower: '0.13', minVolatilityForShockUp: '0.5', extendedDampener: '200000', pnlOffset: '0.6', minAnnualisedMove: '0.005', maintenanceFactor: '0.8' };
  assert.deepEqual(grid(ethShort(published)), recorded);
  assert.equal(recorded.maintenance, '0.12596925');
  // A wider range: the worst cell moves to +20 % and its loss grows (q (1 - 1/1.2)).
  const wide = grid(ethShort({ priceRange: '0.2' }));
  assert.equal(wide.worstCell.move, '0.2');
  assert.equal(wide.worstCase, '0.16658118');
  // Gains counted in full at -20 %: the aggregated cell equals the position's P&L.
  const gains = grid(ethShort({ pnlOffset: '1' }));
  const down = gains.grid.find((c) => c.table === 'standard' && c.move === '-0.18' && c.vol === 'same');
  assert.equal(down?.pnl, '0.219399597'); // Deribit's vector: 0.21939959699999997
  assert.equal(grid(ethShort({ maintenanceFactor: '1' })).maintenance, recorded.initial);
  assert.equal(grid(ethShort({ minAnnualisedMove: '0' })).rollShock, '0');
});

test('margin risk params: OKX components overrides (a coin class, tiers, borrowing); bad values name the field, unknown names are warned', () => {
  const okx = (params: unknown, liability = '0'): { report: Record<string, string>; warnings: readonly string[] } => {
    const out = runRisk(JSON.stringify({ profile: 'okx-pm', currency: 'BTC', time: '2026-01-01T00:00:00Z', liability, positions: [{ id: 'P', kind: 'future', quantity: '1', forward: '100000' }], params }), { json: true });
    return { report: JSON.parse(out.stdout) as Record<string, string>, warnings: out.warnings };
  };
  // "Other" coins of the January 2025 notice: MR1 +-25 %, MR6 +-50 % (half counted: 25 %).
  const others = okx({ spotShocks: ['0.08', '0.16', '0.25'], extremeMove: '0.5', basisMinimum: '0.008' }).report;
  assert.deepEqual([others['mr1'], others['mr4'], others['mr6'], others['maintenance']], ['25000', '800', '25000', '25800']);
  const tiered = okx({ reductionRate: '0.2', reductionTiers: [{ upToNotional: '50000', multiplier: '1' }, { upToNotional: null, multiplier: '2' }] }).report;
  assert.deepEqual([tiered['mr7'], tiered['binding'], tiered['reductionMultiplier']], ['40000', 'mr7', '2']);
  const borrowed = okx({ borrowMaintenanceRate: '0.03', borrowInitialRate: '0.2' }, '1000').report;
  assert.deepEqual([borrowed['mr8'], borrowed['maintenance'], borrowed['initial']], ['30', '12230', '16060']);
  assert.deepEqual(okx({ extremMove: '0.3' }).warnings, ['params.extremMove: unknown field, ignored']);
  assert.throws(() => okx({ spotShocks: ['0'] }), { message: 'params.spotShocks[0]: must be greater than 0, got "0"' });
  assert.throws(() => okx({ reductionTiers: [{ upToNotional: '10', multiplier: '1' }] }), { message: 'params.reductionTiers[0].upToNotional: must be null on the last tier (open-ended)' });
  assert.throws(() => okx({ initialFactor: 1.3 }), /params\.initialFactor: must be a decimal string/);
  assert.throws(() => runRisk(ethShort({ bucketsPerSide: '2.5' }), { json: true }), { message: 'params.bucketsPerSide: must be a whole number, got "2.5"' });
  assert.throws(() => runRisk(ethShort({ priceRange: '0' }), { json: true }), { message: 'params.priceRange: must be greater than 0, got "0"' });
});

test('margin risk: an option given by its mark price is priced at the implied volatility (linear in quote, inverse in coin); a mark no volatility gives is revalued at the solver cap', () => {
  // Reference T16: short 1 call, F 60,000, K 66,000, 30 days, IV 60 % is worth 1,962.1563 USD (0.0327026 BTC).
  const file = (currency: string, option: Record<string, string>): string =>
    JSON.stringify({ profile: 'deribit-pm', currency, time: '2026-01-01T08:00:00Z', positions: [{ id: 'C66000', kind: 'option', quantity: '-1', optionType: 'call', strike: '66000', expiry: '2026-01-31T08:00:00Z', forward: '60000', ...option }] });
  for (const currency of ['USDC', 'BTC']) {
    const byIv = grid(file(currency, { volatility: '0.6' }));
    const byMark = grid(file(currency, { markPrice: currency === 'USDC' ? '1962.1563' : '0.03270260' }));
    assert.ok(Math.abs(Number(byMark.initial) - Number(byIv.initial)) <= (currency === 'USDC' ? 0.01 : 1e-7), `${currency}: ${byMark.initial} vs ${byIv.initial}`);
    assert.equal(byMark.worstCell.move, byIv.worstCell.move);
  }
  // A mark above the no-arbitrage bound has no implied volatility: revalued at the solver's cap (IV_MAX = 10), as the engine does.
  assert.equal(grid(file('USDC', { markPrice: '60000' })).initial, grid(file('USDC', { volatility: '10' })).initial);
  assert.throws(() => runRisk(file('USDC', { markPrice: '1962', volatility: '0.6' }), { json: true }), { message: 'positions[0].markPrice: give either volatility or markPrice, not both' });
  assert.throws(() => runRisk(file('USDC', {}), { json: true }), { message: 'positions[0].volatility: is required for an option' });
});

test('margin risk over several risk units (okx-pm): each unit is its own report, the account their sum; bad units are named', () => {
  const unit = (currency: string, quantity: string, forward: string, extra: Record<string, unknown> = {}) => ({ currency, positions: [{ id: `${currency}-USDT-SWAP`, kind: 'future', quantity, forward }], ...extra });
  const file = (units: unknown[], profile = 'okx-pm'): string => JSON.stringify({ profile, time: '2025-01-15T10:26:41Z', units });
  const one = (u: ReturnType<typeof unit>): { maintenance: string; initial: string } =>
    JSON.parse(runRisk(JSON.stringify({ profile: 'okx-pm', time: '2025-01-15T10:26:41Z', ...u }), { json: true }).stdout) as { maintenance: string; initial: string };
  const btc = unit('BTC', '-0.1', '97032.2', { liability: '1000' });
  const ltc = unit('LTC', '10', '101.89');
  const account = JSON.parse(runRisk(file([btc, ltc]), { json: true }).stdout) as { maintenance: string; initial: string; borrowMaintenance: string; units: Array<{ maintenance: string }>; explain: { maintenance: Array<{ amount: string }> } };
  assert.deepEqual(account.units.map((u) => u.maintenance), [one(btc).maintenance, one(ltc).maintenance]);
  const exact = (text: string): bigint => BigInt(Math.round(Number(text) * 1e8));
  assert.equal(exact(account.maintenance), exact(one(btc).maintenance) + exact(one(ltc).maintenance));
  assert.equal(exact(account.initial), exact(one(btc).initial) + exact(one(ltc).initial));
  assert.equal(account.borrowMaintenance, '20');
  assert.ok(Math.abs(account.explain.maintenance.reduce((s, l) => s + Number(l.amount), 0) - Number(account.maintenance)) < 1e-9);
  assert.match(runRisk(file([btc, ltc]), {}).stdout, /account +20 +/);
  assert.throws(() => runRisk(file([btc, btc]), {}), { message: 'units[1].currency: unit BTC is listed twice' });
  assert.throws(() => runRisk(file([unit('BTC', 'x', '1')]), {}), /^InputError: units\[0\]\.positions\[0\]\.quantity: must be a decimal string/);
  assert.throws(() => runRisk(file([unit('BTC', '1', '100000', { params: { settlement: 'inverse' } })]), {}), { message: 'units[0].currency: unit BTC is inverse: its amounts are coin and cannot be summed with the others' });
  assert.throws(() => runRisk(file([unit('BTC', '1', '100000')], 'deribit-pm'), {}), /^InputError: profile: units are summed for a components profile only/);
});
