// Bench: full risk rescan of ACCOUNTS (default 1,000,000) accounts x 3 positions over 50 symbols,
// float filter + exact confirmation of every flagged pool, one core. Also reports the hot-state
// memory per position. Run after `npm run build`: node bench/engine-rescan.mjs
// (re-runs itself with --expose-gc and a larger heap).
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { rescanAllAccounts, scanStats } from '@margin/engine';
import { buildBook, heapBytes, median } from './engine-common.mjs';

if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=16384', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 1_000_000);
const SYMBOLS = 50;
const log = (line) => process.stdout.write(`${line}\n`);

log(`engine-rescan: ${ACCOUNTS} accounts x 3 positions over ${SYMBOLS} symbols (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores)`);
const heapBefore = heapBytes();
const buildStarted = performance.now();
const { state, apply, next } = buildBook({ accounts: ACCOUNTS, symbols: SYMBOLS, log });
const buildSeconds = (performance.now() - buildStarted) / 1000;
const heapAfter = heapBytes();
const { positions, pools } = scanStats(state);
log(`built through applyCommand in ${buildSeconds.toFixed(1)} s (${Math.round((ACCOUNTS * 4) / buildSeconds)} commands/s); ${positions} positions, ${pools} pools`);
log(`hot state memory: ${(((heapAfter - heapBefore) / 1024 / 1024)).toFixed(0)} MiB = ${Math.round((heapAfter - heapBefore) / positions)} bytes per position (whole engine state incl. accounts, ledger, idempotency ids and scan arrays)`);

// 1. rescanAllAccounts: every slot re-evaluated, every pool checked, flagged pools confirmed exactly.
const times = [];
let flagged = 0;
let confirmed = 0;
for (let round = 0; round < 5; round++) {
  const t0 = performance.now();
  const result = rescanAllAccounts(state, { seq: next(), commandId: `rescan${round}` });
  times.push(performance.now() - t0);
  flagged = result.flaggedPools;
  confirmed = result.confirmedAccounts;
}
const rescanMs = median(times);
log(`full rescan (rescanAllAccounts, marks unchanged): median ${rescanMs.toFixed(1)} ms over 5 = ${((positions / rescanMs) * 1000 / 1e6).toFixed(1)} M positions/s; flagged ${flagged} pools, ${confirmed} accounts confirmed exactly`);

// 2. A `prices` command moving all 50 marks (the command path: scan of every symbol + confirmation + events).
const moves = [-0.03, 0.02, -0.05, 0.04, -0.02];
const commandTimes = [];
let events = 0;
moves.forEach((move, round) => {
  const prices = Array.from({ length: SYMBOLS }, (_, k) => ({ symbol: `S${k}`, markPrice: ((10 + 7 * k) * (1 + move * (k % 2 ? 1 : -1))).toFixed(2) }));
  const t0 = performance.now();
  const result = apply({ type: 'prices', id: `move${round}`, time: `2026-01-01T00:01:0${round}Z`, prices });
  commandTimes.push(performance.now() - t0);
  events += result.events.filter((event) => event.type.startsWith('marginCall')).length;
});
const commandMs = median(commandTimes);
log(`full rescan through a 50-symbol prices command (marks move 2-5%): median ${commandMs.toFixed(1)} ms = ${((positions / commandMs) * 1000 / 1e6).toFixed(1)} M positions/s; ${events} margin-call events over 5 moves; times ${commandTimes.map((t) => t.toFixed(0)).join(', ')} ms`);
