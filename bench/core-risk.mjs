// Benchmark (not a test): margin and liquidation/bankruptcy prices for 1,000,000 random
// positions with the exact kernel. Usage: npm run build && node bench/core-risk.mjs [count]
// Prints positions per second for two paths:
//  1. computeRisk on one-position isolated accounts (the public API `margin risk` uses),
//  2. the per-position kernel calls (notional, PnL, tier, IM, MM, solvePrice for LP and BP).
import {
  buildTierTable, computeRisk, findProfile, maintenanceForTier, mul, notionalAt, parseFixed, pnlBetween,
  solvePrice, tierAt, tierIndexFor, div,
} from '../packages/core/dist/index.js';
import { Rng } from '../packages/sim/dist/rng.js';

const count = Number(process.argv[2] ?? 1_000_000);
const d = parseFixed;

const rng = new Rng(42);
const random = () => rng.next();

const linearTiers = buildTierTable(
  [['0', '0.004', '125'], ['50000', '0.005', '100'], ['600000', '0.0065', '75'], ['3000000', '0.01', '50'], ['12000000', '0.02', '25'], ['70000000', '0.025', '20']]
    .map(([f, r, l]) => ({ notionalFloor: d(f), maintenanceRate: d(r), maxLeverage: d(l) })), ['bench']);
const inverseTiers = buildTierTable(
  [['0', '0.005', '125'], ['28', '0.025', '20'], ['50', '0.05', '10'], ['100', '0.1', '5'], ['200', '0.125', '4']]
    .map(([f, r, l]) => ({ notionalFloor: d(f), maintenanceRate: d(r), maxLeverage: d(l) })), ['bench']);

const instruments = Array.from({ length: 50 }, (_, i) => {
  const inverse = i % 5 === 4;
  return {
    symbol: `S${i}`, kind: inverse ? 'inverse-perpetual' : 'linear-perpetual', settle: inverse ? 'BTC' : 'USDT',
    contractSize: d(inverse ? '100' : '0.001'), tickSize: d('0.01'), lotSize: null, expiryMs: null, takerFeeRate: null,
    tiers: inverse ? inverseTiers : linearTiers, tiersSource: 'bench',
  };
});

const positions = Array.from({ length: count }, () => {
  const instrument = instruments[Math.floor(random() * instruments.length)];
  const entry = 1000 + Math.floor(random() * 6_000_000) / 100;
  const mark = entry * (0.8 + random() * 0.4);
  const size = 1 + Math.floor(random() * 100_000);
  const leverage = 1 + Math.floor(random() * 20);
  return {
    instrument,
    mark: d(mark.toFixed(2)),
    spec: {
      symbol: instrument.symbol, side: random() < 0.5 ? 'long' : 'short', size: d(String(size)), entryPrice: d(entry.toFixed(2)),
      leverage: d(String(leverage)), margin: 'isolated',
      isolatedBalance: null,
    },
  };
});
for (const p of positions) {
  const notional = notionalAt(p.instrument, p.spec.size, p.spec.entryPrice);
  p.spec.isolatedBalance = div(notional, p.spec.leverage, 'ceil');
}

const profile = findProfile('generic');

function benchComputeRisk() {
  let liquidationPrices = 0;
  const started = process.hrtime.bigint();
  for (const p of positions) {
    const report = computeRisk({
      profile, account: { balance: 0n, orderMargin: 0n, positionMode: 'one-way', asset: null },
      instruments: new Map([[p.spec.symbol, p.instrument]]), markPrices: new Map([[p.spec.symbol, p.mark]]), positions: [p.spec],
    });
    if (report.positions[0].liquidationPrice !== null) liquidationPrices++;
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, liquidationPrices };
}

function benchKernel() {
  let checksum = 0n;
  const started = process.hrtime.bigint();
  for (const p of positions) {
    const { instrument, spec, mark } = p;
    const notional = notionalAt(instrument, spec.size, mark);
    const tier = tierAt(instrument.tiers, tierIndexFor(instrument.tiers, notional));
    const initialMargin = div(notional, spec.leverage, 'ceil');
    const maintenance = maintenanceForTier(tier, notional);
    const pnl = pnlBetween(instrument, spec.side, spec.size, spec.entryPrice, mark);
    const leg = {
      sideSign: spec.side === 'long' ? 1n : -1n, quantity: mul(spec.size, instrument.contractSize, 'ceil'), entryPrice: spec.entryPrice,
      tiers: instrument.tiers, fixedMaintenance: null, closeFeeRate: 0n, fixedCloseFee: 0n,
    };
    const inverse = instrument.kind === 'inverse-perpetual';
    const liquidation = solvePrice({ inverse, constant: spec.isolatedBalance, legs: [leg], target: 'liquidation', markPrice: mark });
    const bankruptcy = solvePrice({ inverse, constant: spec.isolatedBalance, legs: [leg], target: 'bankruptcy', markPrice: mark });
    checksum += initialMargin + maintenance + pnl + (liquidation?.price ?? 0n) + (bankruptcy?.price ?? 0n);
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, checksum };
}

const kernel = benchKernel();
const full = benchComputeRisk();
console.log(`positions: ${count.toLocaleString('en-US')} (50 instruments, 1 in 5 inverse, 6-tier tables)`);
console.log(`kernel path   : ${kernel.seconds.toFixed(2)} s, ${Math.round(count / kernel.seconds).toLocaleString('en-US')} positions/s (IM, MM, PnL, liquidation + bankruptcy price)`);
console.log(`computeRisk   : ${full.seconds.toFixed(2)} s, ${Math.round(count / full.seconds).toLocaleString('en-US')} positions/s (whole report per one-position account)`);
console.log(`with a liquidation price: ${full.liquidationPrices.toLocaleString('en-US')}`);
