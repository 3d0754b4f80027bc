/**
 * The engine's incremental vectors for grid pools (deribit-pm, USDC-settled linear futures;
 * grid-scan.ts through portfolio-vectors.ts) over seeded streams: prices of every symbol (moves and
 * repeated marks), fills that open, add to, reduce and close positions mid-walk, deposits and
 * previews rolled back. Two engines take the same stream; the twin confirms every pool exactly on
 * every move. Checked after every command: identical events (the filter never misses a pool the
 * exact model flags: a margin call, a clearance, a liquidation), and every grid pool's float
 * figures within their stated bound of the exact report's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DERIBIT_BTC_USDC_PERPETUAL, DERIBIT_ETH_USDC_PERPETUAL, DYDX_BTC_USD_MMR5, at } from '@margin/testkit';
import { parseCommand } from '../commands/parse-command.js';
import { preview } from '../preview/preview.js';
import { accountRiskJson } from '../report/account-risk.js';
import { Harness, fill } from '../testing/harness.js';
import { portfolioVectors } from './portfolio-vectors.js';

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const SYMBOLS = ['BTC_USDC-PERPETUAL', 'BTC-USD', 'ETH_USDC-PERPETUAL'] as const;
const LOTS: Record<string, number> = { 'BTC_USDC-PERPETUAL': 1, 'BTC-USD': 0.001, 'ETH_USDC-PERPETUAL': 1 };

function setup(): Harness {
  const h = new Harness();
  h.run({ type: 'instrument', instrument: DERIBIT_BTC_USDC_PERPETUAL });
  h.run({ type: 'instrument', instrument: DYDX_BTC_USD_MMR5 });
  h.run({ type: 'instrument', instrument: DERIBIT_ETH_USDC_PERPETUAL });
  h.run({ type: 'prices', time: at(0), prices: [{ symbol: 'BTC_USDC-PERPETUAL', markPrice: '30000' }, { symbol: 'BTC-USD', markPrice: '30000' }, { symbol: 'ETH_USDC-PERPETUAL', markPrice: '2000' }] });
  h.run({ type: 'deposit', account: 'maker', asset: 'USDC', amount: '100000000' });
  return h;
}

function assertWithinBound(h: Harness, accounts: readonly string[], where: string): number {
  const vectors = portfolioVectors(h.state);
  let checked = 0;
  for (const id of accounts) {
    const pool = h.state.accounts.get(id)?.crossPools.get('USDC');
    if (pool === undefined) continue;
    const estimate = vectors.estimate(pool);
    if (estimate === null) continue;
    const exact = accountRiskJson(h.state, id)?.account;
    assert.ok(exact !== undefined, `${where} ${id}: a risk report`);
    const maintenance = Number(exact.maintenanceMargin);
    const equity = Number(exact.equity);
    const read = 2 ** -50 * (Math.abs(maintenance) + Math.abs(equity));
    assert.ok(Math.abs(estimate.maintenance - maintenance) <= estimate.delta + read, `${where} ${id}: maintenance ${estimate.maintenance} vs exact ${maintenance} (delta ${estimate.delta})`);
    assert.ok(Math.abs(estimate.equity - equity) <= estimate.delta + read, `${where} ${id}: equity ${estimate.equity} vs exact ${equity} (delta ${estimate.delta})`);
    checked++;
  }
  return checked;
}

describe('incremental grid (deribit-pm) vectors in the engine', () => {
  for (const seed of [21, 22, 23]) {
    it(`seed ${seed}: the same events as confirming every pool exactly, figures within the bound`, () => {
      const random = rng(seed);
      const filtered = setup();
      const exact = setup();
      exact.state.scan.setPoolFilter(() => true);
      let n = 0;
      const both = (json: Record<string, unknown>) => {
        const withId = { ...json, id: `x${++n}` };
        const a = filtered.run(withId);
        const b = exact.run(withId);
        assert.deepEqual(a, b, `command ${JSON.stringify(withId)}`);
        return a;
      };
      const accounts = Array.from({ length: 10 }, (_, i) => `g${i}`);
      const marks: Record<string, number> = { 'BTC_USDC-PERPETUAL': 30000, 'BTC-USD': 30000, 'ETH_USDC-PERPETUAL': 2000 };
      let timeSec = 2;
      const trade = (account: string) => {
        const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTC-USD';
        const lot = LOTS[symbol] ?? 1;
        const size = (lot * (1 + Math.floor(random() * (symbol === 'BTC-USD' ? 200 : 100)))).toFixed(lot < 1 ? 3 : 0);
        const side = random() < 0.5 ? 'buy' : 'sell';
        const price = String(marks[symbol]);
        both(fill(account, side, size, price, { symbol, time: at(timeSec) }));
        both(fill('maker', side === 'buy' ? 'sell' : 'buy', size, price, { symbol, time: at(timeSec) }));
      };
      for (const account of accounts) {
        both({ type: 'deposit', account, asset: 'USDC', amount: String(2000 + Math.floor(random() * 4000)) });
        both({ type: 'setPortfolioMargin', account, model: 'deribit-pm' });
        for (let k = 0; k < 3; k++) trade(account);
      }
      let checked = 0;
      let events = 0;
      for (let step = 1; step <= 120; step++) {
        timeSec += 1;
        const roll = random();
        if (roll < 0.6) {
          const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTC-USD';
          const tick = symbol === 'ETH_USDC-PERPETUAL' ? 0.05 : 1;
          if (random() >= 0.2) marks[symbol] = Math.max(tick, Number((Math.round(((marks[symbol] ?? 1) * (0.975 + 0.05 * random())) / tick) * tick).toFixed(2)));
          events += both({ type: 'price', symbol, markPrice: String(marks[symbol]), time: at(timeSec) }).length;
        } else if (roll < 0.8) {
          trade(accounts[Math.floor(random() * accounts.length)] ?? 'g0');
        } else if (roll < 0.88) {
          both({ type: 'deposit', account: accounts[Math.floor(random() * accounts.length)] ?? 'g0', asset: 'USDC', amount: String(50 + Math.floor(random() * 300)) });
        } else {
          const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTC-USD';
          const moved = String(Math.round((marks[symbol] ?? 1) * (random() < 0.5 ? 0.9 : 1.1)));
          preview(filtered.state, [
            parseCommand({ type: 'price', id: `pv${step}a`, symbol, markPrice: moved, time: at(timeSec) }),
            parseCommand({ ...fill(accounts[Math.floor(random() * accounts.length)] ?? 'g0', 'buy', '1', moved, { symbol: 'BTC_USDC-PERPETUAL', time: at(timeSec) }), id: `pv${step}b` }),
          ]);
        }
        checked += assertWithinBound(filtered, accounts, `step ${step}`);
      }
      for (const account of accounts) assert.deepEqual(accountRiskJson(filtered.state, account), accountRiskJson(exact.state, account));
      assert.ok(checked > 200, `seed ${seed}: only ${checked} pool checks`);
      assert.ok(events > 0, `seed ${seed}: the walk produced no event`);
    });
  }
});
