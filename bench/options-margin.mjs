// Benchmark (not a test): standard margin (Deribit rule, exact bigint) of ACCOUNTS accounts of
// POSITIONS positions each, options and futures mixed, at one set of marks, on one core.
// Usage: npm run build && node bench/options-margin.mjs [accounts] [positions] [rounds]
// Seeded: a chain of 5 expiries x 20 strikes x call/put (200 inverse BTC series, marks from
// Black-76 at 60% volatility), one BTC perpetual; each account holds `positions` distinct
// instruments (one in five the perpetual), long or short, 1..50 contracts. Times
// `standardMarginBatch` (per-series rule once, then per position quantity x per-coin requirement,
// rounded up per position, plus the size-based futures requirement) over every account, and the
// risk-scan path: the float64 filter (`maintenanceFilter`) over every account, then the exact
// kernel over the flagged ones only (equity seeded so that about 1% of accounts sit near or
// below their maintenance margin). Prints the best of `rounds` for each.
import { MS_PER_YEAR, black76Price, parseFixed, floatToFixed, floatQuantities, maintenanceFilter, standardMarginBatch, subBook, venue } from '../packages/core/dist/index.js';
import { Rng } from '../packages/sim/dist/rng.js';

const accounts = Number(process.argv[2] ?? 100_000);
const positions = Number(process.argv[3] ?? 20);
const rounds = Number(process.argv[4] ?? 3);

const rules = venue('deribit').standardOptions;
const formula = rules.options.find((snapshot) => snapshot.id === 'deribit-inverse').formula;
const futures = rules.sizeBasedFutures.find((snapshot) => snapshot.id === 'deribit-futures');

const forward = 50_000;
const series = [];
for (let e = 0; e < 5; e++) {
  const timeYears = ((e + 1) * 14 * 86_400_000) / MS_PER_YEAR;
  for (let k = 0; k < 20; k++) {
    const strike = 30_000 + k * 2_000;
    for (const right of ['call', 'put']) {
      const coin = black76Price(right === 'call', forward, strike, timeYears, 0.6, 0) / forward;
      const mark = floatToFixed(Math.max(coin, 1e-8), 'ceil');
      series.push({ kind: 'inverse-option', right, strike: parseFixed(String(strike)), mark, entry: mark, underlying: parseFixed('50000'), index: parseFixed('50000'), forward: parseFixed('50000') });
    }
  }
}

const rng = new Rng(11);
const total = accounts * positions;
const offsets = new Int32Array(accounts + 1);
const instrument = new Int32Array(total);
const quantity = new Array(total);
for (let a = 0, p = 0; a < accounts; a++) {
  offsets[a] = p;
  const used = new Set();
  for (let j = 0; j < positions; j++, p++) {
    const isFuture = j % 5 === 0 && !used.has(-1);
    let which = -1;
    if (!isFuture) {
      do which = Math.floor(rng.next() * series.length);
      while (used.has(which));
    }
    used.add(which);
    instrument[p] = which;
    const contracts = BigInt(1 + Math.floor(rng.next() * 50)) * (rng.next() < 0.5 ? -1n : 1n);
    // Options: coins (1 coin per contract); the perpetual: contracts of 10 USD, x 1,000.
    quantity[p] = (which >= 0 ? contracts : contracts * 1000n) * 10n ** 18n;
  }
  offsets[a + 1] = p;
}
const book = { series, futuresMarks: [parseFixed('50000')], futuresContractSize: [parseFixed('10')], offsets, instrument, quantity };

let result = standardMarginBatch(book, formula, futures); // warm-up
let fastest = Infinity;
for (let r = 0; r < rounds; r++) {
  const start = process.hrtime.bigint();
  result = standardMarginBatch(book, formula, futures);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fastest = Math.min(fastest, ms);
}
// Equity per account: its float MM x (0.9 .. 3), about 1% within 5% of the MM or below it.
const exactMm = result.maintenanceMargin;
const equity = Float64Array.from(exactMm, (mm) => {
  const m = Number(mm) / 1e18;
  return rng.next() < 0.01 ? m * (0.95 + rng.next() * 0.1) : m * (1.2 + rng.next() * 1.8);
});
const floatQuantity = floatQuantities(book); // kept beside the book, as the scan arrays are
let scanMs = Infinity;
let flaggedCount = 0;
for (let r = 0; r < rounds; r++) {
  const start = process.hrtime.bigint();
  const flagged = maintenanceFilter(book, formula, futures, equity, floatQuantity);
  const confirmed = standardMarginBatch(subBook(book, flagged), formula, futures);
  scanMs = Math.min(scanMs, Number(process.hrtime.bigint() - start) / 1e6);
  flaggedCount = flagged.length;
  if (confirmed.maintenanceMargin.length !== flagged.length) throw new Error('confirmation size');
}
let shorts = 0;
for (let p = 0; p < total; p++) if (quantity[p] < 0n) shorts++;
const sum = result.initialMargin.reduce((s, v) => s + v, 0n);
console.log(`options-margin: ${accounts} accounts x ${positions} positions (${total} positions, ${shorts} short), ${series.length} option series + 1 perpetual`);
console.log(`  standard margin (exact, Deribit rule + size-based futures): best ${fastest.toFixed(1)} ms of ${rounds} (${((total / fastest) * 1000).toFixed(0)} positions/s)`);
console.log(`  check: sum of account IM ${sum / 10n ** 18n} BTC`);
console.log(`  risk scan (float64 filter over all + exact over ${flaggedCount} flagged): best ${scanMs.toFixed(1)} ms of ${rounds}`);
