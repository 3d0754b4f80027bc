/**
 * Goal: the bankrupt path without the report (`plainBankruptPool`) reads exactly what the report
 * path (`poolState`, core's computeRisk) gives a liquidation: the pool's equity and maintenance,
 * its members in key order, each member's mark and bankruptcy price.
 * Method: random accounts of every profile (linear with two symbols, or inverse; cross and
 * isolated; long and short; random leverage and margin), then the marks are moved far (up to 70%)
 * without a command, so many pools sit at or below zero equity; every pool the fast path answers
 * for is compared with `poolState`, and the fast path must answer for most bankrupt pools.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PROFILE_NAMES } from '@margin/core';
import { BTCUSDT_LINEAR_3TIER_TAKER_6BP, BTCUSD_INVERSE_100_3TIER_TAKER_6BP, ETHUSDT_LINEAR_2TIER, at } from '@margin/testkit';
import { Harness } from '../testing/harness.js';
import { plainBankruptPool } from './bankrupt-pool.js';
import { poolState, type PoolRef } from './pool-state.js';

const legArb = fc.record({
  second: fc.boolean(),
  long: fc.boolean(),
  isolated: fc.boolean(),
  lots: fc.integer({ min: 1, max: 3000 }),
  leverage: fc.integer({ min: 2, max: 50 }),
});

const caseArb = fc.record({
  profile: fc.constantFrom(...PROFILE_NAMES),
  inverse: fc.boolean(),
  legs: fc.array(legArb, { minLength: 1, maxLength: 3 }),
  extraPercent: fc.integer({ min: 0, max: 60 }),
  moves: fc.array(fc.integer({ min: -70, max: 70 }), { minLength: 2, maxLength: 2 }),
});

describe('bankrupt pool without the report', () => {
  it('equals poolState for every plain bankrupt pool', () => {
    let compared = 0;
    let bankrupt = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const specs = c.inverse ? [BTCUSD_INVERSE_100_3TIER_TAKER_6BP] : [BTCUSDT_LINEAR_3TIER_TAKER_6BP, ETHUSDT_LINEAR_2TIER];
        const entries = c.inverse ? [20000] : [20000, 1500];
        const h = new Harness({ profile: c.profile });
        specs.forEach((spec, i) => {
          h.run({ type: 'instrument', instrument: spec });
          h.run({ type: 'price', symbol: spec.symbol, markPrice: String(entries[i]), time: at(0) });
        });
        const settle = specs[0]?.settle as string;
        let margin = 0;
        for (const leg of c.legs) {
          const i = c.inverse || !leg.second ? 0 : 1;
          const notional = c.inverse ? leg.lots * 100 / (entries[0] as number) : ((leg.lots / 1000) * (entries[i] as number)) / (i === 0 ? 1 : 10);
          margin += (notional / leg.leverage) * (1 + c.extraPercent / 100);
        }
        h.run({ type: 'deposit', account: 'u', asset: settle, amount: (Math.ceil(margin * 1.05 * 1e8) / 1e8).toFixed(8) });
        for (const leg of c.legs) {
          const i = c.inverse || !leg.second ? 0 : 1;
          const spec = specs[i] as (typeof specs)[number];
          if (leg.isolated) h.run({ type: 'setMarginMode', account: 'u', symbol: spec.symbol, mode: 'isolated' });
          h.run({ type: 'setLeverage', account: 'u', symbol: spec.symbol, leverage: String(leg.leverage) });
          const size = c.inverse ? String(leg.lots) : i === 0 ? (leg.lots / 1000).toFixed(3) : (leg.lots / 100 / 10).toFixed(2);
          if (Number(size) <= 0) continue;
          h.run({ type: 'fill', account: 'u', symbol: spec.symbol, side: leg.long ? 'buy' : 'sell', size, price: String(entries[i]), time: at(1) });
        }
        const account = h.state.accounts.get('u');
        if (account === undefined) return;
        // The crash, straight into the markets (no command: nothing is liquidated before the comparison).
        specs.forEach((spec, i) => {
          const market = h.state.markets.get(spec.symbol);
          assert.ok(market !== undefined && market.markPrice !== null);
          market.markPrice = (market.markPrice * BigInt(100 + (c.moves[i] ?? 0))) / 100n;
        });
        const refs: PoolRef[] = [{ account, asset: settle, positionKey: null }];
        for (const position of account.positions.values()) if (position.margin === 'isolated') refs.push({ account, asset: settle, positionKey: position.key });
        for (const ref of refs) {
          const slow = poolState(h.state, ref, 'bankruptcy');
          const fast = plainBankruptPool(h.state, ref);
          const isBankrupt = slow.members.length > 0 && slow.equity <= 0n && slow.equity < slow.maintenance;
          if (isBankrupt) bankrupt++;
          if (fast === null) continue;
          assert.ok(isBankrupt, `the fast path answers only for a bankrupt pool: ${JSON.stringify(c)}`);
          assert.equal(fast.equity, slow.equity);
          assert.equal(fast.maintenance, slow.maintenance);
          assert.deepEqual(
            fast.members.map((m) => [m.position.key, m.risk.markPrice, m.risk.bankruptcyPrice]),
            slow.members.map((m) => [m.position.key, m.risk.markPrice, m.risk.bankruptcyPrice]),
          );
          compared++;
        }
      }),
      { numRuns: 400, seed: 46 },
    );
    // The property is about something: many pools were bankrupt, and the fast path took most of
    // them (all but the profiles whose maintenance needs a price solve).
    assert.ok(bankrupt > 100 && compared > bankrupt / 2, `bankrupt pools ${bankrupt}, compared ${compared}`);
  });
});
