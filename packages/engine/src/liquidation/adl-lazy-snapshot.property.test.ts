/**
 * The top-k ADL queue snapshots a deferred holder's pool lazily (state/pool-watch.ts): just before
 * the pool's first change, or from the live state when the ranking reaches the holder. Properties:
 * on random books crashed so that queues of depth 1 extend after the cascade changed ranked holders,
 * the events and state equal the full ranking's (as in adl-top-queue.property.test.ts), some queue
 * did watch the state during the command, and no watcher is left once any command is over.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VENUES } from '@margin/core';
import { at } from '@margin/testkit';
import { stateHash } from '../snapshot/snapshot.js';
import { poolWatcherCount, watchPools } from '../state/pool-watch.js';
import { fill, market } from '../testing/harness.js';
import { setAdlQueueMode } from './adl-top-queue.js';

interface Holder {
  readonly short: boolean;
  readonly isolated: boolean;
  readonly lots: number;
  readonly entryTicks: number;
  readonly depositCents: number;
  readonly ethToo: boolean;
}

const holderArb: fc.Arbitrary<Holder> = fc.record({
  short: fc.boolean(),
  isolated: fc.boolean(),
  lots: fc.integer({ min: 1, max: 40 }),
  entryTicks: fc.integer({ min: -60, max: 60 }),
  depositCents: fc.integer({ min: 3_000, max: 300_000 }),
  ethToo: fc.boolean(),
});

const adlProfiles = VENUES.filter((venue) => venue.liquidation !== null && venue.liquidation.deficit === 'adl').map((venue) => venue.name);

/** Events and state hash; `changes` counts pool changes seen by a probe watcher during the crash. */
function play(profile: string, holders: readonly Holder[], crashTicks: number, leftOver: number[]): { text: string; changes: number } {
  const h = market({ profile }, []);
  if (!h.state.markets.has('BTCUSDT')) return { text: '', changes: 0 };
  const out: unknown[] = [];
  const run = (command: Record<string, unknown>): void => {
    out.push(h.run(command));
    leftOver.push(poolWatcherCount(h.state));
  };
  // Leveraged longs that the crash bankrupts, against the drawn holders (mostly short).
  for (let b = 0; b < 3; b++) {
    run({ type: 'deposit', account: `b${b}`, asset: 'USDT', amount: '40' });
    run(fill(`b${b}`, 'buy', '0.020', '30000'));
    run({ type: 'deposit', account: `e${b}`, asset: 'USDT', amount: '30' });
    run(fill(`e${b}`, 'buy', '0.20', '2000', { symbol: 'ETHUSDT' }));
  }
  holders.forEach((holder, i) => {
    const account = `s${String(i).padStart(2, '0')}`;
    run({ type: 'deposit', account, asset: 'USDT', amount: (holder.depositCents / 100).toFixed(2) });
    if (holder.isolated) run({ type: 'setMarginMode', account, symbol: 'BTCUSDT', mode: 'isolated' });
    run(fill(account, holder.short ? 'sell' : 'buy', (holder.lots / 200).toFixed(3), String(30000 + holder.entryTicks * 10)));
    if (holder.ethToo) run(fill(account, 'sell', (holder.lots / 20).toFixed(2), String(2000 + holder.entryTicks), { symbol: 'ETHUSDT' }));
  });
  let changes = 0;
  const unwatch = watchPools(h.state, () => {
    changes++;
  });
  out.push(h.run({
    type: 'prices',
    time: at(2),
    prices: [
      { symbol: 'BTCUSDT', markPrice: String(30000 - crashTicks * 30) },
      { symbol: 'ETHUSDT', markPrice: String(2000 - crashTicks * 2) },
    ],
  }));
  unwatch();
  leftOver.push(poolWatcherCount(h.state));
  return { text: `${JSON.stringify(out)}\n${stateHash(h.state)}`, changes };
}

describe('top-k ADL queue: lazy snapshots', () => {
  after(() => setAdlQueueMode('top'));
  for (const profile of adlProfiles) {
    it(`${profile}: same events and state as the full ranking; no watcher outlives its command`, () => {
      let adlEvents = 0;
      let changes = 0;
      fc.assert(
        fc.property(fc.array(holderArb, { minLength: 3, maxLength: 30 }), fc.integer({ min: 40, max: 300 }), (holders, crashTicks) => {
          const leftOver: number[] = [];
          setAdlQueueMode('full');
          const reference = play(profile, holders, crashTicks, leftOver);
          adlEvents += (reference.text.match(/"autoDeleveraged"/g) ?? []).length;
          setAdlQueueMode('top', 1);
          const top = play(profile, holders, crashTicks, leftOver);
          changes += top.changes;
          assert.equal(top.text, reference.text);
          // After each command only the probe (during the crash) may be registered: no queue's.
          assert.ok(leftOver.every((count) => count === 0), `watchers left after a command: ${leftOver.join(',')}`);
        }),
        { seed: 35, numRuns: 25 },
      );
      assert.ok(adlEvents > 0, `${profile}: some positions were deleveraged (${adlEvents})`);
      assert.ok(changes > 0, `${profile}: pools changed during the crashes (${changes})`);
    });
  }
});
