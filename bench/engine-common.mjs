// Shared setup of the engine benches: a seeded book built through applyCommand, like a live feed.
import { performance } from 'node:perf_hooks';
import { applyCommand, createEngineState, parseCommand } from '@margin/engine';
import { Rng } from '@margin/sim';

/** The project's seeded generator (@margin/sim's Rng): the same seed builds the same book. */
export function random(seed) {
  const rng = new Rng(seed);
  return () => rng.next();
}

export const TIERS = [
  { notionalFloor: '0', maintenanceRate: '0.004', maxLeverage: '125' },
  { notionalFloor: '50000', maintenanceRate: '0.005', maxLeverage: '100' },
  { notionalFloor: '250000', maintenanceRate: '0.01', maxLeverage: '50' },
];

export function basePrice(k) {
  return 10 + 7 * k; // 10 .. 353 over 50 symbols
}

/**
 * `accounts` accounts holding `perAccount` positions each over `symbols` linear symbols; symbol
 * `pinned` (when >= 0) is held by every account. Balances are spread so that some accounts sit
 * near the margin-call thresholds after a price move, as in a stressed book.
 */
export function buildBook({ accounts, symbols, perAccount = 3, pinned = -1, seed = 1, log = () => {} }) {
  const state = createEngineState();
  let seq = 0;
  const apply = (json) => applyCommand(state, parseCommand(json), { seq: ++seq });
  for (let k = 0; k < symbols; k++) {
    apply({ type: 'instrument', id: `i${k}`, instrument: { symbol: `S${k}`, kind: 'linear-perpetual', settle: 'USDT', contractSize: '1', tickSize: '0.01', lotSize: '0.001', tiers: TIERS } });
  }
  apply({ type: 'prices', id: 'p0', time: '2026-01-01T00:00:00Z', prices: Array.from({ length: symbols }, (_, k) => ({ symbol: `S${k}`, markPrice: String(basePrice(k)) })) });
  const rand = random(seed);
  const started = performance.now();
  for (let a = 0; a < accounts; a++) {
    const id = `a${a}`;
    // Notional per position 200 .. 20,000; balance 1% .. 40% of the gross notional.
    const chosen = new Set();
    if (pinned >= 0) chosen.add(pinned);
    while (chosen.size < perAccount) chosen.add(Math.floor(rand() * symbols));
    const legs = [...chosen].map((k) => {
      const notional = 200 + rand() * 19800;
      const size = Math.max(0.001, Math.round((notional / basePrice(k)) * 1000) / 1000);
      return { k, size, buy: rand() < 0.5 };
    });
    const gross = legs.reduce((sum, leg) => sum + leg.size * basePrice(leg.k), 0);
    const balance = Math.ceil(gross * (0.01 + rand() * 0.39)) + 1;
    apply({ type: 'deposit', id: `d${a}`, account: id, asset: 'USDT', amount: String(balance) });
    legs.forEach((leg, j) => {
      const events = apply({ type: 'fill', id: `f${a}.${j}`, account: id, symbol: `S${leg.k}`, side: leg.buy ? 'buy' : 'sell', size: leg.size.toFixed(3), price: String(basePrice(leg.k)), fee: '0', time: '2026-01-01T00:00:01Z' }).events;
      if (events[0].type !== 'filled') throw new Error(`bench setup fill refused: ${JSON.stringify(events[0])}`);
    });
    if ((a + 1) % 100000 === 0) log(`  built ${a + 1} accounts (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  return { state, apply, next: () => ++seq };
}

export function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
}

export function heapBytes() {
  globalThis.gc?.();
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
