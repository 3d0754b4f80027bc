// Bench: full risk rescan of ACCOUNTS (default 1,000,000) accounts x 3 positions over 50 symbols,
// float filter + exact confirmation of every flagged pool, one core. Also reports the hot-state
// memory per position. Run after `npm run build`: node bench/engine-rescan.mjs
// (re-runs itself with --expose-gc and a larger heap). MEMORY_BREAKDOWN=1: only the build and the
// memory breakdown by part (destructive, so not part of the timed run).
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

if (process.env.MEMORY_BREAKDOWN === '1') {
  // Right after the build (no command has run on the book yet), then stop: the breakdown is destructive.
  memoryBreakdown();
  process.exit(0);
}

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

// Memory breakdown (issue 16: below 200 bytes per position for the whole state). Each part is
// released in turn and the heap measured after a full GC: the drop is what that part held. Order
// matters where parts share objects: the scan's slot items are the Position objects, so the scan
// goes first and the positions' own bytes show under "positions".
function memoryBreakdown() {
  const parts = [];
  let heapNow = heapBytes();
  const total = heapNow - heapBefore;
  const release = (name, drop) => {
    drop();
    const after = heapBytes();
    parts.push([name, heapNow - after]);
    heapNow = after;
  };
  release('command-id window (two generations of ids)', () => {
    state.appliedIds = new Set();
    state.previousIds = new Set();
  });
  release('scan arrays (float struct-of-arrays, pools, per-symbol lists)', () => {
    state.scan = null;
  });
  release('positions (Position objects, their bigints, the per-account maps\' entries)', () => {
    for (const account of state.accounts.values()) account.positions.clear();
    // The positions' size and entry words by slot (ADR 0038 step 3), where the state has them.
    if ('positionColumns' in state) state.positionColumns = null;
  });
  release('ledger balances (wallet map entries)', () => {
    for (const account of state.accounts.values()) account.wallets.clear();
  });
  release('accounts (Account objects, ids, empty maps, settings, cross-pool rows)', () => {
    state.accounts.clear();
  });
  log(`memory breakdown of ${positions} positions (bytes per position; total ${Math.round(total / positions)}):`);
  for (const [name, bytes] of parts) log(`  ${String(Math.round(bytes / positions)).padStart(5)}  ${name}`);
  log(`  ${String(Math.round((total - parts.reduce((sum, [, bytes]) => sum + bytes, 0)) / positions)).padStart(5)}  the rest (markets, asset ledgers, allocator slack)`);
}

// After the moves the breakdown would be skewed (liquidations closed positions; ADL memos keep
// positions reachable from their accounts): it is taken on the fresh book only.
log('memory breakdown by part: run with MEMORY_BREAKDOWN=1 (build, breakdown, no timing)');
