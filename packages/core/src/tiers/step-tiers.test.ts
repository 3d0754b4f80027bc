/** The step tier rule (ADR 0018): whole-position rates, amounts 0, published caps inclusive. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTierTable, isStepTable, maintenanceForTier, tierAt, tierIndexFor } from './tiers.js';
import { parseFixed as d } from '../num/decimal.js';
import { InputError } from '../errors.js';

// BitMEX XBTUSD legacy risk limits: base 200 XBT, step 100 XBT, MM 0.40% + 0.40% per step.
const ROWS = [
  { notionalFloor: d('0'), maintenanceRate: d('0.004'), maxLeverage: d('100') },
  { notionalFloor: d('200'), maintenanceRate: d('0.008'), maxLeverage: d('50') },
  { notionalFloor: d('300'), maintenanceRate: d('0.012'), maxLeverage: d('50') },
];

test('step tables price the whole position at its tier rate: maintenance jumps at a cap', () => {
  const table = buildTierTable(ROWS, ['tiers'], 'step');
  assert.ok(isStepTable(table));
  assert.deepEqual(table.map((tier) => tier.maintenanceAmount), [0n, 0n, 0n]);
  const mm = (notional: string) => maintenanceForTier(tierAt(table, tierIndexFor(table, d(notional))), d(notional));
  assert.equal(mm('180'), d('0.72')); // "180 XBT position -> MM 0.72 XBT"
  assert.equal(mm('200'), d('0.8')); // at the cap: still the first limit (0.4%)
  assert.equal(mm('200.000000000000000001'), d('1.600000000000000001')); // just above: 0.8% on all of it (rounded up)
  assert.equal(mm('300'), d('2.4')); // "0.80% x 300 XBT = 2.4 XBT"
});

test('cumulative tables keep inclusive floors and the recursion', () => {
  const table = buildTierTable(ROWS, ['tiers']);
  assert.ok(!isStepTable(table));
  assert.equal(tierIndexFor(table, d('200')), 1);
  assert.equal(tierAt(table, 2).maintenanceAmount, d('2'));
});

test('a step table refuses a maintenance amount other than 0, naming the row', () => {
  assert.throws(
    () => buildTierTable([ROWS[0]!, { ...ROWS[1]!, maintenanceAmount: d('0.8') }], ['instruments', 0, 'tiers'], 'step'),
    (error: unknown) =>
      error instanceof InputError && /instruments\[0\]\.tiers\[1\]\.maintenanceAmount|instruments.0.tiers.1.maintenanceAmount/.test(error.message) && /step rule/.test(error.message),
  );
});
