/**
 * The ADL ranking from the scan columns (adl-columns.ts, ADR 0044) equals the full ranking, on
 * random books that mix plain pools with pools that are not plain for the columns: accounts with a
 * second wallet asset or a portfolio model, set before their positions (the pool is created not
 * plain) or after them (the plain flags are forgotten through the account's setters and worked out
 * again). For every venue record with an ADL rule and top-k depths 1, 2 and 32: the events and the
 * state hash equal those of every queue ranked in full, and before each move every plain holder's
 * exact score (core's `adlScore` of the full ranking's candidate) lies in its column bounds.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { adlScore, VENUES, type Fixed } from '@margin/core';
import { at } from '@margin/testkit';
import { stateHash } from '../snapshot/snapshot.js';
import type { Market, Position } from '../state/types.js';
import { fill, market, type Harness } from '../testing/harness.js';
import { adlColumnStats, sideHolders } from './adl-columns.js';
import { rankSideReference } from './adl-ranks.js';
import { setAdlQueueMode } from './adl-top-queue.js';

let boundsChecked = 0;

type Kind = 'plain' | 'secondAsset' | 'portfolio';

interface Holder {
  readonly long: boolean;
  readonly isolated: boolean;
  readonly lots: number;
  readonly entryTicks: number;
  readonly depositCents: number;
  readonly eth: boolean;
  readonly ethLong: boolean;
  readonly kind: Kind;
  /** The kind is applied after the positions are open (the pools exist, their flags must be forgotten). */
  readonly late: boolean;
}

const holderArb: fc.Arbitrary<Holder> = fc.record({
  long: fc.boolean(),
  isolated: fc.boolean(),
  lots: fc.integer({ min: 1, max: 40 }),
  entryTicks: fc.integer({ min: -60, max: 60 }),
  depositCents: fc.integer({ min: 2_000, max: 200_000 }),
  eth: fc.boolean(),
  ethLong: fc.boolean(),
  kind: fc.constantFrom<Kind>('plain', 'plain', 'secondAsset', 'portfolio'),
  late: fc.boolean(),
});

const adlProfiles = VENUES.filter((venue) => venue.liquidation !== null && venue.liquidation.deficit === 'adl').map((venue) => venue.name);

function applyKind(h: Harness, account: string, holder: Holder): void {
  if (holder.kind === 'secondAsset') h.run({ type: 'deposit', account, asset: 'BTC', amount: '0.01' });
  // Refused for isolated holders and models without the symbols: such a holder stays plain.
  if (holder.kind === 'portfolio') h.run({ type: 'setPortfolioMargin', account, model: 'okx-pm' });
}

/** Every plain holder's exact score lies in its column bounds (both sides of both symbols). */
function checkBounds(h: Harness): number {
  let checked = 0;
  const method = h.state.liquidation.rules.adlRanking;
  for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
    const market = h.state.markets.get(symbol) as Market;
    if (market.markPrice === null) continue;
    for (const side of ['long', 'short'] as const) {
      const reference = rankSideReference(h.state, market, side);
      const scores = new Map<Position, number>();
      reference.ranked.forEach((entry, i) => scores.set(entry.position, adlScore(method, reference.candidates[i] as never).toNumber()));
      const holders = sideHolders(h.state, market as Market & { markPrice: Fixed }, side, method);
      assert.equal(holders.count, reference.ranked.length, `${symbol} ${side}: every holder once`);
      for (let i = 0; i < holders.count; i++) {
        if (holders.exact[i] === 1) continue;
        const score = scores.get(holders.positions[i] as Position);
        assert.ok(score !== undefined, 'a column holder is a ranked position');
        const lo = holders.lo[i] as number;
        const hi = holders.hi[i] as number;
        const tolerance = 1e-12 * Math.abs(score);
        assert.ok(lo <= score + tolerance && score - tolerance <= hi, `${symbol} ${side} holder ${i}: score ${score} in [${lo}, ${hi}]`);
        checked++;
      }
    }
  }
  return checked;
}

function play(profile: string, holders: readonly Holder[], moves: readonly [number, number][], check: boolean): string {
  const h = market({ profile }, []);
  if (!h.state.markets.has('BTCUSDT')) return '';
  const out: unknown[] = [];
  holders.forEach((holder, i) => {
    const account = `a${String(i).padStart(2, '0')}`;
    h.run({ type: 'deposit', account, asset: 'USDT', amount: (holder.depositCents / 100).toFixed(2) });
    if (holder.isolated) h.run({ type: 'setMarginMode', account, symbol: 'BTCUSDT', mode: 'isolated' });
    if (!holder.late) applyKind(h, account, holder);
    out.push(h.run(fill(account, holder.long ? 'buy' : 'sell', (holder.lots / 200).toFixed(3), String(30000 + holder.entryTicks * 10))));
    if (holder.eth) out.push(h.run(fill(account, holder.ethLong ? 'buy' : 'sell', (holder.lots / 40).toFixed(2), '2000', { symbol: 'ETHUSDT' })));
  });
  holders.forEach((holder, i) => {
    if (holder.late) applyKind(h, `a${String(i).padStart(2, '0')}`, holder);
  });
  moves.forEach(([btc, eth], i) => {
    if (check) boundsChecked += checkBounds(h);
    out.push(
      h.run({
        type: 'prices',
        time: at(2 + i),
        prices: [
          { symbol: 'BTCUSDT', markPrice: String(30000 + btc * 30) },
          { symbol: 'ETHUSDT', markPrice: String(2000 + eth * 2) },
        ],
      }),
    );
  });
  return `${JSON.stringify(out)}\n${stateHash(h.state)}`;
}

describe('ADL ranking from the scan columns equals the full ranking', () => {
  after(() => setAdlQueueMode('top'));
  for (const profile of adlProfiles) {
    it(`${profile}: same events and state hash with plain and non-plain pools; exact scores inside the column bounds`, () => {
      let adlEvents = 0;
      const before = { ...adlColumnStats };
      fc.assert(
        fc.property(
          fc.array(holderArb, { minLength: 2, maxLength: 30 }),
          fc.array(fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: -300, max: 300 })), fc.oneof(fc.constant(0), fc.integer({ min: -300, max: 300 }))), { minLength: 1, maxLength: 3 }),
          (holders, moves) => {
            setAdlQueueMode('full');
            const reference = play(profile, holders, moves, false);
            adlEvents += (reference.match(/"autoDeleveraged"/g) ?? []).length;
            for (const depth of [1, 2, 32]) {
              setAdlQueueMode('top', depth);
              assert.equal(play(profile, holders, moves, depth === 1), reference, `depth ${depth}`);
            }
          },
        ),
        { seed: 44, numRuns: 25 },
      );
      assert.ok(adlEvents > 0, `${profile}: some positions were deleveraged (${adlEvents})`);
      assert.ok(boundsChecked > 0, 'column bounds were checked');
      assert.ok(adlColumnStats.sides > before.sides, `${profile}: sides were ranked from the columns`);
      assert.ok(adlColumnStats.exactHolders > before.exactHolders, `${profile}: some holders' pools were not plain`);
      assert.ok(adlColumnStats.accountReads > before.accountReads, `${profile}: some plain flags were worked out again after an account change`);
    });
  }
});
