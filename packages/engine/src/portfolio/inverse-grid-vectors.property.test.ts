/**
 * The engine's incremental vectors for INVERSE grid pools (deribit-pm BTC: coin-settled futures,
 * P&L and requirement in BTC, the dampener converted at the first position's shocked forward;
 * grid-scan.ts through portfolio-vectors.ts) over seeded streams: three BTC-settled perpetuals
 * whose marks move apart, so the first position's forward matters: prices of every symbol (moves and
 * repeated marks), fills that open, add to, reduce and close positions mid-walk, deposits and
 * previews rolled back. Two engines take the same stream; the twin confirms every pool exactly on
 * every move. Checked after every command: identical events (the filter never misses a pool the
 * exact model flags: a margin call, a clearance, a liquidation), and every grid pool's float
 * figures within their stated bound of the exact report's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BTCUSD_INVERSE_100_MMR04, DERIBIT_BTC_PERPETUAL, OKX_BTC_USD_SWAP_TIERS_IN_CONTRACTS, at } from '@margin/testkit';
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

const SYMBOLS = ['BTC-PERPETUAL', 'BTCUSD', 'BTC-USD-SWAP'] as const;
/** Contracts per lot step and the most lots a fill takes (10 USD contracts for BTC-PERPETUAL, 100 USD for the others). */
const LOTS: Record<string, number> = { 'BTC-PERPETUAL': 10, BTCUSD: 1, 'BTC-USD-SWAP': 1 };

const WHALES = new Set(['g0', 'g1', 'g2']);

function setup(): Harness {
  const h = new Harness({ profile: 'deribit' });
  h.run({ type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL });
  h.run({ type: 'instrument', instrument: BTCUSD_INVERSE_100_MMR04 });
  h.run({ type: 'instrument', instrument: OKX_BTC_USD_SWAP_TIERS_IN_CONTRACTS });
  h.run({ type: 'prices', time: at(0), prices: [{ symbol: 'BTC-PERPETUAL', markPrice: '30000' }, { symbol: 'BTCUSD', markPrice: '30100' }, { symbol: 'BTC-USD-SWAP', markPrice: '29900' }] });
  h.run({ type: 'deposit', account: 'maker', asset: 'BTC', amount: '100000' });
  return h;
}

function assertWithinBound(h: Harness, accounts: readonly string[], where: string): number {
  const vectors = portfolioVectors(h.state);
  let checked = 0;
  for (const id of accounts) {
    const pool = h.state.accounts.get(id)?.crossPools.get('BTC');
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

describe('incremental inverse grid (deribit-pm BTC) vectors in the engine', () => {
  for (const seed of [31, 32, 33]) {
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
      const marks: Record<string, number> = { 'BTC-PERPETUAL': 30000, BTCUSD: 30100, 'BTC-USD-SWAP': 29900 };
      let timeSec = 2;
      const trade = (account: string) => {
        const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTCUSD';
        const lot = LOTS[symbol] ?? 1;
        // Whales (g0-g2) hold ~$10M, where the extended table's losses pass the $100,000 dampener.
        const size = String(lot * (1 + Math.floor(random() * 100)) * (WHALES.has(account) ? 1000 : 1));
        const side = random() < 0.5 ? 'buy' : 'sell';
        const price = String(marks[symbol]);
        both(fill(account, side, size, price, { symbol, time: at(timeSec) }));
        both(fill('maker', side === 'buy' ? 'sell' : 'buy', size, price, { symbol, time: at(timeSec) }));
      };
      for (const account of accounts) {
        both({ type: 'deposit', account, asset: 'BTC', amount: ((0.05 + 0.1 * random()) * (WHALES.has(account) ? 2000 : 1)).toFixed(4) });
        both({ type: 'setPortfolioMargin', account, model: 'deribit-pm' });
        for (let k = 0; k < 3; k++) trade(account);
      }
      let checked = 0;
      let events = 0;
      for (let step = 1; step <= 120; step++) {
        timeSec += 1;
        const roll = random();
        if (roll < 0.6) {
          const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTCUSD';
          const tick = 0.5;
          if (random() >= 0.2) marks[symbol] = Math.max(tick, Number((Math.round(((marks[symbol] ?? 1) * (0.975 + 0.05 * random())) / tick) * tick).toFixed(2)));
          events += both({ type: 'price', symbol, markPrice: String(marks[symbol]), time: at(timeSec) }).length;
        } else if (roll < 0.8) {
          trade(accounts[Math.floor(random() * accounts.length)] ?? 'g0');
        } else if (roll < 0.88) {
          both({ type: 'deposit', account: accounts[Math.floor(random() * accounts.length)] ?? 'g0', asset: 'BTC', amount: (0.002 + 0.01 * random()).toFixed(4) });
        } else {
          const symbol = SYMBOLS[Math.floor(random() * 3)] ?? 'BTCUSD';
          const moved = String(Math.round((marks[symbol] ?? 1) * (random() < 0.5 ? 0.9 : 1.1)));
          preview(filtered.state, [
            parseCommand({ type: 'price', id: `pv${step}a`, symbol, markPrice: moved, time: at(timeSec) }),
            parseCommand({ ...fill(accounts[Math.floor(random() * accounts.length)] ?? 'g0', 'buy', '10', moved, { symbol: 'BTC-PERPETUAL', time: at(timeSec) }), id: `pv${step}b` }),
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
