/**
 * The linear slot pass of `scanSymbols` skips the slots of pools their own filter decided last
 * time (portfolio pools) and marks their caches stale; a pool the filter stops deciding (an
 * account switched off portfolio margin) has its caches re-derived before a tier sum reads them,
 * also across a preview's rollback. Seeded walks: two scan indexes take the same rows, marks, slot
 * and balance changes and previews; index A has a pool filter that decides a changing subset of
 * the pools (switched on and off mid-walk), index B has none (its caches are always current).
 * After every step A's flags must be B's tier flags for the pools A's filter leaves to the tier
 * test, and the filter's own answer for the others.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildInstrument, findProfile, fixedToNumber, invariant, parseFixed, type Instrument, type Profile } from '@margin/core';
import { ScanIndex } from './scan-index.js';
import { buildMarginCallConfig } from '../state/margin-call-config.js';
import { rng } from '../testing/grid-stream.js';

const genericProfile = findProfile('generic');
invariant(genericProfile !== undefined, 'generic profile');
const profile: Profile = genericProfile;
const config = buildMarginCallConfig();
const tiers = [
  { notionalFloor: parseFixed('0'), maintenanceRate: parseFixed('0.004'), maxLeverage: parseFixed('125') },
  { notionalFloor: parseFixed('50000'), maintenanceRate: parseFixed('0.005'), maxLeverage: parseFixed('100') },
];
const instrument = (symbol: string, kind: 'linear-perpetual' | 'inverse-perpetual', contractSize: string): Instrument =>
  buildInstrument(profile, { symbol, kind, settle: 'X', contractSize: parseFixed(contractSize), tickSize: parseFixed('0.01'), tiers }, [symbol]);
const SYMBOLS = [instrument('A', 'linear-perpetual', '1'), instrument('B', 'linear-perpetual', '0.001'), instrument('C', 'inverse-perpetual', '100')];
const POOLS = 10;

describe('scan slot pass: pools decided by their own filter skipped, caches re-derived when the filter stops deciding', () => {
  for (const seed of [31, 32, 33, 34, 35, 36]) {
    it(`seed ${seed}: the same flags as an index whose caches are always current`, () => {
      const random = rng(seed);
      const make = () => new ScanIndex(profile, config.levels.map((l) => fixedToNumber(l.ratio)), fixedToNumber(config.hysteresis));
      const a = make();
      const b = make();
      const both = (step: (scan: ScanIndex) => void) => {
        step(a);
        step(b);
      };
      /** Pools A's filter decides, with its answer; the rest go to the tier test. */
      const decided = new Map<number, boolean>();
      a.setPoolFilter((pool) => decided.get(pool) ?? null);
      const marks = [30000, 30000, 30000];
      SYMBOLS.forEach((inst, row) => both((scan) => scan.defineSymbol(row, inst, false)));
      marks.forEach((mark, row) => both((scan) => scan.setMark(row, mark)));
      const pools: number[] = [];
      const slots: { slot: number; pool: number; row: number }[] = [];
      for (let p = 0; p < POOLS; p++) {
        const balance = 200 + random() * 2000;
        let pool = -1;
        both((scan) => (pool = scan.addPool({ accountId: `p${p}`, asset: 'X', positionKey: null }, balance)));
        pools.push(pool);
      }
      const addSlot = () => {
        const pool = pools[Math.floor(random() * pools.length)] as number;
        const row = Math.floor(random() * 3);
        const quantity = (random() < 0.5 ? -1 : 1) * (row === 1 ? 100 + random() * 2000 : 0.1 + random() * 3);
        const entry = (marks[row] as number) * (0.97 + 0.06 * random());
        let slot = -1;
        both((scan) => (slot = scan.addSlot(pool, row, quantity, entry, {})));
        slots.push({ slot, pool, row });
      };
      for (let k = 0; k < 25; k++) addSlot();
      const expected = (touched: readonly number[], tierFlags: readonly number[]) =>
        [...new Set(touched)]
          .filter((pool) => (decided.has(pool) ? decided.get(pool) === true : tierFlags.includes(pool)))
          .sort((x, y) => x - y);
      let switched = 0;
      let compared = 0;
      let flaggedByTier = 0;
      const walk = (steps: number) => {
        for (let step = 0; step < steps; step++) {
          const roll = random();
          if (roll < 0.45) {
            const row = Math.floor(random() * 3);
            marks[row] = (marks[row] as number) * (0.95 + 0.1 * random());
            both((scan) => scan.setMark(row, marks[row] as number));
            const touched = slots.filter((s) => s.row === row).map((s) => s.pool);
            const tier = b.scanSymbols([row]);
            flaggedByTier += tier.length;
            assert.deepEqual(a.scanSymbols([row]), expected(touched, tier), `seed ${seed} step ${step}: scanSymbols`);
          } else if (roll < 0.65) {
            // Switch a pool into or out of its own filter (an account's model set or switched off).
            const pool = pools[Math.floor(random() * pools.length)] as number;
            if (decided.has(pool)) decided.delete(pool);
            else decided.set(pool, random() < 0.3);
            switched++;
          } else if (roll < 0.75 && slots.length > 0) {
            const s = slots[Math.floor(random() * slots.length)] as { slot: number; row: number };
            const quantity = (random() < 0.5 ? -1 : 1) * (s.row === 1 ? 100 + random() * 2000 : 0.1 + random() * 3);
            both((scan) => scan.updateSlot(s.slot, quantity, marks[s.row] as number));
          } else if (roll < 0.82 && slots.length > 0) {
            const at = Math.floor(random() * slots.length);
            const s = slots[at] as { slot: number };
            both((scan) => scan.removeSlot(s.slot));
            slots.splice(at, 1);
          } else if (roll < 0.9) {
            addSlot();
          } else {
            const pool = pools[Math.floor(random() * pools.length)] as number;
            const balance = 100 + random() * 2500;
            both((scan) => scan.setPoolBalance(pool, balance));
          }
          const tier = b.flagPools(pools);
          assert.deepEqual(a.flagPools(pools), expected(pools, tier), `seed ${seed} step ${step}: flagPools`);
          compared++;
        }
      };
      walk(60);
      for (let preview = 0; preview < 6; preview++) {
        // A pool switched out of its own filter just before a preview, nothing asked since: its caches
        // are stale when the preview opens, one of its slots changes (the journal saves the stale
        // caches), the preview's flags re-derive them, the rollback puts the stale values back.
        const leaving = slots.find((s) => decided.has(s.pool));
        if (leaving !== undefined) decided.delete(leaving.pool);
        // A preview: changes logged, then rolled back on both (marks restored by hand: the journal puts back the rows).
        const saved = [...marks];
        const savedSlots = [...slots];
        const savedDecided = new Map(decided);
        both((scan) => scan.startJournal(() => {}));
        if (leaving !== undefined) both((scan) => scan.updateSlot(leaving.slot, 0.5, marks[leaving.row] as number));
        walk(8);
        both((scan) => scan.rollbackJournal());
        marks.splice(0, 3, ...saved);
        slots.splice(0, slots.length, ...savedSlots);
        decided.clear();
        for (const [pool, own] of savedDecided) decided.set(pool, own);
        walk(12);
      }
      assert.ok(switched > 10 && compared > 100, `seed ${seed}: ${switched} switches, ${compared} comparisons`);
      assert.ok(flaggedByTier > 0, `seed ${seed}: no pool flagged by the tier test: the walk tests nothing`);
    });
  }
});
