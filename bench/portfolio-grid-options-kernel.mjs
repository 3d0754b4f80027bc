// Bench: the grid kernel with option rows (engine/src/portfolio/grid-scan.ts, volatility cells:
// 27 standard + 8 extended columns), deribit-pm BTC (inverse). INSTRUMENTS rows (4 perpetual-like
// futures, the rest calls and puts over 4 expiries), HOLDERS accounts of POSITIONS positions each.
// Reports (CPU time, process.cpuUsage) separately: (1) the risk arrays: one option row re-priced
// (Black-76 per column, volatility shocks), and every row at a new valuation time; (2) one moved
// row carried into its holders and each holder's maintenance and bound read (what the engine's
// review does per holder); (3) the exact path for comparison: computeDeribitPm on the same books
// for a sample of holders. One core; prints the load average.
// Run after `npm run build`: node bench/portfolio-grid-options-kernel.mjs [holders] [positions] [instruments]
import { loadavg } from 'node:os';
import { computeDeribitPm, portfolioVenue } from '../packages/core/dist/index.js';
import { GridScan } from '../packages/engine/dist/portfolio/grid-scan.js';

const HOLDERS = Number(process.argv[2] ?? 100_000);
const POSITIONS = Number(process.argv[3] ?? 20);
const INSTRUMENTS = Number(process.argv[4] ?? 44);
const FUTURES = 4;
const NOW = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const params = portfolioVenue('deribit-pm').currencies.BTC;

let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const cpuMs = (from) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};

const rows = Array.from({ length: INSTRUMENTS }, (_, row) => ({ forward: 30000, volatility: 0.4 + 0.3 * random(), expiryMs: NOW + (7 + (row % 4) * 30) * DAY }));
const shape = (row, quantity) => {
  const r = rows[row];
  if (row < FUTURES) return { position: { kind: 'future', id: `F${row}`, underlying: 'BTC', quantity, multiplier: 10 / r.forward, expiryMs: null }, forward: r.forward, volatility: null };
  return {
    position: { kind: 'option', id: `O${row}`, underlying: 'BTC', quantity, multiplier: 1, optionType: row % 2 ? 'put' : 'call', strike: 20000 + 500 * (row - FUTURES), expiryMs: r.expiryMs },
    forward: r.forward,
    volatility: r.volatility,
  };
};

console.log(`portfolio-grid-options-kernel: ${HOLDERS} holders x ${POSITIONS} positions over ${INSTRUMENTS} rows (${INSTRUMENTS - FUTURES} options), deribit-pm BTC (load average ${loadavg()[0].toFixed(2)})`);
const scan = new GridScan(params, INSTRUMENTS, HOLDERS, true);
let from = process.cpuUsage();
for (let row = 0; row < INSTRUMENTS; row++) scan.setInstrument(row, shape(row, 1), NOW);
console.log(`  risk arrays, every row (${scan.scenarios} columns): ${cpuMs(from).toFixed(2)} ms CPU`);

const holderRows = new Int32Array(HOLDERS * POSITIONS);
const holderQty = new Float64Array(HOLDERS * POSITIONS);
const entries = new Float64Array(HOLDERS * POSITIONS);
const holdersOfRow = Array.from({ length: INSTRUMENTS }, () => []);
for (let a = 0; a < HOLDERS; a++) {
  for (let i = 0; i < POSITIONS; i++) {
    const row = Math.floor(random() * INSTRUMENTS);
    const k = a * POSITIONS + i;
    holderRows[k] = row;
    holderQty[k] = (row < FUTURES ? 100 : 1) * (Math.round((random() - 0.5) * 20) || 1);
    entries[k] = row < FUTURES ? -10 / 30000 : 0;
    holdersOfRow[row].push(a, holderQty[k]);
  }
}
from = process.cpuUsage();
for (let a = 0; a < HOLDERS; a++) scan.rebuild(a, holderRows, holderQty, entries, a * POSITIONS, (a + 1) * POSITIONS);
console.log(`  every holder's vector built: ${cpuMs(from).toFixed(0)} ms CPU`);

// (1) One option row re-priced at a new forward; then every row at a new valuation time.
const optionRow = FUTURES;
rows[optionRow].forward = 30030;
from = process.cpuUsage();
const REPEAT = 200;
for (let i = 0; i < REPEAT; i++) scan.repriceRow(optionRow, shape(optionRow, 1), NOW);
console.log(`  one option row re-priced (2 x ${scan.scenarios} Black-76 values and its shocks): ${((cpuMs(from) * 1000) / REPEAT).toFixed(1)} us CPU`);
from = process.cpuUsage();
for (let row = 0; row < INSTRUMENTS; row++) scan.repriceRow(row, shape(row, 1), NOW + 60_000);
console.log(`  every row re-priced at a new valuation time: ${cpuMs(from).toFixed(2)} ms CPU`);

// (2) The moved row carried into its holders, each holder's maintenance and bound read.
// Best of 5 moves (the first warms the JIT).
const list = holdersOfRow[optionRow];
let sink = 0;
let carryMs = Infinity;
for (let move = 0; move < 5; move++) {
  rows[optionRow].forward = 30000 + 10 * move;
  scan.repriceRow(optionRow, shape(optionRow, 1), NOW + 60_000);
  from = process.cpuUsage();
  for (let h = 0; h < list.length; h += 2) {
    scan.carry(list[h], optionRow, list[h + 1]);
    sink += scan.maintenanceAt(list[h]) + scan.deltaAt(list[h]);
  }
  carryMs = Math.min(carryMs, cpuMs(from));
}
console.log(`  one option row carried into its ${list.length / 2} holder positions + maintenance and bound (best of 5): ${carryMs.toFixed(2)} ms CPU (${((carryMs * 1e6) / (list.length / 2)).toFixed(0)} ns per holder position)`);

// (3) The exact path on a sample of the same books.
const SAMPLE = Math.min(HOLDERS, 2000);
from = process.cpuUsage();
for (let a = 0; a < SAMPLE; a++) {
  const positions = [];
  for (let i = a * POSITIONS; i < (a + 1) * POSITIONS; i++) positions.push(shape(holderRows[i], holderQty[i]));
  sink += Number(computeDeribitPm(params, positions, NOW + 60_000).maintenance % 7n);
}
const exactMs = cpuMs(from);
console.log(`  exact computeDeribitPm: ${((exactMs * 1000) / SAMPLE).toFixed(0)} us CPU per holder (${SAMPLE} sampled; ${((exactMs / SAMPLE) * HOLDERS).toFixed(0)} ms for all ${HOLDERS})`);
console.log(`  load average after: ${loadavg()[0].toFixed(2)}${Number.isFinite(sink) ? '' : ' (a figure was not finite)'}`);
