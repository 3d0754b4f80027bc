/**
 * The engine's float filter for portfolio pools (portfolio-vectors.ts) hides nothing: two engines
 * receive the same random stream (okx-pm accounts with BTC calendar spreads and ETH, balances near
 * their requirement, random price walks); in the twin every pool is confirmed exactly on every
 * move. Their events are identical command by command (margin calls, liquidations, ADL), and
 * every pool holding positions ends each command at or above its portfolio maintenance.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BTCUSDT_FUTURE_T0_PLUS_1D, at } from '@margin/testkit';
import { RiskInvariants } from '../audit/risk-invariants.js';
import { accountRiskJson } from '../report/account-risk.js';
import { Harness, fill, market } from '../testing/harness.js';

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function setup(): Harness {
  const h = market({}, ['maker'], '100000000');
  h.run({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
  h.run({ type: 'price', symbol: 'BTCUSDT-260102', markPrice: '30000', time: at(0) });
  return h;
}

describe('portfolio pools through the scan filter', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: the same events as confirming every pool exactly`, () => {
      const random = rng(seed);
      const filtered = setup();
      const exact = setup();
      // The twin confirms every pool exactly on every move (no filter).
      exact.state.scan.setPoolFilter(() => true);
      const both = (json: Record<string, unknown>) => {
        const a = filtered.run(json);
        const b = exact.run(json);
        // Each setPortfolioMargin installs the portfolio filter again (portfolio-scan.ts): the twin puts its own back.
        if (json['type'] === 'setPortfolioMargin') exact.state.scan.setPoolFilter(() => true);
        assert.deepEqual(a, b, `command ${JSON.stringify(json)}`);
        return a;
      };
      const accounts = Array.from({ length: 12 }, (_, i) => `p${i}`);
      for (const account of accounts) {
        both({ type: 'deposit', id: `d-${account}`, account, asset: 'USDT', amount: String(2000 + Math.floor(random() * 3000)) });
        both({ type: 'setPortfolioMargin', id: `s-${account}`, account, model: 'okx-pm' });
        const btc = (0.01 * (1 + Math.floor(random() * 50))).toFixed(3);
        const side = random() < 0.5 ? 'buy' : 'sell';
        const other = side === 'buy' ? 'sell' : 'buy';
        both({ ...fill(account, side, btc, '30000'), id: `f1-${account}` });
        both({ ...fill('maker', other, btc, '30000'), id: `m1-${account}` });
        if (random() < 0.7) {
          both({ ...fill(account, other, btc, '30000', { symbol: 'BTCUSDT-260102' }), id: `f2-${account}` });
          both({ ...fill('maker', side, btc, '30000', { symbol: 'BTCUSDT-260102' }), id: `m2-${account}` });
        }
        const eth = (0.1 * (1 + Math.floor(random() * 60))).toFixed(2);
        both({ ...fill(account, random() < 0.5 ? 'buy' : 'sell', eth, '2000', { symbol: 'ETHUSDT' }), id: `f3-${account}` });
      }
      const marks = { BTCUSDT: 30000, 'BTCUSDT-260102': 30000, ETHUSDT: 2000 };
      const audit = new RiskInvariants();
      let liquidations = 0;
      let calls = 0;
      for (let step = 1; step <= 80; step++) {
        const symbol = (['BTCUSDT', 'BTCUSDT-260102', 'ETHUSDT'] as const)[Math.floor(random() * 3)] ?? 'BTCUSDT';
        const tick = symbol === 'ETHUSDT' ? 100 : 10;
        marks[symbol] = Math.max(tick, Math.round((marks[symbol] * (0.97 + 0.06 * random())) * tick) / tick);
        const events = both({ type: 'price', id: `px-${step}`, symbol, markPrice: String(marks[symbol]), time: at(10 + step) });
        liquidations += events.filter((e) => e.type === 'liquidationStarted').length;
        calls += events.filter((e) => e.type === 'marginCall').length;
        audit.observe(filtered.state, events);
        audit.check(filtered.state);
      }
      for (const account of accounts) assert.deepEqual(accountRiskJson(filtered.state, account), accountRiskJson(exact.state, account));
      // The walk reaches the interesting part: calls happen (liquidations may).
      assert.ok(calls + liquidations > 0, `seed ${seed}: no margin call or liquidation in the walk`);
    });
  }
});
