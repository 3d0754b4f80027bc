/**
 * The synthetic population: who trades what, in which margin mode, at which leverage, with how
 * much collateral. The model is the simulator's own guess of each account's position, used to
 * choose plausible fills (add, reduce, flip); the engine remains the judge (a rejected fill is
 * rolled back in the model via `observe`).
 */
import { DEMO_MARKETS, isInverseMarket, type DemoMarket } from './markets.js';
import type { Rng } from './rng.js';

export interface SimPosition {
  /** Signed contracts (one-way) or the long/short leg (hedge). */
  size: number;
}

export interface SimAccount {
  readonly id: string;
  readonly settle: string;
  readonly markets: readonly DemoMarket[];
  readonly mode: 'cross' | 'isolated';
  readonly hedge: boolean;
  readonly leverage: number;
  /** Collateral deposited at seed time, settle asset. */
  readonly deposit: number;
  /** Model of positions by key (`SYMBOL` or `SYMBOL/long`). */
  readonly positions: Map<string, SimPosition>;
}

const LEVERAGES = [2, 3, 5, 5, 10, 10, 10, 20, 20, 25, 50] as const;

export function accountId(index: number): string {
  return `acct-${String(index + 1).padStart(5, '0')}`;
}

/** Deterministic population of `count` accounts. */
export function makePopulation(rng: Rng, count: number): SimAccount[] {
  const linear = DEMO_MARKETS.filter((m) => !isInverseMarket(m));
  const inverse = DEMO_MARKETS.filter((m) => isInverseMarket(m));
  const accounts: SimAccount[] = [];
  for (let i = 0; i < count; i++) {
    const isInverse = rng.chance(0.25);
    let markets: DemoMarket[];
    if (isInverse) {
      markets = [rng.pick(inverse)];
    } else {
      const first = rng.pick(linear);
      markets = [first];
      if (rng.chance(0.35)) {
        const second = rng.pick(linear.filter((m) => m !== first));
        markets.push(second);
      }
    }
    const settle = (markets[0] as DemoMarket).settle;
    const deposit =
      settle === 'USDT' ? rng.logBetween(300, 80_000) : settle === 'BTC' ? rng.logBetween(0.01, 2) : rng.logBetween(0.2, 30);
    accounts.push({
      id: accountId(i),
      settle,
      markets,
      mode: rng.chance(0.3) ? 'isolated' : 'cross',
      hedge: !isInverse && rng.chance(0.05),
      leverage: rng.pick(LEVERAGES),
      deposit,
      positions: new Map(),
    });
  }
  return accounts;
}

/** Notional of `contracts` at `price` in the settle asset. */
export function notionalOf(market: DemoMarket, contracts: number, price: number): number {
  const size = Math.abs(contracts) * Number(market.contractSize);
  return isInverseMarket(market) ? size / price : size * price;
}

/** Contracts for a target notional (settle asset) at `price`. */
export function contractsFor(market: DemoMarket, notional: number, price: number): number {
  return isInverseMarket(market) ? (notional * price) / Number(market.contractSize) : notional / (price * Number(market.contractSize));
}
