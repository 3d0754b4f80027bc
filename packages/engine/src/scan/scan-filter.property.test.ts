/**
 * Goal: the float filter never misses a pool whose margin-call level the exact kernel would change.
 * Method: random pools (1-4 positions over linear and inverse symbols, tiered), with the balance
 * chosen so the exact ratio sits within a few ledger units of a threshold or of a re-arm bound
 * (the hard cases), plus random balances; every starting level 0..3 is tried. For each, the exact
 * level from core's computeRisk is compared with the filter's flags.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ONE,
  buildInstrument,
  computeRisk,
  findProfile,
  fixedToNumber,
  fromUnits,
  invariant,
  parseFixed,
  toUnits,
  type Fixed,
  type Instrument,
  type PositionSpec,
  type Profile,
} from '@margin/core';
import { ScanIndex } from './scan-index.js';
import { buildMarginCallConfig, nextLevel } from '../state/margin-call-config.js';

const genericProfile = findProfile('generic');
invariant(genericProfile !== undefined, 'generic profile');
const profile: Profile = genericProfile;
const config = buildMarginCallConfig();
const DECIMALS = 8;

const tiers = [
  { notionalFloor: parseFixed('0'), maintenanceRate: parseFixed('0.004'), maxLeverage: parseFixed('125') },
  { notionalFloor: parseFixed('50000'), maintenanceRate: parseFixed('0.005'), maxLeverage: parseFixed('100') },
  { notionalFloor: parseFixed('250000'), maintenanceRate: parseFixed('0.01'), maxLeverage: parseFixed('50') },
];
const instrument = (symbol: string, kind: 'linear-perpetual' | 'inverse-perpetual', contractSize: string): Instrument =>
  buildInstrument(profile, { symbol, kind, settle: 'X', contractSize: parseFixed(contractSize), tickSize: parseFixed('0.01'), tiers }, [symbol]);
const SYMBOLS = [instrument('A', 'linear-perpetual', '1'), instrument('B', 'linear-perpetual', '0.001'), instrument('C', 'inverse-perpetual', '100')];

const decimalArb = (min: number, max: number, digits: number) =>
  fc.integer({ min: Math.round(min * 10 ** digits), max: Math.round(max * 10 ** digits) }).map((n) => BigInt(n) * 10n ** BigInt(18 - digits));

const positionArb = fc.record({
  symbol: fc.integer({ min: 0, max: 2 }),
  long: fc.boolean(),
  size: decimalArb(0.001, 200, 3),
  entry: decimalArb(100, 90000, 2),
});

const poolArb = fc.record({
  positions: fc.array(positionArb, { minLength: 1, maxLength: 4 }),
  marks: fc.tuple(decimalArb(100, 90000, 2), decimalArb(100, 90000, 2), decimalArb(100, 90000, 2)),
  /** Which bound the balance targets: 0..2 thresholds, 3..5 re-arm bounds, 6 a random balance. */
  target: fc.integer({ min: 0, max: 6 }),
  offsetUnits: fc.integer({ min: -3, max: 3 }),
  randomBalance: fc.integer({ min: -1_000_000, max: 10_000_000 }),
});

type Pool = typeof poolArb extends fc.Arbitrary<infer T> ? T : never;

function exactRisk(pool: Pool, balanceUnits: bigint, marks: readonly Fixed[]): { maintenance: Fixed; equity: Fixed } {
  const positions: PositionSpec[] = [];
  const seen = new Set<string>();
  for (const p of pool.positions) {
    const symbol = SYMBOLS[p.symbol]?.symbol ?? 'A';
    if (seen.has(symbol)) continue; // one-way: one position per symbol
    seen.add(symbol);
    positions.push({ symbol, side: p.long ? 'long' : 'short', size: p.size, entryPrice: p.entry, leverage: null, margin: 'cross', isolatedBalance: null });
  }
  const report = computeRisk(
    {
      profile,
      account: { balance: fromUnits(balanceUnits, DECIMALS), positionMode: 'one-way', asset: 'X', orderMargin: 0n },
      instruments: new Map(SYMBOLS.map((i) => [i.symbol, i])),
      markPrices: new Map(SYMBOLS.map((i, k) => [i.symbol, marks[k] ?? ONE])),
      positions,
    },
    { withPrices: false },
  );
  return { maintenance: report.account.maintenanceMargin, equity: report.account.equity };
}

function balanceFor(pool: Pool, marks: readonly Fixed[]): bigint {
  if (pool.target === 6) return BigInt(pool.randomBalance) * 10n ** 6n;
  const { maintenance, equity } = exactRisk(pool, 0n, marks); // equity here = uPnL
  const level = config.levels[pool.target % 3];
  invariant(level !== undefined, 'level');
  const ratio = pool.target < 3 ? level.ratio : level.ratio - config.hysteresis;
  if (maintenance <= 0n) return 0n;
  // equity = MM / ratio  =>  balance = MM / ratio - uPnL
  const balance = (maintenance * ONE) / ratio - equity;
  return toUnits(balance, DECIMALS, 'floor') + BigInt(pool.offsetUnits);
}

describe('risk scan float filter', () => {
  it('never misses a pool whose exact margin-call level changes or that is below maintenance', () => {
    let hardCases = 0;
    fc.assert(
      fc.property(poolArb, (pool) => {
        const marks = [pool.marks[0], pool.marks[1], pool.marks[2]];
        const balanceUnits = balanceFor(pool, marks);
        const { maintenance, equity } = exactRisk(pool, balanceUnits, marks);
        const scan = new ScanIndex(profile, config.levels.map((l) => fixedToNumber(l.ratio)), fixedToNumber(config.hysteresis));
        SYMBOLS.forEach((inst, row) => {
          scan.defineSymbol(row, inst, false);
          scan.setMark(row, fixedToNumber(marks[row] ?? ONE));
        });
        const poolRow = scan.addPool({ accountId: 'a', asset: 'X', positionKey: null }, Number(balanceUnits) / 10 ** DECIMALS);
        const seen = new Set<number>();
        for (const p of pool.positions) {
          if (seen.has(p.symbol)) continue;
          seen.add(p.symbol);
          const inst = SYMBOLS[p.symbol];
          invariant(inst !== undefined, 'symbol');
          const quantity = fixedToNumber(p.size) * fixedToNumber(inst.contractSize) * (p.long ? 1 : -1);
          scan.addSlot(poolRow, p.symbol, quantity, fixedToNumber(p.entry), {});
        }
        for (let level = 0; level <= config.levels.length; level++) {
          scan.setLevel(poolRow, level);
          const changes = nextLevel(config, level, maintenance, equity) !== level;
          const liquidatable = equity < maintenance;
          const flagged = scan.scanSymbols([0, 1, 2]).includes(poolRow);
          if ((changes || liquidatable) && !flagged) {
            const estimate = scan.estimate(poolRow);
            assert.fail(`missed: level ${level}, liquidatable ${liquidatable}, exact MM ${maintenance} equity ${equity}, float ${JSON.stringify(estimate)}`);
          }
          // Re-summing from the slot caches (after a balance moved) flags the same.
          assert.equal(scan.flagPools([poolRow]).includes(poolRow), flagged);
          if (pool.target < 6 && flagged) hardCases++;
        }
      }),
      { numRuns: 10000, seed: 20260101 },
    );
    assert.ok(hardCases > 1000, `the generator reaches the thresholds (${hardCases} flagged near-threshold cases)`);
  });

  it('flags little: most pools far from every threshold are skipped', () => {
    const scan = new ScanIndex(profile, config.levels.map((l) => fixedToNumber(l.ratio)), fixedToNumber(config.hysteresis));
    scan.defineSymbol(0, SYMBOLS[0] as Instrument, false);
    scan.setMark(0, 30000);
    for (let i = 0; i < 1000; i++) {
      const pool = scan.addPool({ accountId: `a${i}`, asset: 'X', positionKey: null }, 10 + i);
      scan.addSlot(pool, 0, 0.01 + i / 1e5, 30000, {});
    }
    assert.equal(scan.scanSymbols([0]).length, 0);
    // The full-rescan loop and the per-symbol path flag the same pools.
    let flaggedTotal = 0;
    for (const mark of [29500, 29000, 28000, 31000]) {
      scan.setMark(0, mark);
      const all = scan.rescanAll();
      assert.deepEqual(all, scan.scanSymbols([0]));
      flaggedTotal += all.length;
    }
    assert.ok(flaggedTotal > 0);
    scan.setMark(0, 0); // a missing mark flags everything
    assert.equal(scan.scanSymbols([0]).length, 1000);
  });
});
