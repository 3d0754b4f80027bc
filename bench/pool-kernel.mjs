// Bench (not a test): the exact per-account check alone, equity against maintenance with no price
// solves, on random cross portfolios of 1-5 linear/inverse positions (issue 16). Two paths over the
// same portfolios: core's pool kernel (`poolBelow` over reused columns, no allocation per leg) and
// `computeRisk` without prices (the full report). Positions per second, best of ROUNDS in CPU time, one core.
// Usage: npm run build && node bench/pool-kernel.mjs [accounts] [rounds]
import {
  buildTierTable, computeRisk, createPoolLegs, findProfile, ONE, parseFixed, poolBelow, pushLeg,
} from '../packages/core/dist/index.js';
import { Rng } from '../packages/sim/dist/rng.js';

const ACCOUNTS = Number(process.argv[2] ?? 300_000);
const ROUNDS = Number(process.argv[3] ?? 5);
const d = parseFixed;
const rng = new Rng(16);
const random = () => rng.next();
const tiers = (rows) => buildTierTable(rows.map(([f, r, l]) => ({ notionalFloor: d(f), maintenanceRate: d(r), maxLeverage: d(l) })), ['bench']);
const linearTiers = tiers([['0', '0.004', '125'], ['50000', '0.005', '100'], ['600000', '0.0065', '75'], ['3000000', '0.01', '50'], ['12000000', '0.02', '25']]);
const inverseTiers = tiers([['0', '0.005', '125'], ['28', '0.025', '20'], ['50', '0.05', '10'], ['100', '0.1', '5']]);
const instrument = (i, inverse) => ({
  symbol: `S${i}`, kind: inverse ? 'inverse-perpetual' : 'linear-perpetual', settle: inverse ? 'BTC' : 'USDT',
  contractSize: d(inverse ? '100' : '0.001'), tickSize: d('0.01'), lotSize: null, expiryMs: null, takerFeeRate: d('0.0005'),
  tiers: inverse ? inverseTiers : linearTiers, tiersSource: 'bench',
});
const linear = Array.from({ length: 40 }, (_, i) => instrument(i, false));
const inverse = Array.from({ length: 10 }, (_, i) => instrument(40 + i, true));
const marks = new Map([...linear, ...inverse].map((ins) => [ins.symbol, d((1000 + random() * 60000).toFixed(2))]));
const instruments = new Map([...linear, ...inverse].map((ins) => [ins.symbol, ins]));
// The kernel path reads each leg's mark from its market record (as the engine's Market does).
for (const ins of instruments.values()) ins.markPrice = marks.get(ins.symbol);

// One portfolio = one cross pool in one settle asset (USDT or BTC), 1-5 distinct symbols.
let positionsTotal = 0;
const accounts = Array.from({ length: ACCOUNTS }, () => {
  const pool = random() < 0.8 ? linear : inverse;
  const count = 1 + Math.floor(random() * 5);
  const start = Math.floor(random() * pool.length);
  const specs = [];
  let gross = 0;
  for (let k = 0; k < count; k++) {
    const ins = pool[(start + k) % pool.length];
    const mark = Number(marks.get(ins.symbol)) / 1e18;
    const entry = mark * (0.9 + random() * 0.2);
    const size = 1 + Math.floor(random() * 100_000);
    gross += ins.kind === 'inverse-perpetual' ? (size * 100) / mark : size * 0.001 * mark;
    specs.push({ symbol: ins.symbol, side: random() < 0.5 ? 'long' : 'short', size: d(String(size)), entryPrice: d(entry.toFixed(2)), leverage: null, margin: 'cross', isolatedBalance: null });
  }
  positionsTotal += count;
  const balance = d((gross * (0.005 + random() * 0.1)).toFixed(8));
  // The columns an engine keeps per position: the instrument object, the signed size, the entry.
  const legInstruments = specs.map((spec) => instruments.get(spec.symbol));
  const legSizes = specs.map((spec) => (spec.side === 'long' ? spec.size : -spec.size));
  const legEntries = specs.map((spec) => spec.entryPrice);
  return { balance, specs, legInstruments, legSizes, legEntries };
});
const profile = findProfile('binance-usdm');

function kernelPass() {
  const legs = createPoolLegs();
  const sums = { equity: 0n, maintenance: 0n };
  let below = 0;
  for (const account of accounts) {
    legs.count = 0;
    const { legInstruments, legSizes, legEntries } = account;
    for (let k = 0; k < legInstruments.length; k++) {
      const ins = legInstruments[k];
      pushLeg(legs, ins, legSizes[k], legEntries[k], ins.markPrice);
    }
    if (poolBelow(profile, account.balance, legs, ONE, sums)) below++;
  }
  return below;
}

function reportPass() {
  let below = 0;
  for (const account of accounts) {
    const report = computeRisk({ profile, account: { balance: account.balance, positionMode: 'one-way', asset: null, orderMargin: 0n }, instruments, markPrices: marks, positions: account.specs }, { withPrices: false });
    if (report.account.liquidatable) below++;
  }
  return below;
}

function best(pass) {
  let bestMs = Infinity;
  let result = 0;
  for (let r = 0; r < ROUNDS; r++) {
    // CPU time of this process (user + system): the machine is shared, wall time waits for a core.
    const t0 = process.cpuUsage();
    result = pass();
    const used = process.cpuUsage(t0);
    const ms = (used.user + used.system) / 1000;
    if (ms < bestMs) bestMs = ms;
  }
  return { ms: bestMs, result };
}

console.log(`pool-kernel: ${ACCOUNTS} cross portfolios, ${positionsTotal} positions (1-5 each), best of ${ROUNDS}, CPU time (node ${process.version})`);
kernelPass();
const kernel = best(kernelPass);
const report = best(reportPass);
if (kernel.result !== report.result) throw new Error(`kernel says ${kernel.result} below maintenance, computeRisk ${report.result}`);
const rate = (ms) => ((positionsTotal / ms) * 1000 / 1e6).toFixed(2);
console.log(`  pool kernel (poolBelow):     ${kernel.ms.toFixed(1)} ms = ${rate(kernel.ms)} M positions/s (${kernel.result} below maintenance)`);
console.log(`  computeRisk without prices:  ${report.ms.toFixed(1)} ms = ${rate(report.ms)} M positions/s (same answer)`);
