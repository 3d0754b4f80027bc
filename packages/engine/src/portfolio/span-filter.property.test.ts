/**
 * The SPAN pool filter (span-scan.ts) hides nothing: two engines take the same seeded stream (SPAN
 * accounts on the corn/soy test set with balances near their requirement; prices of one or both
 * symbols moving up to 3 % and crossing margin-call and liquidation levels; fills that open, add
 * to, reduce, close and flip positions; deposits and withdrawals; the set replaced mid-stream by
 * another file or another symbol ratio; accounts switched between two sets, account classes, and
 * off SPAN and back; previews rolled back on the filtered engine only). The twin confirms every
 * pool exactly on every review (`twinRunner`, which puts its filter back after each
 * setPortfolioMargin). After every command the events are identical; after every step each SPAN
 * pool's float figures are within the stated bound of the exact report's; at the end the risk
 * reports and the state hashes are equal, and the filter did clear reviews (it is not a no-op).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedToNumber } from '@margin/core';
import { at } from '@margin/testkit';
import { parseCommand } from '../commands/parse-command.js';
import { preview } from '../preview/preview.js';
import { accountRiskJson } from '../report/account-risk.js';
import { currentView, riskOfView } from '../risk/pool-risk.js';
import { stateHash } from '../snapshot/snapshot.js';
import { rng, twinRunner } from '../testing/grid-stream.js';
import { SPAN_PA2, SPAN_SPN, SPAN_SYMBOLS, spanMarket } from '../testing/span-market.js';
import type { Harness } from '../testing/harness.js';
import { spanPoolFilter } from './span-scan.js';

const SYMBOLS = ['ZC-DEC26', 'ZS-NOV26'] as const;
const CLASSES = ['speculator', 'member', 'hedger'] as const;

function setup(): Harness {
  const h = spanMarket(['maker'], '100000000');
  h.run({ type: 'spanParameters', set: 'alt', format: 'spn', content: SPAN_SPN, symbols: SPAN_SYMBOLS });
  return h;
}

/** Each SPAN pool's filter figures are within their bound of the exact report's; returns [checked, cleared]. */
function checkPools(h: Harness, accounts: readonly string[], where: string): [number, number] {
  const filter = spanPoolFilter(h.state);
  let checked = 0;
  let cleared = 0;
  for (const id of accounts) {
    const pool = h.state.accounts.get(id)?.crossPools.get('USD');
    if (pool === undefined || h.state.accounts.get(id)?.portfolioModel !== 'span') continue;
    const estimate = filter.estimate(pool);
    assert.ok(estimate !== null, `${where} ${id}: a SPAN pool has figures`);
    // The exact kernel's figures (the JSON report rounds money to 8 decimals; these are the E18 values it rounds).
    const account = h.state.accounts.get(id);
    assert.ok(account !== undefined);
    const exact = riskOfView(h.state, account, currentView(h.state, account, 'USD')).account;
    const maintenance = fixedToNumber(exact.maintenanceMargin);
    const equity = fixedToNumber(exact.equity);
    // Reading the exact E18 values as floats costs 2^-52 relative each.
    const read = 2 ** -50 * (Math.abs(maintenance) + Math.abs(equity));
    assert.ok(Math.abs(estimate.maintenance - maintenance) <= estimate.delta + read, `${where} ${id}: maintenance ${estimate.maintenance} vs exact ${maintenance} (delta ${estimate.delta})`);
    assert.ok(Math.abs(estimate.equity - equity) <= estimate.delta + read, `${where} ${id}: equity ${estimate.equity} vs exact ${equity} (delta ${estimate.delta})`);
    checked++;
    if (filter.flag(pool) === false) cleared++;
  }
  return [checked, cleared];
}

function runStream(seed: number): { checked: number; cleared: number; calls: number; liquidations: number; reloads: number } {
  const random = rng(seed);
  const filtered = setup();
  const exact = setup();
  const both = twinRunner(filtered, exact);
  const accounts = Array.from({ length: 10 }, (_, i) => `s${i}`);
  const marks: Record<string, number> = { 'ZC-DEC26': 1000, 'ZS-NOV26': 1000 };
  const pick = () => SYMBOLS[Math.floor(random() * 2)] ?? 'ZC-DEC26';
  let timeSec = 1;
  const trade = (account: string, size = String(1 + Math.floor(random() * 3))) => {
    const symbol = pick();
    const side = random() < 0.5 ? 'buy' : 'sell';
    const price = (marks[symbol] ?? 1000).toFixed(2);
    const events = both({ type: 'fill', account, symbol, side, size, price, fee: '0', time: at(timeSec) });
    // The maker takes the other side only when the account's fill went through.
    if (!events.some((e) => e.type === 'rejected')) both({ type: 'fill', account: 'maker', symbol, side: side === 'buy' ? 'sell' : 'buy', size, price, fee: '0', time: at(timeSec) });
  };
  for (const account of accounts) {
    both({ type: 'deposit', account, asset: 'USD', amount: String(3000 + Math.floor(random() * 6000)) });
    both({ type: 'setPortfolioMargin', account, model: 'span', parameterSet: random() < 0.7 ? 'tst' : 'alt', accountClass: CLASSES[Math.floor(random() * 3)] });
    for (let k = 0; k < 3; k++) trade(account);
  }
  let checked = 0;
  let cleared = 0;
  let calls = 0;
  let liquidations = 0;
  let reloads = 0;
  for (let step = 1; step <= 150; step++) {
    timeSec += 1;
    const roll = random();
    if (roll < 0.55) {
      const moved = random() < 0.3 ? [...SYMBOLS] : [pick()];
      for (const symbol of moved) marks[symbol] = Math.round((marks[symbol] ?? 1000) * (0.97 + 0.06 * random()) * 100) / 100;
      const prices = moved.map((symbol) => ({ symbol, markPrice: (marks[symbol] ?? 1000).toFixed(2) }));
      const events = prices.length === 1 ? both({ type: 'price', ...prices[0], time: at(timeSec) }) : both({ type: 'prices', time: at(timeSec), prices });
      calls += events.filter((e) => e.type === 'marginCall').length;
      liquidations += events.filter((e) => e.type === 'liquidationStarted').length;
    } else if (roll < 0.72) {
      trade(accounts[Math.floor(random() * accounts.length)] ?? 's0');
    } else if (roll < 0.8) {
      const account = accounts[Math.floor(random() * accounts.length)] ?? 's0';
      if (random() < 0.5) both({ type: 'deposit', account, asset: 'USD', amount: String(200 + Math.floor(random() * 2000)) });
      else both({ type: 'withdraw', account, asset: 'USD', amount: String(100 + Math.floor(random() * 1500)) });
    } else if (roll < 0.86) {
      // A new file for a set the accounts are on: another format, or ZC mapped at another ratio (the requirement moves, not the marks).
      const set = random() < 0.6 ? 'tst' : 'alt';
      const ratio = String(1 + Math.floor(random() * 3));
      const content = random() < 0.5 ? SPAN_PA2 : SPAN_SPN;
      const events = both({ type: 'spanParameters', set, format: content === SPAN_PA2 ? 'pa2' : 'spn', content, symbols: [{ symbol: 'ZC-DEC26', contract: 'ZC 202612', ratio }, SPAN_SYMBOLS[1]] });
      if (events[0]?.type === 'spanParametersLoaded') reloads++;
      liquidations += events.filter((e) => e.type === 'liquidationStarted').length;
    } else if (roll < 0.92) {
      const account = accounts[Math.floor(random() * accounts.length)] ?? 's0';
      const choice = random();
      if (choice < 0.2) both({ type: 'setPortfolioMargin', account, model: 'off' });
      else both({ type: 'setPortfolioMargin', account, model: 'span', parameterSet: choice < 0.6 ? 'tst' : 'alt', accountClass: CLASSES[Math.floor(random() * 3)] });
    } else {
      const symbol = pick();
      const moved = ((marks[symbol] ?? 1000) * (random() < 0.5 ? 0.9 : 1.1)).toFixed(2);
      preview(filtered.state, [
        parseCommand({ type: 'price', id: `pv${step}a`, symbol, markPrice: moved, time: at(timeSec) }),
        parseCommand({ type: 'fill', id: `pv${step}b`, account: accounts[Math.floor(random() * accounts.length)] ?? 's0', symbol, side: 'buy', size: '1', price: moved, fee: '0', time: at(timeSec) }),
      ]);
    }
    const [c, k] = checkPools(filtered, accounts, `seed ${seed} step ${step}`);
    checked += c;
    cleared += k;
    if (step % 25 === 0) assert.equal(stateHash(filtered.state), stateHash(exact.state), `seed ${seed} step ${step}: state hash`);
  }
  for (const account of accounts) assert.deepEqual(accountRiskJson(filtered.state, account), accountRiskJson(exact.state, account));
  assert.equal(stateHash(filtered.state), stateHash(exact.state));
  return { checked, cleared, calls, liquidations, reloads };
}

describe('SPAN pools through the float filter (span-scan.ts)', () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: the same events and state hash as confirming every SPAN pool exactly; figures within the bound`, () => {
      const { checked, cleared, calls, liquidations, reloads } = runStream(seed);
      assert.ok(checked > 500, `seed ${seed}: ${checked} pool checks`);
      // The walk reaches the interesting part, and the filter does clear pools far from a level.
      assert.ok(calls + liquidations > 0, `seed ${seed}: no margin call or liquidation in the walk`);
      assert.ok(reloads > 0, `seed ${seed}: no parameter file replaced mid-stream`);
      assert.ok(cleared > checked / 4, `seed ${seed}: the filter cleared ${cleared} of ${checked}`);
    });
  }
});
