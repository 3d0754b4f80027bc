// Benchmark (not a test): dynamic margin models and backtests, float64 on one core.
// Usage: npm run build && node bench/dynamic.mjs [minuteReturns] [rounds]
//  1. a 20-year daily backtest of 5 models over the S&P 500 closes of vega-datasets
//     (2000-01-03..2020-04-17, 5,105 prices): parse the CSV, run EWMA, FHS (250-day window),
//     EWMA with buffer + daily cap, EWMA with stressed weight + 10-year lookback floor, and a
//     fixed rate, then backtest all five (Kupiec, Christoffersen, traffic light, procyclicality)
//     and build the JSON report; the same without the parse;
//  2. EWMA volatility over `minuteReturns` seeded minute log returns (default 1,000,000).
// Each figure is the best of `rounds` timed passes after one warm-up pass.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { backtest, backtestReport, ewmaVolatility, parseModelSpec, parsePriceSeries, runModel } from '../packages/core/dist/index.js';
import { Rng } from '../packages/sim/dist/rng.js';

const minuteReturns = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 5);

const csvPath = fileURLToPath(new URL('../data/sp500-2000.csv', import.meta.resolve('vega-datasets')));
const csv = readFileSync(csvPath, 'utf8');
const SPECS = ['ewma', 'fhs', 'ewma:buffer=0.25,cap=0.2', 'ewma:stressWeight=0.25,lookback=2520', 'fixed:rate=0.03'];
const models = SPECS.map((spec) => parseModelSpec(spec));

// Wall time and CPU time (user + system of this process) of the fastest pass: on a shared,
// oversubscribed machine the wall time includes waiting for a core, the CPU time does not.
function best(pass) {
  pass();
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    pass();
    const used = process.cpuUsage(cpuStarted);
    wall = Math.min(wall, Number(process.hrtime.bigint() - started) / 1e6);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  return `${wall.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU`;
}

let exceptions = 0;
const series = parsePriceSeries(csv, { format: 'csv', label: 'sp500-2000.csv' });
function backtestPass(parse) {
  const s = parse ? parsePriceSeries(csv, { format: 'csv', label: 'sp500-2000.csv' }) : series;
  const rates = models.map((model) => runModel(s, model));
  const result = backtest(s, rates, { side: 'long', nonOverlapping: false });
  exceptions = backtestReport(s, result).models.reduce((sum, m) => sum + m.exceptions, 0);
}
const withParse = best(() => backtestPass(true));
const withoutParse = best(() => backtestPass(false));
console.log(`backtest: ${series.prices.length} daily prices x ${models.length} models (${SPECS.join(' | ')})`);
console.log(`  parse + 5 models + backtest + report: ${withParse} (best of ${rounds}); without the parse ${withoutParse}; ${exceptions} exceptions in all`);

const rng = new Rng(11);
const returns = new Float64Array(minuteReturns + 1);
returns[0] = Number.NaN;
for (let t = 1; t <= minuteReturns; t++) returns[t] = 0.0008 * rng.normal();
let last = 0;
const ewmaMs = best(() => {
  const { sigma } = ewmaVolatility(returns, { lambda: 0.999, seedCount: 60, timing: 'post' });
  last = sigma[minuteReturns];
});
console.log(`EWMA over ${minuteReturns.toLocaleString('en-US')} minute returns: ${ewmaMs} (best of ${rounds}; last sigma ${last.toPrecision(4)})`);
