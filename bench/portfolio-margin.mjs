// Benchmark (not a test): SPAN-style portfolio margin of PORTFOLIOS portfolios x POSITIONS
// positions (futures and European options) on one core, struct-of-arrays.
// Usage: npm run build && node bench/portfolio-margin.mjs [portfolios] [positions] [rounds]
//  1. risk arrays once per instrument (`computeRiskArray`: 16 scenarios by Black-76 full
//     revaluation, composite delta, value): 10 underlyings x (4 futures + 4 expiries x 25 strikes x
//     calls and puts) = 2,040 instruments; reported apart;
//  2. the float pass: per portfolio and combined commodity, the scenario vector = sum of quantity x
//     array (16 float64), scan = max(0, max), short option minimum, net option value;
//     requirement = max(0, sum of max(scan, SOM) - NOV);
//  3. the exact pass: each requirement into E18 money, rounded up (`moneyUp`);
//  4. a price update of U0, which every portfolio holds: its 204 arrays recomputed at the new
//     price, then each holder's U0 part (scan, SOM, option value) recomputed and added to the
//     cached part of its other underlying (the issue's "one symbol's price update re-margins its
//     100,000 holders");
//  5. a check: 200 portfolios through the exact calculator (`computeSpan`), the largest gap to the
//     float pass (it must stay below one money unit).
// Each time is the best of `rounds` passes after one warm-up.
import { computeRiskArray, computeSpan, moneyUp, formatFixed } from '../packages/core/dist/index.js';
import { Rng } from '../packages/sim/dist/rng.js';

const PORTFOLIOS = Number(process.argv[2] ?? 100_000);
const POSITIONS = Number(process.argv[3] ?? 20);
const ROUNDS = Number(process.argv[4] ?? 5);
const S = 16;
const UNDERLYINGS = 10;
const SOM_RATE = 50;

const rng = new Rng(11);
// Instruments, grouped by underlying (the combined commodity).
const specs = [];
for (let u = 0; u < UNDERLYINGS; u++) {
  const F = 1000 * (1 + u);
  for (let m = 1; m <= 4; m++) specs.push({ u, id: `U${u} 2026${String(m).padStart(2, '0')}`, month: `2026${String(m).padStart(2, '0')}`, spec: { kind: 'future', underlyingPrice: F, contractValueFactor: 10, priceScanRange: F * 0.08, extremeMultiplier: 3, coverFraction: 0.33 } });
  for (let e = 1; e <= 4; e++) {
    for (let k = 0; k < 25; k++) {
      for (const optionType of ['call', 'put']) {
        const strike = Math.round(F * (0.7 + 0.025 * k));
        specs.push({ u, id: `U${u} 2026${String(e).padStart(2, '0')} ${optionType === 'call' ? 'C' : 'P'} ${strike}`, month: `2026${String(e).padStart(2, '0')}`, optionType, strike, spec: { kind: 'option', optionType, underlyingPrice: F, strike, timeYears: e / 12, volatility: 0.5, volScanRange: 0.1, contractValueFactor: 10, priceScanRange: F * 0.08, extremeMultiplier: 3, coverFraction: 0.33 } });
      }
    }
  }
}
const N = specs.length;
const arrays = new Float64Array(N * S);
const values = new Float64Array(N);
const isOption = new Uint8Array(N);
const underlyingOf = new Int32Array(N);
function arraysPass() {
  for (let i = 0; i < N; i++) {
    const ra = computeRiskArray(specs[i].spec);
    arrays.set(ra.losses, i * S);
    values[i] = ra.value;
    isOption[i] = specs[i].spec.kind === 'option' ? 1 : 0;
    underlyingOf[i] = specs[i].u;
  }
}

// Portfolios: POSITIONS positions on 2 underlyings each (U0, which every portfolio holds, and one
// other), sorted by underlying.
const index = new Int32Array(PORTFOLIOS * POSITIONS);
const quantity = new Float64Array(PORTFOLIOS * POSITIONS);
const perUnderlying = N / UNDERLYINGS;
for (let p = 0; p < PORTFOLIOS; p++) {
  const a = 0;
  const b = 1 + Math.floor(rng.next() * (UNDERLYINGS - 1));
  const picks = [];
  for (let k = 0; k < POSITIONS; k++) {
    const u = k < POSITIONS / 2 ? Math.min(a, b) : Math.max(a, b);
    picks.push(u * perUnderlying + Math.floor(rng.next() * perUnderlying));
  }
  picks.sort((x, y) => x - y);
  for (let k = 0; k < POSITIONS; k++) {
    index[p * POSITIONS + k] = picks[k];
    quantity[p * POSITIONS + k] = Math.round((rng.next() - 0.5) * 20) || 1;
  }
}

const requirement = new Float64Array(PORTFOLIOS);
function floatPass() {
  for (let p = 0; p < PORTFOLIOS; p++) {
    let total = 0;
    let nov = 0;
    let k = p * POSITIONS;
    const end = k + POSITIONS;
    while (k < end) {
      const u = underlyingOf[index[k]];
      let to = k + 1;
      while (to < end && underlyingOf[index[to]] === u) to++;
      ccPart(k, to);
      total += partOut;
      nov += novOut;
      k = to;
    }
    requirement[p] = Math.max(0, total - nov);
  }
}

// Per portfolio: its U0 part (max(scan, SOM) and option value) and the rest, for the price update.
const partU0 = new Float64Array(PORTFOLIOS);
const novU0 = new Float64Array(PORTFOLIOS);
const partRest = new Float64Array(PORTFOLIOS);
const novRest = new Float64Array(PORTFOLIOS);
const u0Count = new Int32Array(PORTFOLIOS);
function splitParts() {
  for (let p = 0; p < PORTFOLIOS; p++) {
    let k = p * POSITIONS;
    const end = k + POSITIONS;
    let n = 0;
    while (k + n < end && underlyingOf[index[k + n]] === 0) n++;
    u0Count[p] = n;
    ccPart(k + n, end);
    partRest[p] = partOut;
    novRest[p] = novOut;
  }
}
/**
 * max(scan, SOM) and the option value of positions [from, to) of one underlying, into partOut and
 * novOut (no allocation; the 16 lanes unrolled into locals).
 */
let partOut = 0;
let novOut = 0;
function ccPart(from, to) {
  let v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0, v6 = 0, v7 = 0, v8 = 0, v9 = 0, v10 = 0, v11 = 0, v12 = 0, v13 = 0, v14 = 0, v15 = 0;
  let shorts = 0;
  let nov = 0;
  for (let k = from; k < to; k++) {
    const i = index[k];
    const q = quantity[k];
    const b = i * S;
    v0 += q * arrays[b + 0];
    v1 += q * arrays[b + 1];
    v2 += q * arrays[b + 2];
    v3 += q * arrays[b + 3];
    v4 += q * arrays[b + 4];
    v5 += q * arrays[b + 5];
    v6 += q * arrays[b + 6];
    v7 += q * arrays[b + 7];
    v8 += q * arrays[b + 8];
    v9 += q * arrays[b + 9];
    v10 += q * arrays[b + 10];
    v11 += q * arrays[b + 11];
    v12 += q * arrays[b + 12];
    v13 += q * arrays[b + 13];
    v14 += q * arrays[b + 14];
    v15 += q * arrays[b + 15];
    if (isOption[i] === 1) {
      nov += q * values[i];
      if (q < 0) shorts -= q;
    }
  }
  let scan = 0;
  if (v0 > scan) scan = v0;
  if (v1 > scan) scan = v1;
  if (v2 > scan) scan = v2;
  if (v3 > scan) scan = v3;
  if (v4 > scan) scan = v4;
  if (v5 > scan) scan = v5;
  if (v6 > scan) scan = v6;
  if (v7 > scan) scan = v7;
  if (v8 > scan) scan = v8;
  if (v9 > scan) scan = v9;
  if (v10 > scan) scan = v10;
  if (v11 > scan) scan = v11;
  if (v12 > scan) scan = v12;
  if (v13 > scan) scan = v13;
  if (v14 > scan) scan = v14;
  if (v15 > scan) scan = v15;
  partOut = Math.max(scan, shorts * SOM_RATE);
  novOut = nov;
}
let updatePrice = 1000;
function priceUpdatePass() {
  updatePrice = updatePrice === 1000 ? 1010 : 1000;
  for (let i = 0; i < perUnderlying; i++) {
    const ra = computeRiskArray({ ...specs[i].spec, underlyingPrice: updatePrice });
    arrays.set(ra.losses, i * S);
    values[i] = ra.value;
  }
  const arraysDone = process.hrtime.bigint();
  for (let p = 0; p < PORTFOLIOS; p++) {
    const from = p * POSITIONS;
    ccPart(from, from + u0Count[p]);
    partU0[p] = partOut;
    novU0[p] = novOut;
    requirement[p] = Math.max(0, partOut + partRest[p] - novOut - novRest[p]);
  }
  return arraysDone;
}

const money = new Array(PORTFOLIOS);
function exactPass() {
  for (let p = 0; p < PORTFOLIOS; p++) money[p] = moneyUp(requirement[p]);
}

function best(fn) {
  fn();
  let bestMs = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    bestMs = Math.min(bestMs, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return bestMs;
}

const arraysMs = best(arraysPass);
const floatMs = best(floatPass);
const exactMs = best(exactPass);
splitParts();
let updateArraysMs = Infinity;
let updateMs = Infinity;
for (let r = 0; r <= ROUNDS; r++) {
  const t0 = process.hrtime.bigint();
  const arraysDone = priceUpdatePass();
  const t1 = process.hrtime.bigint();
  if (r === 0) continue;
  updateArraysMs = Math.min(updateArraysMs, Number(arraysDone - t0) / 1e6);
  updateMs = Math.min(updateMs, Number(t1 - arraysDone) / 1e6);
}
// Back to the first price so the check below compares like with like.
if (updatePrice !== 1000) priceUpdatePass();
floatPass();
exactPass();

// Check against the exact calculator on 200 portfolios.
const params = {
  exchangeComplex: 'BENCH',
  businessDate: '20260101',
  ccs: Array.from({ length: UNDERLYINGS }, (_, u) => ({ code: `U${u}`, currency: 'USD', tiers: [], intraSpreads: [], spotCharges: [], somRate: SOM_RATE, somMethod: 'gross', initialRatios: { member: '1', hedger: '1', speculator: '1' }, priceScanRange: null, wfprMethod: 'normal', limitOptionValue: false })),
  contracts: specs.map((s, i) => ({ id: s.id, cc: `U${s.u}`, kind: s.spec.kind, optionType: s.optionType ?? null, month: s.month, strike: s.strike ?? null, price: values[i] / 10, contractValueFactor: 10, riskArray: [...arrays.subarray(i * S, i * S + S)], compositeDelta: 0 })),
  interSpreads: [],
};
let maxGap = 0;
for (let p = 0; p < 200; p++) {
  const positions = [];
  for (let k = p * POSITIONS; k < (p + 1) * POSITIONS; k++) positions.push({ contract: specs[index[k]].id, quantity: quantity[k] });
  const exact = Number(formatFixed(computeSpan(params, { accountClass: 'member', positions }).maintenance));
  maxGap = Math.max(maxGap, Math.abs(exact - Number(formatFixed(money[p]))));
}

const positionsTotal = PORTFOLIOS * POSITIONS;
console.log(`instruments ${N}, portfolios ${PORTFOLIOS} x ${POSITIONS} positions (${positionsTotal} positions), best of ${ROUNDS}`);
console.log(`risk arrays (once per instrument)  ${arraysMs.toFixed(1)} ms  (${((arraysMs * 1000) / N).toFixed(2)} us per instrument)`);
console.log(`float pass (scenario vectors)       ${floatMs.toFixed(1)} ms  (${((floatMs * 1e6) / positionsTotal).toFixed(1)} ns per position)`);
console.log(`exact pass (money, rounded up)      ${exactMs.toFixed(1)} ms`);
console.log(`portfolio margin total              ${(floatMs + exactMs).toFixed(1)} ms  (target < 1000 ms)`);
console.log(`price update of U0 (${PORTFOLIOS} holders): arrays ${updateArraysMs.toFixed(1)} ms, holders re-margined ${updateMs.toFixed(1)} ms (target < 20 ms)`);
console.log(`exact calculator vs float pass, 200 portfolios: largest gap ${maxGap} (currency; the exact calculator rounds each combined commodity up at 1e-8)`);
