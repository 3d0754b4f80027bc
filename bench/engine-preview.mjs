// Bench: `preview` (what applyCommand would do, without doing it) on a venue-size book, at 10,000
// and 100,000 accounts (ACCOUNTS=comma list to change), each holding 3 positions (S0 + 2 of 49
// other symbols). Measured per call: a fill preview (the account's own check: cost independent of
// the book), a hypothetical mark of a side symbol then a fill (the price is previewed exactly:
// every holder of the symbol is re-evaluated), and marks of S0, held by every account: ticks, and
// one -2% move that liquidates (its cost is the liquidation wave's, as when applied). Beside
// each, the cost of applying the same command for real. The state hash is checked unchanged.
// One core. Run after `npm run build`: node bench/engine-preview.mjs
import { performance } from 'node:perf_hooks';
import os from 'node:os';
import { applyCommand, parseCommand, preview, scanStats, stateHash } from '@margin/engine';
import { basePrice, buildBook, median, random } from './engine-common.mjs';

const SIZES = (process.env.ACCOUNTS ?? '10000,100000').split(',').map(Number);
const log = (line) => process.stdout.write(`${line}\n`);
log(`engine-preview (node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores)`);

function timed(count, body) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    body(i);
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { median: median(times), p90: sorted[Math.floor(sorted.length * 0.9)] };
}

const fmt = ({ median: m, p90 }) => `median ${m < 1 ? `${(m * 1000).toFixed(0)} us` : `${m.toFixed(2)} ms`}, p90 ${p90 < 1 ? `${(p90 * 1000).toFixed(0)} us` : `${p90.toFixed(2)} ms`}`;

for (const accounts of SIZES) {
  const { state, next } = buildBook({ accounts, symbols: 50, pinned: 0 });
  log(`\n${accounts} accounts, ${scanStats(state).positions} positions`);
  const rand = random(7);
  let clockMs = Date.UTC(2026, 0, 1, 1);
  let id = 0;
  const fillJson = () => {
    const a = Math.floor(rand() * accounts);
    const k = Math.floor(rand() * 50);
    // Sizes up to 40,000 notional: some fit the account's margin, some are rejected.
    const size = Math.max(0.001, Math.round(((rand() * 40000) / basePrice(k)) * 1000) / 1000);
    return { type: 'fill', id: `x${++id}`, account: `a${a}`, symbol: `S${k}`, side: rand() < 0.5 ? 'buy' : 'sell', size: size.toFixed(3), price: String(basePrice(k)), fee: '0.01', time: new Date(clockMs).toISOString() };
  };
  const priceJson = (symbol, k, move) => {
    clockMs += 1000;
    return { type: 'price', id: `m${++id}`, symbol, markPrice: (basePrice(k) * (1 + move)).toFixed(4), time: new Date(clockMs).toISOString() };
  };
  const hash = stateHash(state);
  let accepted = 0;
  const fills = Array.from({ length: 2000 }, () => parseCommand(fillJson()));
  timed(200, (i) => preview(state, fills[i])); // warm-up
  const fillPreview = timed(2000, (i) => {
    if (preview(state, fills[i]).verdict.accepted) accepted++;
  });
  log(`preview(fill): ${fmt(fillPreview)} (${accepted} of 2000 accepted)`);
  const sidePrices = Array.from({ length: 50 }, (_, i) => [parseCommand(priceJson('S7', 7, (i % 2 ? 1 : -1) * 0.002)), parseCommand(fillJson())]);
  const holdersS7 = state.scan.symbolPositionCount(7);
  log(`preview([price S7 +-0.2%, fill]) (S7 held by ${holdersS7} accounts): ${fmt(timed(50, (i) => preview(state, sidePrices[i])))}`);
  const ticks = Array.from({ length: 30 }, (_, i) => parseCommand(priceJson('S0', 0, ((i % 5) - 2) * 0.0001)));
  log(`preview(price S0 tick +-0.02%) (held by all ${accounts} accounts): ${fmt(timed(30, (i) => preview(state, ticks[i])))}`);
  const crash = parseCommand(priceJson('S0', 0, -0.02));
  let events = [];
  const crashPreview = timed(1, () => {
    events = preview(state, crash).events;
  });
  const liquidated = events.filter((event) => event.type === 'liquidationStarted').length;
  log(`preview(price S0 -2%), once: ${crashPreview.median.toFixed(0)} ms (${events.length} events, ${liquidated} liquidations)`);
  if (stateHash(state) !== hash) throw new Error('preview changed the state hash');
  log('state hash unchanged after every preview');
  // The same commands applied for real, for comparison (these change the state; run last).
  const applyTicks = timed(30, (i) => applyCommand(state, { ...ticks[i], id: `real-tick${i}` }, { seq: next() }));
  log(`applyCommand(price S0 tick): ${fmt(applyTicks)}`);
  const t0 = performance.now();
  const real = applyCommand(state, { ...crash, id: 'real-crash', time: crash.time + 60_000 }, { seq: next() }).events;
  log(`applyCommand(price S0 -2%), once: ${(performance.now() - t0).toFixed(0)} ms (${real.length} events)`);
  const applyFills = timed(2000, (i) => applyCommand(state, parseCommand({ ...fillJson(), id: `real${i}` }), { seq: next() }));
  log(`applyCommand(fill): ${fmt(applyFills)}`);
}
