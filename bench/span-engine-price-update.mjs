// Bench: a price update in the engine when ACCOUNTS (default 10,000) accounts in SPAN margin (ADR
// 0035) hold the moved symbol: each account holds the corn/soy spread of the repository's test
// parameter set (vectors/portfolio/span-test.pa2: ZC-DEC26 long, ZS-NOV26 short; CME spread-calc
// example) at varying sizes. Two modes on the same book, alternated update by update: `filtered`
// (the SPAN pool filter, span-scan.ts: the exact requirement kept per pool, equity estimated,
// exact confirmation only near a level) and `exact` (every SPAN pool confirmed exactly on every
// review, as before the filter: the pool filter says "confirm" for every account but the maker),
// plus `floor` (every SPAN pool cleared without any test: not a valid engine, the cost of the price
// handling and the scan's sweep alone, so filtered - floor is the SPAN filter's own cost).
// Reports wall and CPU time per update (median of 20 per mode, alternating two marks), the cost
// per holder, the pools confirmed, and computeSpan alone on one account's positions. One core;
// prints the load average.
// Run after `npm run build`: node bench/span-engine-price-update.mjs [accounts] [rounds]
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { applyCommand, createEngineState, parseCommand } from '../packages/engine/dist/index.js';
import { computeSpan, parsePa2 } from '../packages/core/dist/index.js';
import { BTC_TIERS_3, at } from '../packages/testkit/dist/index.js';

const ACCOUNTS = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 20);
const PA2 = readFileSync(new URL('../vectors/portfolio/span-test.pa2', import.meta.url), 'utf8');

const state = createEngineState({});
let seq = 0;
const apply = (json) => applyCommand(state, parseCommand({ id: `c${++seq}`, ...json }), { seq }).events;
const future = (symbol) => ({ symbol, kind: 'linear-perpetual', settle: 'USD', contractSize: '1', tickSize: '0.01', lotSize: '1', tiers: BTC_TIERS_3 });
apply({ type: 'asset', asset: 'USD', decimals: 2 });
for (const symbol of ['ZC-DEC26', 'ZS-NOV26']) apply({ type: 'instrument', instrument: future(symbol) });
apply({ type: 'prices', time: at(0), prices: [{ symbol: 'ZC-DEC26', markPrice: '1000' }, { symbol: 'ZS-NOV26', markPrice: '1000' }] });
apply({ type: 'spanParameters', set: 'tst', format: 'pa2', content: PA2, symbols: [{ symbol: 'ZC-DEC26', contract: 'ZC 202612' }, { symbol: 'ZS-NOV26', contract: 'ZS 202611' }] });
apply({ type: 'deposit', account: 'maker', asset: 'USD', amount: '1000000000' });
const built = performance.now();
for (let i = 0; i < ACCOUNTS; i++) {
  const account = `s${i}`;
  const zc = 2 * (1 + (i % 3));
  apply({ type: 'deposit', account, asset: 'USD', amount: String(20000 + (i % 50) * 100) });
  apply({ type: 'setPortfolioMargin', account, model: 'span', parameterSet: 'tst' });
  for (const [symbol, side, size] of [['ZC-DEC26', 'buy', String(zc)], ['ZS-NOV26', 'sell', String(zc / 2)]]) {
    apply({ type: 'fill', account, symbol, side, size, price: '1000', fee: '0', time: at(1) });
    apply({ type: 'fill', account: 'maker', symbol, side: side === 'buy' ? 'sell' : 'buy', size, price: '1000', fee: '0', time: at(1) });
  }
}
const buildMs = performance.now() - built;

const [l1] = loadavg();
console.log(`span-engine-price-update: ${ACCOUNTS} SPAN accounts hold ZC-DEC26 (load average ${l1.toFixed(2)}; book built in ${(buildMs / 1000).toFixed(1)} s)`);
// The installed filters, and the "confirm every SPAN pool" one of the exact mode (under the name the portfolio filter uses, so it decides first).
const scan = state.scan;
const filters = new Map(scan.poolFilters);
const exactFilter = (pool) => (scan.owner(pool).accountId === 'maker' ? null : true);
const floorFilter = (pool) => (scan.owner(pool).accountId === 'maker' ? null : false);
const setMode = (mode) => {
  if (mode === 'exact') scan.setPoolFilter(exactFilter, 'portfolio');
  else if (mode === 'floor') scan.setPoolFilter(floorFilter, 'portfolio');
  else for (const [name, filter] of filters) scan.setPoolFilter(filter, name);
};
const MODES = ['filtered', 'exact', 'floor'];
const results = Object.fromEntries(MODES.map((mode) => [mode, { walls: [], cpus: [], events: 0 }]));
let tick = 0;
const update = (mode, keep) => {
  setMode(mode);
  const mark = tick++ % 2 === 0 ? '1000.50' : '999.50';
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const events = apply({ type: 'price', symbol: 'ZC-DEC26', markPrice: mark, time: at(10 + tick) }).length;
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (!keep) return;
  const r = results[mode];
  r.walls.push(wall);
  r.cpus.push((cpu.user + cpu.system) / 1000);
  r.events += events;
};
// The first review of each mode after the build (scan rows settle, the filter reads each pool's requirement once).
for (const mode of MODES) update(mode, false);
for (let i = 0; i < ROUNDS; i++) {
  // Alternated, the order rotating round by round (load drifts hit every mode alike).
  for (let k = 0; k < MODES.length; k++) update(MODES[(i + k) % MODES.length], true);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const [l2] = loadavg();
for (const mode of MODES) {
  const r = results[mode];
  console.log(`  ${mode.padEnd(8)} price update: median wall ${median(r.walls).toFixed(1)} ms, CPU ${median(r.cpus).toFixed(1)} ms (${((median(r.cpus) * 1000) / ACCOUNTS).toFixed(3)} us CPU per holder), ${r.events} events over ${ROUNDS} updates`);
}
console.log(`  load average at the end ${l2.toFixed(2)}`);

const params = parsePa2(PA2);
const portfolio = { accountClass: 'speculator', positions: [{ contract: 'ZC 202612', quantity: 4 }, { contract: 'ZS 202611', quantity: -2 }] };
const n = 20_000;
const cpu0 = process.cpuUsage();
for (let i = 0; i < n; i++) computeSpan(params, portfolio);
const cpu = process.cpuUsage(cpu0);
console.log(`  computeSpan alone (2 positions, 2 combined commodities, 1 inter spread): ${(((cpu.user + cpu.system) / n)).toFixed(2)} us CPU each`);
