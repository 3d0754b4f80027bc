/**
 * The seeded stream the grid-pool property tests share (grid-vectors.property.test.ts for USDC,
 * inverse-grid-vectors.property.test.ts for BTC): two engines take the same commands (prices of
 * every symbol with moves and repeated marks, fills that open, add to, reduce and close positions
 * mid-walk, deposits; previews rolled back on the filtered engine only), the twin confirming every
 * pool exactly on every move. After every command: identical events, and every portfolio pool's
 * float figures within their stated bound of the exact report's.
 */
import assert from 'node:assert/strict';
import { at } from '@margin/testkit';
import { parseCommand } from '../commands/parse-command.js';
import { preview } from '../preview/preview.js';
import { portfolioVectors } from '../portfolio/portfolio-vectors.js';
import { accountRiskJson } from '../report/account-risk.js';
import type { EngineEvent } from '../apply/apply-command.js';
import { fill, type Harness } from './harness.js';

/** A linear congruential generator (the tests' seeded randomness). */
export function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/** Every portfolio pool in `asset` of `accounts` has float figures within their bound of the exact report's; returns how many were checked. */
export function assertWithinBound(h: Harness, accounts: readonly string[], asset: string, where: string): number {
  const vectors = portfolioVectors(h.state);
  let checked = 0;
  for (const id of accounts) {
    const pool = h.state.accounts.get(id)?.crossPools.get(asset);
    if (pool === undefined) continue;
    const estimate = vectors.estimate(pool);
    if (estimate === null) continue;
    const exact = accountRiskJson(h.state, id)?.account;
    assert.ok(exact !== undefined, `${where} ${id}: a risk report`);
    const maintenance = Number(exact.maintenanceMargin);
    const equity = Number(exact.equity);
    // The report's decimal strings are exact; reading them as floats costs 2^-52 relative each.
    const read = 2 ** -50 * (Math.abs(maintenance) + Math.abs(equity));
    assert.ok(Math.abs(estimate.maintenance - maintenance) <= estimate.delta + read, `${where} ${id}: maintenance ${estimate.maintenance} vs exact ${maintenance} (delta ${estimate.delta})`);
    assert.ok(Math.abs(estimate.equity - equity) <= estimate.delta + read, `${where} ${id}: equity ${estimate.equity} vs exact ${equity} (delta ${estimate.delta})`);
    checked++;
  }
  return checked;
}

export interface GridStream {
  readonly seed: number;
  /** A fresh engine with the instruments, first marks and the maker's deposit. */
  readonly setup: () => Harness;
  readonly asset: string;
  readonly symbols: readonly [string, string, string];
  readonly marks: Readonly<Record<string, number>>;
  /** The mark's tick of a symbol. */
  readonly tick: (symbol: string) => number;
  /** A fill's size (decimal text) for `account` in `symbol`. */
  readonly size: (random: () => number, symbol: string, account: string) => string;
  /** The first deposit of `account` and a later top-up (decimal text). */
  readonly deposit: (random: () => number, account: string) => string;
  readonly topUp: (random: () => number) => string;
  /** The previewed fill's symbol and size. */
  readonly previewFill: { readonly symbol: string; readonly size: string };
}

/**
 * Run each command on `filtered` and on `exact`, which confirms every pool exactly (its pool
 * filter says so, put back after each setPortfolioMargin, which installs the portfolio filter
 * again: portfolio-scan.ts); asserts identical events and returns them.
 */
export function twinRunner(filtered: Harness, exact: Harness): (json: Record<string, unknown>) => EngineEvent[] {
  exact.state.scan.setPoolFilter(() => true);
  let n = 0;
  return (json) => {
    const withId = { ...json, id: `x${++n}` };
    const a = filtered.run(withId);
    const b = exact.run(withId);
    if (json['type'] === 'setPortfolioMargin') exact.state.scan.setPoolFilter(() => true);
    assert.deepEqual(a, b, `command ${JSON.stringify(withId)}`);
    return a;
  };
}

/** Run one seeded stream through a filtered engine and its exact twin; returns the pool checks and the events of the price commands. */
export function runGridStream(stream: GridStream): { checked: number; events: number } {
  const random = rng(stream.seed);
  const filtered = stream.setup();
  const exact = stream.setup();
  const both = twinRunner(filtered, exact);
  const fallback = stream.symbols[0];
  const pick = () => stream.symbols[Math.floor(random() * 3)] ?? fallback;
  const accounts = Array.from({ length: 10 }, (_, i) => `g${i}`);
  const marks: Record<string, number> = { ...stream.marks };
  let timeSec = 2;
  const trade = (account: string) => {
    const symbol = pick();
    const size = stream.size(random, symbol, account);
    const side = random() < 0.5 ? 'buy' : 'sell';
    const price = String(marks[symbol]);
    both(fill(account, side, size, price, { symbol, time: at(timeSec) }));
    both(fill('maker', side === 'buy' ? 'sell' : 'buy', size, price, { symbol, time: at(timeSec) }));
  };
  for (const account of accounts) {
    both({ type: 'deposit', account, asset: stream.asset, amount: stream.deposit(random, account) });
    both({ type: 'setPortfolioMargin', account, model: 'deribit-pm' });
    for (let k = 0; k < 3; k++) trade(account);
  }
  let checked = 0;
  let events = 0;
  for (let step = 1; step <= 120; step++) {
    timeSec += 1;
    const roll = random();
    if (roll < 0.6) {
      const symbol = pick();
      const tick = stream.tick(symbol);
      // A fifth of the prices repeat the mark (a time-only update); the others move up to 2.5 % on the tick, read at 2 decimals.
      if (random() >= 0.2) marks[symbol] = Math.max(tick, Math.round(Math.round(((marks[symbol] ?? 1) * (0.975 + 0.05 * random())) / tick) * tick * 100) / 100);
      events += both({ type: 'price', symbol, markPrice: String(marks[symbol]), time: at(timeSec) }).length;
    } else if (roll < 0.8) {
      trade(accounts[Math.floor(random() * accounts.length)] ?? 'g0');
    } else if (roll < 0.88) {
      both({ type: 'deposit', account: accounts[Math.floor(random() * accounts.length)] ?? 'g0', asset: stream.asset, amount: stream.topUp(random) });
    } else {
      const symbol = pick();
      const moved = String(Math.round((marks[symbol] ?? 1) * (random() < 0.5 ? 0.9 : 1.1)));
      preview(filtered.state, [
        parseCommand({ type: 'price', id: `pv${step}a`, symbol, markPrice: moved, time: at(timeSec) }),
        parseCommand({ ...fill(accounts[Math.floor(random() * accounts.length)] ?? 'g0', 'buy', stream.previewFill.size, moved, { symbol: stream.previewFill.symbol, time: at(timeSec) }), id: `pv${step}b` }),
      ]);
    }
    checked += assertWithinBound(filtered, accounts, stream.asset, `step ${step}`);
  }
  for (const account of accounts) assert.deepEqual(accountRiskJson(filtered.state, account), accountRiskJson(exact.state, account));
  return { checked, events };
}
