// Bench: a price update of one symbol held by ACCOUNTS (default 100,000) accounts, each holding
// 3 positions (the moved symbol + 2 of 49 others): the `price` command re-evaluates every holder
// (float filter, then exact confirmation of flagged pools, margin-call events). One core.
// Run after `npm run build`: node bench/engine-price-update.mjs
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { scanStats } from '@margin/engine';
import { buildBook, median } from './engine-common.mjs';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 100_000);
const log = (line) => process.stdout.write(`${line}\n`);
log(`engine-price-update: ${ACCOUNTS} accounts hold S0 (+2 other symbols each) (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores)`);
const { state, apply } = buildBook({ accounts: ACCOUNTS, symbols: 50, pinned: 0 });
log(`book: ${scanStats(state).positions} positions`);

let clockMs = Date.UTC(2026, 0, 1, 1);
function run(label, moves) {
  const times = [];
  let flaggedEvents = 0;
  moves.forEach((mark, i) => {
    const t0 = performance.now();
    clockMs += 1000;
    const { events } = apply({ type: 'price', id: `${label}${i}`, symbol: 'S0', markPrice: mark.toFixed(4), time: new Date(clockMs).toISOString() });
    times.push(performance.now() - t0);
    if (events[0]?.type !== 'priceUpdated') throw new Error(`price refused: ${JSON.stringify(events[0])}`);
    flaggedEvents += events.length - 1;
  });
  const sorted = [...times].sort((a, b) => a - b);
  log(`${label}: ${moves.length} updates, median ${median(times).toFixed(2)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)].toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms; ${flaggedEvents} margin-call events`);
}

// Warm-up, then small ticks (0.01%) as in a live feed, then large moves (1-3%) that cross thresholds.
run('warmup', Array.from({ length: 50 }, (_, i) => 10 * (1 + ((i % 5) - 2) * 0.0001)));
run('tick', Array.from({ length: 200 }, (_, i) => 10 * (1 + ((i % 7) - 3) * 0.0001)));
run('move', Array.from({ length: 20 }, (_, i) => 10 * (1 + (i % 2 ? 1 : -1) * (0.01 + (i % 3) * 0.01))));
