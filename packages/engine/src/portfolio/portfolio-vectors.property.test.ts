/**
 * The engine's incremental portfolio vectors (portfolio-vectors.ts) over seeded streams that mix
 * what can stale a cached vector: prices of every symbol (moves, repeats, time-only updates),
 * fills that open, add to, reduce and close positions mid-walk (so pools are rebuilt while others
 * carry), deposits, and previews (a price and a fill, rolled back). Two engines take the same
 * stream; the twin confirms every pool exactly on every move. Checked after every command:
 *   - identical events (the filter never hides a margin call, a clearance or a liquidation);
 *   - for every portfolio pool, the float figures are within their stated bound of the exact
 *     ones (`maintenanceMargin` and `equity` of the account risk report).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BTCUSDT_FUTURE_T0_PLUS_1D, at } from '@margin/testkit';
import { parseCommand } from '../commands/parse-command.js';
import { preview } from '../preview/preview.js';
import { accountRiskJson } from '../report/account-risk.js';
import { Harness, fill, market } from '../testing/harness.js';
import { assertWithinBound, rng, twinRunner } from '../testing/grid-stream.js';

const SYMBOLS = ['BTCUSDT', 'BTCUSDT-260102', 'ETHUSDT'] as const;

function setup(): Harness {
  const h = market({}, ['maker'], '100000000');
  h.run({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
  h.run({ type: 'price', symbol: 'BTCUSDT-260102', markPrice: '30000', time: at(0) });
  return h;
}

describe('incremental portfolio vectors in the engine', () => {
  for (const seed of [11, 12, 13, 14]) {
    it(`seed ${seed}: the same events as confirming every pool exactly, figures within the bound`, () => {
      const random = rng(seed);
      const filtered = setup();
      const exact = setup();
      const both = twinRunner(filtered, exact);
      const accounts = Array.from({ length: 10 }, (_, i) => `p${i}`);
      const marks: Record<string, number> = { BTCUSDT: 30000, 'BTCUSDT-260102': 30000, ETHUSDT: 2000 };
      let timeSec = 2;
      const trade = (account: string) => {
        const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTCUSDT';
        const size = symbol === 'ETHUSDT' ? (0.1 * (1 + Math.floor(random() * 30))).toFixed(2) : (0.01 * (1 + Math.floor(random() * 30))).toFixed(3);
        const side = random() < 0.5 ? 'buy' : 'sell';
        const price = String(marks[symbol]);
        both(fill(account, side, size, price, { symbol, time: at(timeSec) }));
        both(fill('maker', side === 'buy' ? 'sell' : 'buy', size, price, { symbol, time: at(timeSec) }));
      };
      for (const account of accounts) {
        both({ type: 'deposit', account, asset: 'USDT', amount: String(1500 + Math.floor(random() * 2500)) });
        both({ type: 'setPortfolioMargin', account, model: 'okx-pm' });
        for (let k = 0; k < 3; k++) trade(account);
      }
      let checked = 0;
      let events = 0;
      for (let step = 1; step <= 120; step++) {
        timeSec += 1;
        const roll = random();
        if (roll < 0.6) {
          const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTCUSDT';
          const tick = symbol === 'ETHUSDT' ? 0.5 : 5;
          // A fifth of the prices repeat the mark (a time-only update: the basis slack moves).
          if (random() >= 0.2) marks[symbol] = Math.max(tick, Math.round((marks[symbol] ?? 1) * (0.975 + 0.05 * random()) / tick) * tick);
          events += both({ type: 'price', symbol, markPrice: String(marks[symbol]), time: at(timeSec) }).length;
        } else if (roll < 0.8) {
          trade(accounts[Math.floor(random() * accounts.length)] ?? 'p0');
        } else if (roll < 0.88) {
          both({ type: 'deposit', account: accounts[Math.floor(random() * accounts.length)] ?? 'p0', asset: 'USDT', amount: String(50 + Math.floor(random() * 300)) });
        } else {
          // A preview on the filtered engine only: a big move and a fill, then rolled back.
          const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTCUSDT';
          const moved = String(Math.round((marks[symbol] ?? 1) * (random() < 0.5 ? 0.9 : 1.1)));
          preview(filtered.state, [
            parseCommand({ type: 'price', id: `pv${step}a`, symbol, markPrice: moved, time: at(timeSec) }),
            parseCommand({ ...fill(accounts[Math.floor(random() * accounts.length)] ?? 'p0', 'buy', '0.05', moved, { symbol, time: at(timeSec) }), id: `pv${step}b` }),
          ]);
        }
        checked += assertWithinBound(filtered, accounts, 'USDT', `step ${step}`);
      }
      for (const account of accounts) assert.deepEqual(accountRiskJson(filtered.state, account), accountRiskJson(exact.state, account));
      assert.ok(checked > 200, `seed ${seed}: only ${checked} pool checks`);
      assert.ok(events > 0, `seed ${seed}: the walk produced no event`);
    });
  }
});
