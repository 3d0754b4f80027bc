/**
 * The engine's ADL ranking (`rankSide`: float scores, exact only for near ties, memoised pool
 * figures; ADR 0020) equals the slow exact full ranking (`rankSideReference`: every pool computed
 * afresh, every score a rational, all sorted) for every venue record with an ADL rule, over seeded
 * random holders with exact ties (copies of another holder), near ties (a deposit one unit apart),
 * isolated and cross pools, second symbols in the cross pool; again after deposits and a move of
 * the other symbol (which must invalidate the memoised figures).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VENUES, type AdlCandidate } from '@margin/core';
import { at } from '@margin/testkit';
import { fill, market, type Harness } from '../testing/harness.js';
import { rankSide, rankSideReference, type RankedPosition } from './adl-ranks.js';

interface Holder {
  readonly long: boolean;
  readonly isolated: boolean;
  readonly lots: number;
  readonly entryTicks: number;
  readonly oneUnitMore: boolean;
  readonly eth: boolean;
  readonly copyOfPrevious: boolean;
}

const holderArb: fc.Arbitrary<Holder> = fc.record({
  long: fc.boolean(),
  isolated: fc.boolean(),
  lots: fc.integer({ min: 1, max: 40 }),
  entryTicks: fc.integer({ min: -30, max: 30 }),
  oneUnitMore: fc.boolean(),
  eth: fc.boolean(),
  copyOfPrevious: fc.boolean(),
});

const adlProfiles = VENUES.filter((venue) => venue.liquidation !== null && venue.liquidation.deficit === 'adl').map((venue) => venue.name);

/** Rank, position and the figures its score was computed from (the published score follows from them). */
const rows = ({ ranked, candidates }: { ranked: readonly RankedPosition[]; candidates: readonly AdlCandidate[] }): string[] =>
  ranked.map((r, i) => {
    const c = candidates[i];
    return `${r.rank}/${r.count} ${r.accountId} ${r.position.key} ${r.side} ${String(c?.equity)} ${String(c?.maintenanceMargin)} ${String(c?.walletBalance)} ${String(c?.unrealizedPnl)}`;
  });

function assertSameRanking(h: Harness, label: string): number {
  let compared = 0;
  for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
    const marketRow = h.state.markets.get(symbol);
    assert.ok(marketRow !== undefined);
    for (const side of ['long', 'short'] as const) {
      const fast = rows(rankSide(h.state, marketRow, side));
      assert.deepEqual(fast, rows(rankSideReference(h.state, marketRow, side)), `${label} ${symbol} ${side}`);
      compared += fast.length;
    }
  }
  return compared;
}

describe('engine ADL ranking equals the exact full ranking', () => {
  for (const profile of adlProfiles) {
    it(`${profile}: seeded holders with ties and near ties`, () => {
      let compared = 0;
      fc.assert(
        fc.property(fc.array(holderArb, { minLength: 2, maxLength: 14 }), fc.integer({ min: -400, max: 400 }), fc.integer({ min: -300, max: 300 }), (holders, btcMove, ethMove) => {
          const h = market({ profile }, []);
          if (!h.state.markets.has('BTCUSDT')) return;
          let previous: Holder | undefined;
          holders.forEach((drawn, i) => {
            const holder = drawn.copyOfPrevious && previous !== undefined ? previous : drawn;
            previous = holder;
            const account = `a${String(i).padStart(2, '0')}`;
            h.run({ type: 'deposit', account, asset: 'USDT', amount: holder.oneUnitMore ? '5000.00000001' : '5000' });
            if (holder.isolated) h.run({ type: 'setMarginMode', account, symbol: 'BTCUSDT', mode: 'isolated' });
            h.run(fill(account, holder.long ? 'buy' : 'sell', (holder.lots / 1000).toFixed(3), String(30000 + holder.entryTicks * 10)));
            if (holder.eth) h.run(fill(account, holder.long ? 'sell' : 'buy', (holder.lots / 100).toFixed(2), '2000', { symbol: 'ETHUSDT' }));
          });
          h.run({ type: 'price', symbol: 'BTCUSDT', markPrice: String(30000 + btcMove), time: at(2) });
          compared += assertSameRanking(h, 'after the BTC move');
          // Deposits and a move of the other symbol change cross pools the memo has seen.
          h.run({ type: 'deposit', account: 'a00', asset: 'USDT', amount: '0.00000001' });
          h.run({ type: 'deposit', account: 'a01', asset: 'USDT', amount: '700' });
          h.run({ type: 'price', symbol: 'ETHUSDT', markPrice: String(2000 + ethMove), time: at(3) });
          compared += assertSameRanking(h, 'after deposits and the ETH move');
        }),
        { seed: 20, numRuns: 25 },
      );
      assert.ok(compared > 0, `${profile}: some rankings were compared`);
    });
  }
});
