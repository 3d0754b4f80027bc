/**
 * The account's Map views (ADR 0038) behave as the Maps they replace: after any sequence of sets,
 * deletes and clears, `wallets`, `crossPools` and `positions` hold the same entries in the same
 * iteration order as a real Map given the same operations (the order is what the snapshot, and so
 * the state hash, is built in). Wallets and cross pools go on to a second asset (a Map in the
 * rare fields), positions past the array-to-Map switch (more than POSITION_LIST_MAX), and an
 * iterator skips a position deleted while iterating, as a Map's does.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Account } from './account.js';
import { POSITION_LIST_MAX } from './position-list.js';
import type { Position } from './types.js';

type Op = { readonly kind: 'set' | 'delete'; readonly key: string; readonly value: number } | { readonly kind: 'clear' };

const KEYS = ['USDT', 'USDC', 'BTC', 'ETH', 'BNB', 'SOL', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9', 'S10', 'S11', 'S12'];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom(...KEYS), value: fc.integer({ min: -1000, max: 1000 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom(...KEYS), value: fc.constant(0) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

function position(key: string, value: number): Position {
  return { accountId: 'a', key, symbol: key, positionSide: null, size: BigInt(value), entryPrice: 1n, margin: 'cross', isolatedUnits: 0n, slot: value, pool: -1 };
}

function apply<V>(map: Map<string, V>, op: Op, value: (key: string, n: number) => V): void {
  if (op.kind === 'set') map.set(op.key, value(op.key, op.value));
  else if (op.kind === 'delete') map.delete(op.key);
  else map.clear();
}

it('wallets, crossPools and positions views keep a Map\'s entries and order', () => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
      const account = new Account('a');
      const wallets = new Map<string, bigint>();
      const crossPools = new Map<string, number>();
      const positions = new Map<string, Position>();
      const made = new Map<string, Position>();
      const positionFor = (key: string, n: number): Position => {
        const id = `${key}:${n}`;
        let p = made.get(id);
        if (p === undefined) made.set(id, (p = position(key, n)));
        return p;
      };
      for (const op of ops) {
        apply(account.wallets, op, (_, n) => BigInt(n));
        apply(wallets, op, (_, n) => BigInt(n));
        if (op.kind === 'set') account.setCrossPool(op.key, op.value);
        else if (op.kind === 'delete') account.deleteCrossPool(op.key);
        else for (const key of [...account.crossPools.keys()]) account.deleteCrossPool(key);
        apply(crossPools, op, (_, n) => n);
        apply(account.positions, op, positionFor);
        apply(positions, op, positionFor);
        assert.deepEqual([...account.wallets], [...wallets]);
        assert.deepEqual([...account.crossPools], [...crossPools]);
        assert.deepEqual([...account.positions.keys()], [...positions.keys()]);
        assert.ok([...account.positions.values()].every((p, i) => p === [...positions.values()][i]));
        assert.equal(account.wallets.size, wallets.size);
        assert.equal(account.positions.size, positions.size);
        for (const key of KEYS) {
          assert.equal(account.wallets.get(key), wallets.get(key));
          assert.equal(account.walletOf(key), wallets.get(key));
          assert.equal(account.crossPoolOf(key), crossPools.get(key));
          assert.equal(account.positions.get(key), positions.get(key));
          assert.equal(account.positions.has(key), positions.has(key));
        }
      }
    }),
    { numRuns: 300 },
  );
});

it('a positions iterator skips a position closed while iterating, below and above the list limit', () => {
  for (const count of [3, POSITION_LIST_MAX + 4]) {
    const account = new Account('a');
    for (let i = 0; i < count; i++) account.positions.set(`S${i}`, position(`S${i}`, i));
    const seen: string[] = [];
    for (const p of account.positions.values()) {
      seen.push(p.key);
      // Close the next one and this one, as a liquidation loop may.
      account.positions.delete(`S${Number(p.key.slice(1)) + 1}`);
      account.positions.delete(p.key);
    }
    assert.deepEqual(seen, Array.from({ length: Math.ceil(count / 2) }, (_, i) => `S${2 * i}`));
    assert.equal(account.positions.size, 0);
  }
});

it('a position is stored under its own key only', () => {
  const account = new Account('a');
  assert.throws(() => account.positions.set('S1', position('S2', 1)), /stored under its key \(S2\), not S1/);
});

it('the rare fields read as defaults until set and allocate nothing for a default', () => {
  const account = new Account('a');
  account.creditBand = 0;
  account.portfolioModel = null;
  account.positionMode = 'one-way';
  assert.equal(account.positionMode, 'one-way');
  assert.equal(account.creditBand, 0);
  assert.equal(account.portfolioModel, null);
  assert.equal(account.collateralMode, null);
  assert.equal(account.creditLine, null);
  assert.equal((account as unknown as { rare: unknown }).rare, null);
  account.collateralMode = 'snap-1';
  account.creditBand = 2;
  assert.equal(account.collateralMode, 'snap-1');
  assert.equal(account.creditBand, 2);
  account.positionMode = 'hedge';
  assert.equal(account.positionMode, 'hedge');
  account.setSetting('S1', { leverage: null, margin: 'isolated' });
  assert.equal(account.settings.get('S1')?.margin, 'isolated');
});
