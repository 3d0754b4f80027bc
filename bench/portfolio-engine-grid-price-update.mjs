// Bench: a price update of BTC-PERPETUAL in the engine when ACCOUNTS (default 2,000) accounts in
// portfolio margin (deribit-pm, the INVERSE BTC grid: P&L and requirement in BTC) hold it, each
// with BTC-PERPETUAL and a second BTC-settled perpetual (BTCUSD, another mark): the `price`
// command through the grid pools' float filter (engine/src/portfolio/grid-scan.ts via
// portfolio-vectors.ts) with exact confirmation of the flagged pools, against the same engine
// confirming every portfolio pool exactly (the state before the inverse grid filter). Rounds
// alternate A/B (filtered, exact) so both see the same load; CPU time per update from
// process.cpuUsage (user + system, this process), wall time beside it. One core; prints the load
// average before and after. With OPTIONS=1 each account also holds an inverse BTC call (marked by
// IV, so re-marked on each BTC-PERPETUAL price, and every holder's pool reviewed): the option pools'
// filter (engine/src/portfolio/option-pool-filter.ts) against exact reviews of every holder.
// OPTIONS=N (N > 1): N IV-marked options each (calls and puts at strikes around the mark).
// EXACT=0: the filtered engine only (for before/after runs of two builds, alternated by the caller).
// Run after `npm run build`: [OPTIONS=N] node bench/portfolio-engine-grid-price-update.mjs [accounts] [rounds]
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { applyCommand, createEngineState, parseCommand } from '../packages/engine/dist/index.js';
import { BTCUSD_INVERSE_100_MMR04, DERIBIT_BTC_PERPETUAL, at } from '../packages/testkit/dist/index.js';

const ACCOUNTS = Number(process.argv[2] ?? 2_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const UPDATES = 10;
const OPTION_COUNT = Number(process.env.OPTIONS ?? 0);
const OPTIONS = OPTION_COUNT > 0;
const CALL = { symbol: 'BTC-27MAR26-52000-C', kind: 'inverse-option', right: 'call', underlying: 'BTC-PERPETUAL', settle: 'BTC', contractSize: '1', strike: '52000', expiry: '2026-03-27T08:00:00.000Z', tickSize: '0.0001', lotSize: '0.1' };
/** The options each account holds: the call, then puts and calls at strikes stepping away from the mark. */
const HELD = [CALL];
for (let k = 1; k < OPTION_COUNT; k++) {
  const right = k % 2 === 1 ? 'put' : 'call';
  const strike = String(right === 'put' ? 28000 - 1000 * k : 52000 + 1000 * k);
  HELD.push({ ...CALL, symbol: `BTC-27MAR26-${strike}-${right === 'put' ? 'P' : 'C'}`, right, strike });
}

function book(exact) {
  const state = createEngineState({ profile: 'deribit' });
  let seq = 0;
  const apply = (json) => applyCommand(state, parseCommand({ id: `c${++seq}`, ...json }), { seq }).events;
  apply({ type: 'instrument', instrument: DERIBIT_BTC_PERPETUAL });
  apply({ type: 'instrument', instrument: BTCUSD_INVERSE_100_MMR04 });
  apply({ type: 'prices', time: at(0), prices: [{ symbol: 'BTC-PERPETUAL', markPrice: '30000' }, { symbol: 'BTCUSD', markPrice: '30050' }] });
  apply({ type: 'deposit', account: 'maker', asset: 'BTC', amount: '1000000' });
  for (const option of OPTIONS ? HELD : []) {
    apply({ type: 'instrument', instrument: option });
    apply({ type: 'price', symbol: option.symbol, markIv: '0.6', time: at(1) });
  }
  for (let i = 0; i < ACCOUNTS; i++) {
    const account = `p${i}`;
    apply({ type: 'deposit', account, asset: 'BTC', amount: (0.3 + (i % 50) * 0.01).toFixed(2) });
    apply({ type: 'setPortfolioMargin', account, model: 'deribit-pm' });
    const perp = String(10 * (50 + (i % 7) * 20));
    const swap = String(5 + (i % 5) * 3);
    for (const [symbol, side, size, price] of [['BTC-PERPETUAL', 'buy', perp, '30000'], ['BTCUSD', i % 2 ? 'buy' : 'sell', swap, '30050']]) {
      apply({ type: 'fill', account, symbol, side, size, price, fee: '0', time: at(1) });
      apply({ type: 'fill', account: 'maker', symbol, side: side === 'buy' ? 'sell' : 'buy', size, price, fee: '0', time: at(1) });
    }
    for (const [k, option] of (OPTIONS ? HELD : []).entries()) {
      const side = (i + k) % 3 ? 'sell' : 'buy';
      const size = (0.1 * (1 + ((i + k) % 10))).toFixed(1);
      apply({ type: 'fill', account, symbol: option.symbol, side, size, price: '0.0400', time: at(1) });
      apply({ type: 'fill', account: 'maker', symbol: option.symbol, side: side === 'buy' ? 'sell' : 'buy', size, price: '0.0400', time: at(1) });
    }
  }
  if (exact) state.scan.setPoolFilter(() => true);
  apply({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: '30001', time: at(2) });
  return apply;
}

let clock = 10;
/** UPDATES small moves (0.01 % to 0.1 %); returns CPU and wall ms per update. */
function round(apply) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < UPDATES; i++) {
    const mark = (30000 * (1 + ((i % 5) - 2) * 0.0005)).toFixed(1);
    apply({ type: 'price', symbol: 'BTC-PERPETUAL', markPrice: mark, time: at(clock++) });
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpuMs: (cpu.user + cpu.system) / 1000 / UPDATES, wallMs: (performance.now() - t0) / UPDATES };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(`portfolio-engine-grid-price-update: ${ACCOUNTS} deribit-pm (inverse BTC) accounts hold BTC-PERPETUAL${OPTION_COUNT === 1 ? ' and a BTC call' : OPTIONS ? ` and ${OPTION_COUNT} BTC options` : ''}, ${ROUNDS} A/B rounds of ${UPDATES} updates (load average ${loadavg()[0].toFixed(2)})`);
const filtered = book(false);
const EXACT = process.env.EXACT !== '0';
const exact = EXACT ? book(true) : null;
const a = [];
const b = [];
for (let r = 0; r < ROUNDS; r++) {
  a.push(round(filtered));
  if (exact !== null) b.push(round(exact));
}
const show = (label, runs) =>
  console.log(`  ${label}: median CPU ${median(runs.map((x) => x.cpuMs)).toFixed(2)} ms, wall ${median(runs.map((x) => x.wallMs)).toFixed(2)} ms per update`);
show('float filter + exact confirmation of flagged pools', a);
if (exact !== null) show('every portfolio pool confirmed exactly', b);
console.log(`  load average after: ${loadavg()[0].toFixed(2)}`);
