// Benchmark (not a test): the engine's risk scan of accounts in portfolio margin (okx-pm
// components; engine/src/portfolio/components-scan.ts), one core.
// Usage: npm run build && node bench/portfolio-engine-scan.mjs [accounts] [positions] [rounds]
//  1. risk arrays once per instrument: 20 BTC instruments (10 linear futures: a perpetual and 9
//     dated; 10 options: calls and puts over 5 expiries), 25 scenarios each (MR1 7 moves x 3
//     volatilities, MR6 2 extreme moves x 2), by core's full revaluation (`scenarioPnl`);
//  2. every account built from its POSITIONS positions (each holds instrument 0, the perpetual,
//     and POSITIONS - 1 others): scenario vector = sum of quantity x array (Float64Array lanes),
//     basis, notional and P&L sums; then each account's float requirement and flag;
//  3. a price update of the perpetual: its array recomputed, the change carried into each of its
//     ACCOUNTS holders' vectors (holders of the instrument as struct-of-arrays: Int32Array of
//     account rows, Float64Array of quantities), and every holder's flag evaluated (the issue's
//     "one symbol's price update re-margins its 100,000 holders' portfolios in under 20 ms");
//  4. the exact confirmation of the flagged accounts (core's `computeOkxPm`), timed apart.
// Each time is the best of `rounds` passes after one warm-up. Prints the load average.
import { loadavg } from 'node:os';
import { computeOkxPm, portfolioVenue } from '../packages/core/dist/index.js';
import { ComponentsScan } from '../packages/engine/dist/portfolio/components-scan.js';
import { Rng } from '../packages/sim/dist/rng.js';

const ACCOUNTS = Number(process.argv[2] ?? 100_000);
const POSITIONS = Number(process.argv[3] ?? 20);
const ROUNDS = Number(process.argv[4] ?? 5);
const INSTRUMENTS = 20;
const NOW = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

const venue = portfolioVenue('okx-pm');
const params = venue.units.BTC;
const rng = new Rng(17);
const forwards = Array.from({ length: INSTRUMENTS }, (_, row) => 30000 * (1 + 0.001 * row));
const shape = (row, forward, quantity) =>
  row < 10
    ? { position: { kind: 'future', id: `F${row}`, underlying: 'BTC', quantity, multiplier: 0.01, expiryMs: row === 0 ? null : NOW + row * 7 * DAY }, forward, volatility: null }
    : { position: { kind: 'option', id: `O${row}`, underlying: 'BTC', quantity, multiplier: 0.1, optionType: row % 2 === 0 ? 'call' : 'put', strike: 26000 + 800 * (row - 10), expiryMs: NOW + (1 + ((row - 10) >> 1)) * 14 * DAY }, forward, volatility: 0.5 };

// Positions, struct-of-arrays: per account POSITIONS rows (row 0 first), quantities, entry values.
const rows = new Int32Array(ACCOUNTS * POSITIONS);
const quantities = new Float64Array(ACCOUNTS * POSITIONS);
const entries = new Float64Array(ACCOUNTS * POSITIONS);
const balances = new Float64Array(ACCOUNTS);
const holderAccounts = new Int32Array(ACCOUNTS);
const holderQuantities = new Float64Array(ACCOUNTS);
for (let a = 0; a < ACCOUNTS; a++) {
  const taken = new Set([0]);
  for (let i = 0; i < POSITIONS; i++) {
    let row = 0;
    if (i > 0) {
      do row = 1 + Math.floor(rng.next() * (INSTRUMENTS - 1));
      while (taken.has(row) && taken.size < INSTRUMENTS);
      taken.add(row);
    }
    const q = Math.round((rng.next() - 0.5) * 400) || 1;
    rows[a * POSITIONS + i] = row;
    quantities[a * POSITIONS + i] = q;
    entries[a * POSITIONS + i] = row < 10 ? forwards[row] * 0.01 * (0.98 + 0.04 * rng.next()) : 0;
  }
  balances[a] = 2000 + rng.next() * 20000;
  holderAccounts[a] = a;
  holderQuantities[a] = quantities[a * POSITIONS];
}

const scan = new ComponentsScan(params, INSTRUMENTS, ACCOUNTS);
const thresholds = Float64Array.from([0.8, 1]);
const rule = { levels: new Uint8Array(ACCOUNTS), thresholds, hysteresis: 0.05 };
const best = (f) => {
  f();
  let min = Infinity;
  let result;
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint();
    result = f();
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (ms < min) min = ms;
  }
  return { ms: min, result };
};

const arrays = best(() => {
  for (let row = 0; row < INSTRUMENTS; row++) scan.setInstrument(row, shape(row, forwards[row], 1), NOW);
});
// Balances: 1.1 to 10 x each account's requirement (a book mostly healthy, some near a call).
for (let row = 0; row < INSTRUMENTS; row++) scan.setInstrument(row, shape(row, forwards[row], 1), NOW);
for (let a = 0; a < ACCOUNTS; a++) {
  scan.rebuild(a, rows, quantities, entries, a * POSITIONS, (a + 1) * POSITIONS, 0);
  const { maintenance, equity } = scan.estimate(a);
  balances[a] = maintenance * (1.1 + 8.9 * rng.next()) - equity;
}
const build = best(() => {
  let flagged = 0;
  for (let a = 0; a < ACCOUNTS; a++) {
    scan.rebuild(a, rows, quantities, entries, a * POSITIONS, (a + 1) * POSITIONS, balances[a]);
    if (scan.flagged(a, 0, thresholds, 0.05)) flagged++;
  }
  return flagged;
});
let up = true;
const update = best(() => {
  // Alternate +-0.5 % so the vectors stay near their built values over the rounds.
  forwards[0] *= up ? 1.005 : 1 / 1.005;
  up = !up;
  return scan.reprice(0, shape(0, forwards[0], 1), NOW, holderAccounts, holderQuantities, ACCOUNTS, rule).length;
});
// The exact confirmation of the flagged holders after the update (core's calculator).
const flaggedList = [];
for (let a = 0; a < ACCOUNTS; a++) if (scan.flagged(a, 0, thresholds, 0.05)) flaggedList.push(a);
const exactSample = flaggedList.slice(0, 2000);
const exact = best(() => {
  for (const a of exactSample) {
    const positions = [];
    for (let i = a * POSITIONS; i < (a + 1) * POSITIONS; i++) positions.push(shape(rows[i], forwards[rows[i]], quantities[i]));
    computeOkxPm(params, positions, NOW, 0);
  }
});

const [l1, l5] = loadavg();
console.log(`portfolio engine scan: ${ACCOUNTS} accounts x ${POSITIONS} positions, ${INSTRUMENTS} instruments, ${scan.scenarios} scenarios (best of ${ROUNDS}); load average ${l1.toFixed(2)} / ${l5.toFixed(2)}`);
console.log(`  risk arrays, ${INSTRUMENTS} instruments:            ${arrays.ms.toFixed(2)} ms`);
console.log(`  build + flag, ${ACCOUNTS} accounts:        ${build.ms.toFixed(1)} ms (${build.result} flagged)`);
console.log(`  one symbol's update, ${ACCOUNTS} holders:  ${update.ms.toFixed(2)} ms (${update.result} flagged)`);
console.log(`  exact confirmation (computeOkxPm):       ${(exact.ms / Math.max(1, exactSample.length) * 1000).toFixed(1)} us per flagged account (${exactSample.length} timed of ${flaggedList.length})`);
