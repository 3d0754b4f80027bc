// Benchmark (not a test): Black-76 price with four Greeks, and implied volatility, in float64 on
// one core. Usage: npm run build && node bench/options-pricing.mjs [count] [rounds]
// Prints, for `count` seeded random options (moneyness K/F 0.5..2, expiry 1 day..2 years,
// volatility 10%..150%, calls and puts, r = 0 as crypto venues price):
//  1. price + delta + gamma + vega + theta per second (`black76Greeks`, the allocation-free path,
//     writing into one Float64Array),
//  2. implied volatility solves per second (`impliedVolatility`) from those prices, skipping the
//     options whose price carries no recoverable time value (the cut of implied-volatility.test.ts),
//     and the mean iteration count.
// Each figure is the best of `rounds` timed passes after one warm-up pass.
import { GREEK_SLOTS, GREEK_VEGA, black76Greeks, impliedVolatility, lastImpliedVolatilityIterations } from '../packages/core/dist/index.js';
import { Rng } from '../packages/sim/dist/rng.js';

const count = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);

const rng = new Rng(7);
const isCall = new Uint8Array(count);
const forward = new Float64Array(count);
const strike = new Float64Array(count);
const time = new Float64Array(count);
const vol = new Float64Array(count);
for (let i = 0; i < count; i++) {
  isCall[i] = rng.next() < 0.5 ? 1 : 0;
  forward[i] = 20_000 + rng.next() * 80_000;
  strike[i] = forward[i] * (0.5 + rng.next() * 1.5);
  time[i] = 1 / 365 + rng.next() * (2 - 1 / 365);
  vol[i] = 0.1 + rng.next() * 1.4;
}

const greeks = new Float64Array(count * GREEK_SLOTS);
function pricePass() {
  for (let i = 0; i < count; i++) black76Greeks(isCall[i] === 1, forward[i], strike[i], time[i], vol[i], 0, greeks, i * GREEK_SLOTS);
}

// Solvable set: out-of-the-money prices above 1e-300, in-the-money ones with vega / F >= 1e-6.
const solvable = [];
pricePass();
for (let i = 0; i < count; i++) {
  const price = greeks[i * GREEK_SLOTS];
  const otm = isCall[i] === 1 ? strike[i] >= forward[i] : strike[i] <= forward[i];
  if (otm ? price >= 1e-300 : greeks[i * GREEK_SLOTS + GREEK_VEGA] / forward[i] >= 1e-6) solvable.push(i);
}
const ivIndex = Int32Array.from(solvable);
let iterations = 0;
let worstError = 0;
function ivPass(check) {
  for (let j = 0; j < ivIndex.length; j++) {
    const i = ivIndex[j];
    const sigma = impliedVolatility(isCall[i] === 1, forward[i], strike[i], time[i], greeks[i * GREEK_SLOTS], 0);
    if (check) {
      iterations += lastImpliedVolatilityIterations();
      worstError = Math.max(worstError, Math.abs(sigma - vol[i]));
    }
  }
}

function best(pass) {
  let fastest = Infinity;
  pass();
  for (let r = 0; r < rounds; r++) {
    const started = process.hrtime.bigint();
    pass();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - started) / 1e9);
  }
  return fastest;
}

const priceSeconds = best(pricePass);
ivPass(true);
const ivSeconds = best(() => ivPass(false));
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(`options: ${fmt(count)} (best of ${rounds} passes, node ${process.version})`);
console.log(`  price + 4 Greeks: ${fmt(count / priceSeconds)} options/s (${(priceSeconds * 1e3).toFixed(1)} ms per pass)`);
console.log(`  implied volatility: ${fmt(ivIndex.length / ivSeconds)} solves/s over ${fmt(ivIndex.length)} solvable (${(ivSeconds * 1e3).toFixed(1)} ms per pass), mean ${(iterations / ivIndex.length).toFixed(2)} iterations, worst |sigma - true| ${worstError.toExponential(2)}`);
