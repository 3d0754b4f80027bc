/**
 * The typed-array fast path of the portfolio filter (portfolio-vectors.ts `flag`) trusts a pool's
 * cached model while no portfolio model changed anywhere (model-epoch.ts) and its owner while its
 * edit count is unchanged. Seeded streams that attack exactly those shortcuts: accounts switched
 * off portfolio margin and back mid-walk, previews that switch a model and move a mark (rolled
 * back), accounts closed flat (their pools removed) and others opened after them (pool rows
 * reused by other owners), beside prices, fills and deposits. Two engines take the same stream;
 * the twin confirms every pool exactly. Checked after every command: identical events; at the end
 * identical risk reports.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatFixed } from '@margin/core';
import { BTCUSDT_FUTURE_T0_PLUS_1D, at } from '@margin/testkit';
import { parseCommand } from '../commands/parse-command.js';
import { preview } from '../preview/preview.js';
import { accountRiskJson } from '../report/account-risk.js';
import { Harness, fill, market } from '../testing/harness.js';
import { rng, twinRunner } from '../testing/grid-stream.js';

const SYMBOLS = ['BTCUSDT', 'BTCUSDT-260102', 'ETHUSDT'] as const;

function setup(): Harness {
  const h = market({}, ['maker'], '100000000');
  h.run({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
  h.run({ type: 'price', symbol: 'BTCUSDT-260102', markPrice: '30000', time: at(0) });
  return h;
}

describe('portfolio filter fast path: model switches, previews, pools closed and reused', () => {
  for (const seed of [21, 22, 23]) {
    it(`seed ${seed}: the same events as confirming every pool exactly`, () => {
      const random = rng(seed);
      const filtered = setup();
      const exact = setup();
      const both = twinRunner(filtered, exact);
      const accounts = Array.from({ length: 12 }, (_, i) => `p${i}`);
      const marks: Record<string, number> = { BTCUSDT: 30000, 'BTCUSDT-260102': 30000, ETHUSDT: 2000 };
      let timeSec = 2;
      const trade = (account: string, symbol: string, size: string, side: 'buy' | 'sell') => {
        const price = String(marks[symbol]);
        both(fill(account, side, size, price, { symbol, time: at(timeSec) }));
        both(fill('maker', side === 'buy' ? 'sell' : 'buy', size, price, { symbol, time: at(timeSec) }));
      };
      const randomTrade = (account: string) => {
        const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTCUSDT';
        const size = symbol === 'ETHUSDT' ? (0.3 * (1 + Math.floor(random() * 30))).toFixed(2) : (0.02 * (1 + Math.floor(random() * 30))).toFixed(3);
        trade(account, symbol, size, random() < 0.5 ? 'buy' : 'sell');
      };
      for (const account of accounts) {
        both({ type: 'deposit', account, asset: 'USDT', amount: String(400 + Math.floor(random() * 600)) });
        both({ type: 'setPortfolioMargin', account, model: 'okx-pm' });
        for (let k = 0; k < 3; k++) randomTrade(account);
      }
      let events = 0;
      let switches = 0;
      let closes = 0;
      for (let step = 1; step <= 150; step++) {
        timeSec += 1;
        const roll = random();
        const account = accounts[Math.floor(random() * accounts.length)] ?? 'p0';
        if (roll < 0.5) {
          const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTCUSDT';
          const tick = symbol === 'ETHUSDT' ? 0.5 : 5;
          marks[symbol] = Math.max(tick, Math.round((marks[symbol] ?? 1) * (0.96 + 0.08 * random()) / tick) * tick);
          events += both({ type: 'price', symbol, markPrice: String(marks[symbol]), time: at(timeSec) }).length;
        } else if (roll < 0.65) {
          randomTrade(account);
        } else if (roll < 0.75) {
          // Switch off portfolio margin or back on (either may be refused: the same on both engines).
          const on = filtered.state.accounts.get(account)?.portfolioModel !== null;
          both({ type: 'setPortfolioMargin', account, model: on ? 'off' : 'okx-pm' });
          switches++;
        } else if (roll < 0.83) {
          // Close the account flat: its cross pool goes; the next account to open may take its row.
          for (const position of [...(filtered.state.accounts.get(account)?.positions.values() ?? [])]) {
            const size = formatFixed(position.size);
            trade(account, position.symbol, size.replace('-', ''), size.startsWith('-') ? 'buy' : 'sell');
          }
          closes++;
          randomTrade(accounts[Math.floor(random() * accounts.length)] ?? 'p1');
        } else if (roll < 0.9) {
          both({ type: 'deposit', account, asset: 'USDT', amount: String(50 + Math.floor(random() * 300)) });
        } else {
          // A preview on the filtered engine only: a model switch and a big move, rolled back.
          const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTCUSDT';
          const moved = String(Math.round((marks[symbol] ?? 1) * (random() < 0.5 ? 0.9 : 1.1)));
          const on = filtered.state.accounts.get(account)?.portfolioModel !== null;
          preview(filtered.state, [
            parseCommand({ type: 'setPortfolioMargin', id: `pv${step}a`, account, model: on ? 'off' : 'okx-pm' }),
            parseCommand({ type: 'price', id: `pv${step}b`, symbol, markPrice: moved, time: at(timeSec) }),
          ]);
        }
      }
      for (const account of accounts) assert.deepEqual(accountRiskJson(filtered.state, account), accountRiskJson(exact.state, account));
      assert.ok(events > 0, `seed ${seed}: the walk produced no event`);
      assert.ok(switches > 5 && closes > 5, `seed ${seed}: ${switches} switches, ${closes} closes`);
    });
  }
});
