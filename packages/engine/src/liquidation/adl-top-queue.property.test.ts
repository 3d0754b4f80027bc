/**
 * The top-k ADL queue (ADR 0033) gives exactly the events and the state of the full ranking: the
 * same random books, crashed and moved again, applied once with every queue ranked in full and
 * once with top-k queues of depth 1, 2 and the default (so the queues extend many times, after the
 * cascade has changed holders ranked at the start), for every venue record with an ADL rule; the
 * events and the state hash must be equal.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VENUES } from '@margin/core';
import { at } from '@margin/testkit';
import { stateHash } from '../snapshot/snapshot.js';
import { fill, market } from '../testing/harness.js';
import { ADL_INITIAL_DEPTH, setAdlQueueMode } from './adl-top-queue.js';

interface Holder {
  readonly long: boolean;
  readonly isolated: boolean;
  readonly lots: number;
  readonly entryTicks: number;
  readonly depositCents: number;
  readonly eth: boolean;
  readonly ethLong: boolean;
  readonly copyOfPrevious: boolean;
}

const holderArb: fc.Arbitrary<Holder> = fc.record({
  long: fc.boolean(),
  isolated: fc.boolean(),
  lots: fc.integer({ min: 1, max: 40 }),
  entryTicks: fc.integer({ min: -60, max: 60 }),
  depositCents: fc.integer({ min: 2_000, max: 200_000 }),
  eth: fc.boolean(),
  ethLong: fc.boolean(),
  copyOfPrevious: fc.boolean(),
});

const adlProfiles = VENUES.filter((venue) => venue.liquidation !== null && venue.liquidation.deficit === 'adl').map((venue) => venue.name);

function play(profile: string, holders: readonly Holder[], moves: readonly [number, number][]): string {
  const h = market({ profile }, []);
  if (!h.state.markets.has('BTCUSDT')) return '';
  const out: unknown[] = [];
  let previous: Holder | undefined;
  holders.forEach((drawn, i) => {
    const holder = drawn.copyOfPrevious && previous !== undefined ? previous : drawn;
    previous = holder;
    const account = `a${String(i).padStart(2, '0')}`;
    h.run({ type: 'deposit', account, asset: 'USDT', amount: (holder.depositCents / 100).toFixed(2) });
    if (holder.isolated) h.run({ type: 'setMarginMode', account, symbol: 'BTCUSDT', mode: 'isolated' });
    out.push(h.run(fill(account, holder.long ? 'buy' : 'sell', (holder.lots / 200).toFixed(3), String(30000 + holder.entryTicks * 10))));
    if (holder.eth) out.push(h.run(fill(account, holder.ethLong ? 'buy' : 'sell', (holder.lots / 40).toFixed(2), '2000', { symbol: 'ETHUSDT' })));
  });
  moves.forEach(([btc, eth], i) => {
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

describe('top-k ADL queue equals the full ranking', () => {
  after(() => setAdlQueueMode('top'));
  for (const profile of adlProfiles) {
    it(`${profile}: same events and state hash on random crashes`, () => {
      let adlEvents = 0;
      fc.assert(
        fc.property(
          fc.array(holderArb, { minLength: 2, maxLength: 40 }),
          // 0: a symbol left at its entries, where every holder's score is exactly 0 (ties by account and key).
          fc.array(fc.tuple(fc.oneof(fc.constant(0), fc.integer({ min: -300, max: 300 })), fc.oneof(fc.constant(0), fc.integer({ min: -300, max: 300 }))), { minLength: 1, maxLength: 3 }),
          (holders, moves) => {
            setAdlQueueMode('full');
            const reference = play(profile, holders, moves);
            adlEvents += (reference.match(/"autoDeleveraged"/g) ?? []).length;
            for (const depth of [1, 2, ADL_INITIAL_DEPTH]) {
              setAdlQueueMode('top', depth);
              assert.equal(play(profile, holders, moves), reference, `depth ${depth}`);
            }
          },
        ),
        { seed: 33, numRuns: 30 },
      );
      assert.ok(adlEvents > 0, `${profile}: some positions were deleveraged (${adlEvents})`);
    });
  }
});

interface Counter {
  readonly btcLots: number;
  readonly ethLots: number;
  readonly entryTicks: number;
  readonly depositCents: number;
  readonly isolated: boolean;
}

const counterArb: fc.Arbitrary<Counter> = fc.record({
  btcLots: fc.integer({ min: 1, max: 30 }),
  ethLots: fc.integer({ min: 1, max: 30 }),
  entryTicks: fc.integer({ min: -60, max: 60 }),
  depositCents: fc.integer({ min: 50_000, max: 400_000 }),
  isolated: fc.boolean(),
});

/**
 * A book where the holders a queue ranked but did not yet rank exactly change before the queue is
 * consumed further: "a0" goes bankrupt on BTC first (the BTC short queue is ranked, one entry
 * used), then the "b" accounts go bankrupt on ETH and deleverage ETH shorts who also hold BTC
 * shorts (their wallets and pools change), then the "c" accounts go bankrupt on BTC for much more
 * (the BTC short queue is consumed deep, with ranks of the moment "a0" ranked it).
 */
function playChanged(profile: string, counters: readonly Counter[], ethLots: number, btcLots: number, btcMove: number, ethMove: number): string {
  const h = market({ profile }, []);
  if (!h.state.markets.has('BTCUSDT')) return '';
  const out: unknown[] = [];
  const open = (account: string, deposit: string, commands: Record<string, unknown>[]): void => {
    h.run({ type: 'deposit', account, asset: 'USDT', amount: deposit });
    for (const command of commands) out.push(h.run(command));
  };
  // Deposits of 1.5-7% of the notional: every fill passes the initial margin, the crash bankrupts them.
  open('a0', '20', [fill('a0', 'buy', '0.010', '30000')]);
  for (let b = 0; b < 3; b++) open(`b${b}`, String(ethLots * 3), [fill(`b${b}`, 'buy', (ethLots / 10).toFixed(2), '2000', { symbol: 'ETHUSDT' })]);
  for (let c = 0; c < 3; c++) open(`c${c}`, String(btcLots * 5), [fill(`c${c}`, 'buy', (btcLots / 100).toFixed(3), '30000')]);
  counters.forEach((counter, i) => {
    const account = `s${String(i).padStart(2, '0')}`;
    h.run({ type: 'deposit', account, asset: 'USDT', amount: (counter.depositCents / 100).toFixed(2) });
    if (counter.isolated) h.run({ type: 'setMarginMode', account, symbol: 'BTCUSDT', mode: 'isolated' });
    out.push(h.run(fill(account, 'sell', (counter.btcLots / 200).toFixed(3), String(30000 + counter.entryTicks * 10))));
    out.push(h.run(fill(account, 'sell', (counter.ethLots / 20).toFixed(2), String(2000 + counter.entryTicks), { symbol: 'ETHUSDT' })));
  });
  out.push(
    h.run({
      type: 'prices',
      time: at(2),
      prices: [
        { symbol: 'BTCUSDT', markPrice: String(30000 - btcMove * 30) },
        { symbol: 'ETHUSDT', markPrice: String(2000 - ethMove * 2) },
      ],
    }),
  );
  return `${JSON.stringify(out)}\n${stateHash(h.state)}`;
}

describe('top-k ADL queue: holders that change between ranking and being ranked exactly', () => {
  after(() => setAdlQueueMode('top'));
  for (const profile of adlProfiles) {
    it(`${profile}: same events and state hash`, () => {
      let adlEvents = 0;
      fc.assert(
        fc.property(
          fc.array(counterArb, { minLength: 4, maxLength: 30 }),
          fc.integer({ min: 2, max: 40 }),
          fc.integer({ min: 2, max: 40 }),
          fc.integer({ min: 30, max: 300 }),
          fc.integer({ min: 30, max: 300 }),
          (counters, ethLots, btcLots, btcMove, ethMove) => {
            setAdlQueueMode('full');
            const reference = playChanged(profile, counters, ethLots, btcLots, btcMove, ethMove);
            adlEvents += (reference.match(/"autoDeleveraged"/g) ?? []).length;
            for (const depth of [1, 2]) {
              setAdlQueueMode('top', depth);
              assert.equal(playChanged(profile, counters, ethLots, btcLots, btcMove, ethMove), reference, `depth ${depth}`);
            }
          },
        ),
        { seed: 34, numRuns: 30 },
      );
      assert.ok(adlEvents > 0, `${profile}: some positions were deleveraged (${adlEvents})`);
    });
  }
});
