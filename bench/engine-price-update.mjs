// Bench: a price update of one symbol held by ACCOUNTS (default 100,000) accounts, each holding
// 3 positions (the moved symbol + 2 of 49 others): the `price` command re-evaluates every holder
// (float filter, then exact confirmation of flagged pools, margin-call events). One core.
// Per phase: wall and CPU time per update (median, p90, p99, max), and the filter's flagged pools
// against those that really crossed a level (false-positive rate) with the confirmation's CPU
// cost per pool (bench/scan-flag-stats.mjs).
// Run after `npm run build`: node bench/engine-price-update.mjs
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { scanStats } from '@margin/engine';
import { buildBook, median } from './engine-common.mjs';
import { flagStats } from './scan-flag-stats.mjs';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 100_000);
const log = (line) => process.stdout.write(`${line}\n`);
log(`engine-price-update: ${ACCOUNTS} accounts hold S0 (+2 other symbols each) (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores)`);
const { state, apply } = buildBook({ accounts: ACCOUNTS, symbols: 50, pinned: 0 });
log(`book: ${scanStats(state).positions} positions`);

let clockMs = Date.UTC(2026, 0, 1, 1);
function run(label, moves) {
  const times = [];
  const cpuTimes = [];
  let flaggedEvents = 0;
  let marginCalls = 0;
  const stats = flagStats(state);
  moves.forEach((mark, i) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    clockMs += 1000;
    stats.before(ACCOUNTS);
    const { events } = apply({ type: 'price', id: `${label}${i}`, symbol: 'S0', markPrice: mark.toFixed(4), time: new Date(clockMs).toISOString() });
    stats.after(events);
    const cpu = process.cpuUsage(c0);
    times.push(performance.now() - t0);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    if (events[0]?.type !== 'priceUpdated') throw new Error(`price refused: ${JSON.stringify(events[0])}`);
    flaggedEvents += events.length - 1;
    marginCalls += events.filter((event) => event.type === 'marginCall' || event.type === 'marginCallCleared').length;
  });
  const at = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];
  const figures = (values) => `median ${median(values).toFixed(2)} ms, p90 ${at(values, 0.9).toFixed(2)} ms, p99 ${at(values, 0.99).toFixed(2)} ms, max ${at(values, 1).toFixed(2)} ms`;
  log(`${label}: ${moves.length} updates, ${figures(times)}; ${flaggedEvents} margin-call events (all events after priceUpdated; ${marginCalls} marginCall/marginCallCleared)`);
  log(`${label}: CPU ${figures(cpuTimes)}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  log(`${label}: ${stats.summary()}`);
  stats.stop();
}

// Warm-up, then small ticks (0.01%) as in a live feed, then large moves (1-3%) that cross thresholds.
run('warmup', Array.from({ length: 50 }, (_, i) => 10 * (1 + ((i % 5) - 2) * 0.0001)));
run('tick', Array.from({ length: 200 }, (_, i) => 10 * (1 + ((i % 7) - 3) * 0.0001)));
run('move', Array.from({ length: 20 }, (_, i) => 10 * (1 + (i % 2 ? 1 : -1) * (0.01 + (i % 3) * 0.01))));
