/**
 * The exact pool kernel equals computeRisk's full report: for random cross pools (1-5 legs, linear
 * and inverse, cumulative, step and contract-size tier tables, fees to close) under every profile
 * the kernel supports, the cross equity and maintenance and each isolated position's equity and
 * maintenance are the same numbers, and `poolBelow` answers the same as comparing them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeRisk } from './compute-risk.js';
import { createPoolLegs, legMaintenance, legPnl, poolBelow, poolKernelSupports, poolSums, pushLeg } from './pool-kernel.js';
import { PROFILES } from '../venues/views.js';
import { buildTierTable, type TierBasis, type TierRule } from '../tiers/tiers.js';
import { ONE, parseFixed } from '../num/index.js';
import type { Instrument } from '../instrument/instrument.js';
import type { PositionSpec } from './types.js';

const d = parseFixed;
const ROWS = [
  ['0', '0.004', '125'],
  ['50000', '0.005', '100'],
  ['250000', '0.01', '50'],
  ['1000000', '0.025', '20'],
  ['10000000', '0.05', '10'],
];
const INVERSE_ROWS = [
  ['0', '0.005', '125'],
  ['5', '0.01', '50'],
  ['50', '0.025', '20'],
  ['300', '0.125', '4'],
];
const QUANTITY_ROWS = [
  ['0', '0.004', '125'],
  ['100', '0.005', '100'],
  ['1000', '0.01', '50'],
];

function tiers(rows: string[][], rule: TierRule, basis: TierBasis) {
  return buildTierTable(
    rows.map(([floor, rate, leverage]) => ({ notionalFloor: d(floor ?? '0'), maintenanceRate: d(rate ?? '0'), maxLeverage: d(leverage ?? '1') })),
    ['tiers'],
    rule,
    basis,
  );
}

const supported = PROFILES.filter(poolKernelSupports);

const legArb = fc.record({
  inverse: fc.boolean(),
  table: fc.constantFrom('cumulative' as const, 'step' as const, 'quantity' as const),
  long: fc.boolean(),
  sizeMilli: fc.integer({ min: 1, max: 5_000_000 }),
  // Mostly sizes in thousandths; sometimes down to 1e-17, so that size x contract size is not a
  // whole number of E18 units and the kernel's long-division path is compared too.
  sizeExponent: fc.constantFrom(15, 15, 15, 1),
  entryCents: fc.integer({ min: 5_000, max: 9_000_000 }),
  markPercent: fc.integer({ min: 40, max: 160 }),
  markOddCents: fc.integer({ min: 0, max: 99 }),
  feeBp: fc.constantFrom(null, 0, 2, 5, 7.5),
  contract: fc.constantFrom('1', '0.001', '100', '0.01'),
  isolatedCents: fc.option(fc.integer({ min: 0, max: 50_000_000 }), { nil: null }),
});

const poolArb = fc.record({
  profile: fc.constantFrom(...supported),
  balanceCents: fc.integer({ min: -1_000_000, max: 200_000_000 }),
  legs: fc.array(legArb, { minLength: 1, maxLength: 5 }),
  multiplePercent: fc.integer({ min: 50, max: 300 }),
});

test('the pool kernel supports every profile but the fee-at-bankruptcy ones', () => {
  assert.ok(supported.length >= 3);
  for (const profile of PROFILES) assert.equal(poolKernelSupports(profile), profile.maintenanceCloseFee !== 'bankruptcy');
});

test('pool kernel: cross and isolated equity and maintenance equal computeRisk, and poolBelow agrees', () => {
  fc.assert(
    fc.property(poolArb, ({ profile, balanceCents, legs, multiplePercent }) => {
      // Cross legs share one settle asset: the first leg's kind decides; other-kind legs are isolated.
      const crossInverse = legs[0]?.inverse ?? false;
      const instruments = new Map<string, Instrument>();
      const markPrices = new Map<string, bigint>();
      const specs: PositionSpec[] = [];
      legs.forEach((leg, i) => {
        const symbol = `S${i}`;
        const table = leg.inverse
          ? tiers(INVERSE_ROWS, leg.table === 'step' ? 'step' : 'cumulative', 'notional')
          : leg.table === 'quantity'
            ? tiers(QUANTITY_ROWS, 'cumulative', 'quantity')
            : tiers(ROWS, leg.table === 'step' ? 'step' : 'cumulative', 'notional');
        const instrument: Instrument = {
          symbol,
          kind: leg.inverse ? 'inverse-perpetual' : 'linear-perpetual',
          settle: leg.inverse ? 'BTC' : 'USDT',
          contractSize: d(leg.inverse ? '100' : leg.contract),
          tickSize: d('0.01'),
          lotSize: null,
          expiryMs: null,
          takerFeeRate: leg.feeBp === null ? null : d(String(leg.feeBp / 10_000)),
          tiers: table,
          tiersSource: 'test',
        } as Instrument;
        const entry = BigInt(leg.entryCents) * 10n ** 16n;
        const mark = (BigInt(leg.entryCents) * BigInt(leg.markPercent) + BigInt(leg.markOddCents)) * 10n ** 14n;
        instruments.set(symbol, instrument);
        markPrices.set(symbol, mark);
        const isolated = leg.inverse !== crossInverse || leg.isolatedCents !== null;
        specs.push({
          symbol,
          side: leg.long ? 'long' : 'short',
          size: BigInt(leg.sizeMilli) * 10n ** BigInt(leg.sizeExponent),
          entryPrice: entry,
          leverage: null,
          margin: isolated ? 'isolated' : 'cross',
          isolatedBalance: isolated ? BigInt(leg.isolatedCents ?? 100) * 10n ** 16n : null,
        });
      });
      const balance = BigInt(balanceCents) * 10n ** 16n;
      const report = computeRisk(
        { profile, account: { balance, positionMode: 'one-way', asset: null, orderMargin: 0n }, instruments, markPrices, positions: specs },
        { withPrices: false },
      );
      const crossLegs = createPoolLegs();
      const oneLeg = createPoolLegs();
      const sums = { equity: 0n, maintenance: 0n };
      const multiple = (BigInt(multiplePercent) * ONE) / 100n;
      specs.forEach((spec, i) => {
        const instrument = instruments.get(spec.symbol) as Instrument;
        const mark = markPrices.get(spec.symbol) as bigint;
        const signed = spec.side === 'long' ? spec.size : -spec.size;
        const risk = report.positions[i];
        assert.ok(risk !== undefined);
        assert.equal(legPnl(instrument, signed, spec.entryPrice, mark), risk.unrealizedPnl);
        assert.equal(legMaintenance(profile, instrument, spec.size, spec.entryPrice, mark), risk.maintenanceMargin);
        if (spec.margin === 'cross') {
          pushLeg(crossLegs, instrument, signed, spec.entryPrice, mark);
        } else {
          oneLeg.count = 0;
          pushLeg(oneLeg, instrument, signed, spec.entryPrice, mark);
          poolSums(profile, spec.isolatedBalance ?? 0n, oneLeg, sums);
          assert.equal(sums.equity, risk.isolated?.equity);
          assert.equal(sums.maintenance, risk.maintenanceMargin);
        }
      });
      if (crossLegs.count > 0) {
        poolSums(profile, balance, crossLegs, sums);
        assert.equal(sums.equity, report.account.equity);
        assert.equal(sums.maintenance, report.account.maintenanceMargin);
        assert.equal(poolBelow(profile, balance, crossLegs, ONE, sums), report.account.liquidatable);
        const { equity, maintenanceMargin } = report.account;
        assert.equal(poolBelow(profile, balance, crossLegs, multiple, sums), equity * ONE < maintenanceMargin * multiple);
      }
    }),
    { numRuns: 1500, seed: 16028 },
  );
});
