// Bench: "flagging that flags little" (issue 16). ACCOUNTS (default 30,000) accounts x 3 positions
// over 50 symbols (the book of bench/engine-rescan.mjs); `prices` commands move all 50 marks by
// 2-5% (alternating sign per symbol, as engine-rescan). Reports, per move and in total, how many
// pools the float filter flagged, how many of those really crossed a margin-call level or
// maintenance in the exact confirmation (the rest are the filter's false positives), and the CPU
// cost of the confirmation per flagged pool. One core. Run after `npm run build`:
// node bench/scan-flagging.mjs
import os from 'node:os';
import { scanStats } from '@margin/engine';
import { buildBook } from './engine-common.mjs';
import { flagStats } from './scan-flag-stats.mjs';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 30_000);
const SYMBOLS = 50;
const log = (line) => process.stdout.write(`${line}\n`);
log(`scan-flagging: ${ACCOUNTS} accounts x 3 positions over ${SYMBOLS} symbols (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores)`);
const { state, apply } = buildBook({ accounts: ACCOUNTS, symbols: SYMBOLS });
const { pools } = scanStats(state);
log(`book: ${scanStats(state).positions} positions, ${pools} pools`);

const moves = [-0.03, 0.02, -0.05, 0.04, -0.02, 0.05, -0.04, 0.03];
const total = flagStats(state);
moves.forEach((move, round) => {
  const one = flagStats(state);
  const prices = Array.from({ length: SYMBOLS }, (_, k) => ({ symbol: `S${k}`, markPrice: ((10 + 7 * k) * (1 + move * (k % 2 ? 1 : -1))).toFixed(2) }));
  const c0 = process.cpuUsage();
  one.before(pools);
  const { events } = apply({ type: 'prices', id: `move${round}`, time: `2026-01-01T00:01:0${round}Z`, prices });
  one.after(events);
  const cpu = process.cpuUsage(c0);
  total.absorb(one);
  const liquidations = events.filter((event) => event.type === 'liquidationStarted').length;
  log(`move ${(move * 100).toFixed(0)}%: CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, ${liquidations} liquidations; ${one.summary()}`);
});
log(`all ${moves.length} moves: ${total.summary()}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);

// The exact confirmation's arithmetic alone: `accountFigures` (equity and maintenance of every pool
// of an (account, asset), core's pool kernel) over every account of the book, best of 3 in CPU.
const { accountFigures } = await import('../packages/engine/dist/risk/pool-figures.js');
const accounts = [...state.accounts.values()];
let best = Infinity;
for (let round = 0; round < 3; round++) {
  const c0 = process.cpuUsage();
  let below = 0;
  for (const account of accounts) {
    const figures = accountFigures(state, account, 'USDT');
    if (figures !== null && figures.cross !== null && figures.cross.equity < figures.cross.maintenance) below++;
  }
  const cpu = process.cpuUsage(c0);
  best = Math.min(best, (cpu.user + cpu.system) / 1000);
  if (round === 2) log(`exact confirmation alone (accountFigures, ${accounts.length} accounts x ${(scanStats(state).positions / accounts.length).toFixed(2)} positions, ${below} below maintenance): best ${best.toFixed(1)} ms CPU = ${((best * 1000) / accounts.length).toFixed(2)} us per pool; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}
