/**
 * Goal: `compareVenues` lists why each venue cannot hold an account (venue, code, message) and
 * answers even when none can; `compareVenuesOrThrow` (`margin compare`) keeps throwing then.
 * Method: real venue records over small inputs: a linear account (the inverse venues refuse it
 * by contract kind), a wallet without positions, a linear and an inverse contract together (no
 * venue lists both kinds) and a bad field (the same error under every venue).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../errors.js';
import { compareVenues, compareVenuesOrThrow } from './compare-venues.js';
import { BTCUSDT_LINEAR_1TIER, BTCUSD_INVERSE_100_MMR05 } from '@margin/testkit';

const linear = {
  account: { balance: '5000' },
  instruments: [{ ...BTCUSDT_LINEAR_1TIER, markPrice: '30000' }],
  positions: [{ symbol: 'BTCUSDT', side: 'long', size: '1', entryPrice: '30000', leverage: '10' }],
};

describe('compare: each venue\'s refusal', () => {
  it('a linear account: the refusals are the venues that do not hold it, by contract kind, with the reason each venue gives', () => {
    const report = compareVenues(linear);
    const refused = report.venues.filter((v) => !v.holds);
    assert.ok(refused.length >= 1 && report.venues.some((v) => v.holds));
    assert.deepEqual(report.refusals, refused.map((v) => ({ venue: v.venue, code: 'contract-kind', message: v.reason })));
    for (const r of report.refusals) assert.match(r.message, /lists inverse contracts; BTCUSDT is linear-perpetual$/);
    assert.deepEqual(compareVenuesOrThrow(linear), report, 'a held account: the same answer');
  });

  it('a wallet without positions: every venue refuses it as no-positions; margin compare still says the one input error', () => {
    const wallet = { account: { balance: '5000' }, instruments: [], positions: [] };
    const report = compareVenues(wallet);
    assert.equal(report.venues.filter((v) => v.holds).length, 0);
    assert.equal(report.refusals.length, report.venues.length);
    for (const r of report.refusals) {
      assert.equal(r.code, 'no-positions', r.venue);
      assert.equal(r.message, 'the account holds no position to margin (instruments: must have at least 1 item)');
    }
    assert.deepEqual(report.differences, []);
    assert.deepEqual(report.tierDifferences, []);
    assert.throws(() => compareVenuesOrThrow(wallet), (error: unknown) => error instanceof InputError && error.message === 'instruments: must have at least 1 item');
  });

  it('linear and inverse contracts together: every venue refuses by contract kind; margin compare throws every reason', () => {
    const mixed = {
      account: { balance: '5000' },
      instruments: [...linear.instruments, { ...BTCUSD_INVERSE_100_MMR05, markPrice: '30000' }],
      positions: [...linear.positions, { symbol: 'BTCUSD', side: 'short', size: '10', entryPrice: '30000', leverage: '10' }],
    };
    const report = compareVenues(mixed);
    assert.equal(report.refusals.length, report.venues.length);
    assert.ok(report.refusals.every((r) => r.code === 'contract-kind'));
    assert.throws(() => compareVenuesOrThrow(mixed), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /^\(input\): no venue can hold this account \(/);
      for (const r of report.refusals) assert.ok(error.message.includes(`${r.venue}: ${r.message}`), r.venue);
      return true;
    });
  });

  it('a bad field: each venue of the right kind refuses it under the rule; margin compare throws that error once', () => {
    const bad = { ...linear, positions: [{ ...linear.positions[0], size: '-1' }] };
    const report = compareVenues(bad);
    const rule = report.refusals.filter((r) => r.code === 'rule');
    assert.ok(rule.length >= 1);
    for (const r of rule) assert.equal(r.message, 'positions[0].size: must be greater than 0, got "-1"');
    assert.throws(() => compareVenuesOrThrow(bad), { name: 'InputError', message: 'positions[0].size: must be greater than 0, got "-1"' });
  });
});
