// Bench: a price update of BTCUSDT in the engine when ACCOUNTS (default 10,000) accounts in
// portfolio margin (okx-pm) hold it, each with a BTC calendar spread (BTCUSDT + a dated future)
// and an ETHUSDT position: the `price` command through the portfolio pools' incremental float
// filter (engine/src/portfolio/portfolio-vectors.ts: the moved row re-priced once, each holder's
// vector carried by quantity x (new - old array)) with exact confirmation of the flagged pools,
// against the same engine confirming every portfolio pool exactly (skipped above 20,000 accounts:
// seconds per update). The first update after the book is built rebuilds every pool's vectors
// (timed apart). One core; prints the load average, and the CPU time of the process per update
// (process.cpuUsage: less sensitive than wall time to other work on a loaded machine).
// Run after `npm run build`: node bench/portfolio-engine-price-update.mjs [accounts]
// (100,000: the issue's "one symbol's price update re-margins its 100,000 holders' portfolios")
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { applyCommand, createEngineState, parseCommand } from '../packages/engine/dist/index.js';
import { BTCUSDT_FUTURE_T0_PLUS_1D, BTCUSDT_LINEAR_3TIER, ETHUSDT_LINEAR_2TIER, at } from '../packages/testkit/dist/index.js';

const ACCOUNTS = Number(process.argv[2] ?? 10_000);

function book(exact) {
  const state = createEngineState({});
  let seq = 0;
  const apply = (json) => applyCommand(state, parseCommand({ id: `c${++seq}`, ...json }), { seq }).events;
  apply({ type: 'instrument', instrument: BTCUSDT_LINEAR_3TIER });
  apply({ type: 'instrument', instrument: ETHUSDT_LINEAR_2TIER });
  apply({ type: 'instrument', instrument: BTCUSDT_FUTURE_T0_PLUS_1D });
  apply({ type: 'prices', time: at(0), prices: [{ symbol: 'BTCUSDT', markPrice: '30000' }, { symbol: 'ETHUSDT', markPrice: '2000' }, { symbol: 'BTCUSDT-260102', markPrice: '30000' }] });
  apply({ type: 'deposit', account: 'maker', asset: 'USDT', amount: '1000000000' });
  for (let i = 0; i < ACCOUNTS; i++) {
    const account = `p${i}`;
    apply({ type: 'deposit', account, asset: 'USDT', amount: String(3000 + (i % 50) * 100) });
    apply({ type: 'setPortfolioMargin', account, model: 'okx-pm' });
    const size = (0.1 + (i % 7) * 0.05).toFixed(3);
    for (const [symbol, side, s, price] of [['BTCUSDT', 'buy', size, '30000'], ['BTCUSDT-260102', 'sell', size, '30000'], ['ETHUSDT', i % 2 ? 'buy' : 'sell', (1 + (i % 5)).toFixed(2), '2000']]) {
      apply({ type: 'fill', account, symbol, side, size: s, price, fee: '0', time: at(1) });
      apply({ type: 'fill', account: 'maker', symbol, side: side === 'buy' ? 'sell' : 'buy', size: s, price, fee: '0', time: at(1) });
    }
  }
  if (exact) state.scan.setPoolFilter(() => true);
  return apply;
}

function run(label, apply) {
  const first = performance.now();
  const firstCpu = process.cpuUsage();
  apply({ type: 'price', symbol: 'BTCUSDT', markPrice: '30001', time: at(9) });
  const firstCpuUsed = process.cpuUsage(firstCpu);
  console.log(`  ${label}: first update (portfolio pools built) ${(performance.now() - first).toFixed(1)} ms, CPU time ${((firstCpuUsed.user + firstCpuUsed.system) / 1000).toFixed(1)} ms`);
  const times = [];
  const cpuTimes = [];
  for (let i = 0; i < 30; i++) {
    const mark = (30000 * (1 + ((i % 5) - 2) * 0.0005)).toFixed(1);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    apply({ type: 'price', symbol: 'BTCUSDT', markPrice: mark, time: at(10 + i) });
    times.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  console.log(`  ${label}: median ${times[15].toFixed(1)} ms, best ${times[0].toFixed(1)} ms per update`);
  console.log(`  ${label}: CPU time median ${cpuTimes[15].toFixed(1)} ms, best ${cpuTimes[0].toFixed(1)} ms per update (load average ${loadavg()[0].toFixed(2)})`);
}

const [l1] = loadavg();
console.log(`portfolio-engine-price-update: ${ACCOUNTS} okx-pm accounts hold BTCUSDT (load average ${l1.toFixed(2)})`);
run('float filter + exact confirmation of flagged pools', book(false));
if (ACCOUNTS <= 20_000) run('every portfolio pool confirmed exactly', book(true));
