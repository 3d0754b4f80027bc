/**
 * The demo's instruments: linear (USDT-settled) and inverse (coin-settled) perpetuals with tier
 * tables in the shape venues publish (notional floor, maintenance rate, max leverage).
 * Illustrative numbers, not a venue's snapshot.
 */
export interface DemoMarket {
  readonly symbol: string;
  readonly kind: 'linear-perpetual' | 'inverse-perpetual';
  readonly settle: string;
  /** Contract size: base units per contract (linear) or quote units per contract (inverse). */
  readonly contractSize: string;
  readonly tickSize: string;
  readonly lotSize: string;
  readonly takerFeeRate: string;
  readonly startPrice: number;
  /** Volatility per simulated tick (log-price standard deviation). */
  readonly tickVol: number;
  readonly tiers: readonly { notionalFloor: string; maintenanceRate: string; maxLeverage: string }[];
}

export const DEMO_MARKETS: readonly DemoMarket[] = [
  {
    symbol: 'BTCUSDT',
    kind: 'linear-perpetual',
    settle: 'USDT',
    contractSize: '1',
    tickSize: '0.1',
    lotSize: '0.001',
    takerFeeRate: '0.0005',
    startPrice: 65_000,
    tickVol: 0.0007,
    tiers: [
      { notionalFloor: '0', maintenanceRate: '0.004', maxLeverage: '125' },
      { notionalFloor: '50000', maintenanceRate: '0.005', maxLeverage: '100' },
      { notionalFloor: '250000', maintenanceRate: '0.01', maxLeverage: '50' },
      { notionalFloor: '1000000', maintenanceRate: '0.025', maxLeverage: '20' },
      { notionalFloor: '5000000', maintenanceRate: '0.05', maxLeverage: '10' },
    ],
  },
  {
    symbol: 'ETHUSDT',
    kind: 'linear-perpetual',
    settle: 'USDT',
    contractSize: '1',
    tickSize: '0.01',
    lotSize: '0.01',
    takerFeeRate: '0.0005',
    startPrice: 3_200,
    tickVol: 0.0009,
    tiers: [
      { notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '100' },
      { notionalFloor: '50000', maintenanceRate: '0.0065', maxLeverage: '75' },
      { notionalFloor: '250000', maintenanceRate: '0.01', maxLeverage: '50' },
      { notionalFloor: '1000000', maintenanceRate: '0.02', maxLeverage: '25' },
    ],
  },
  {
    symbol: 'SOLUSDT',
    kind: 'linear-perpetual',
    settle: 'USDT',
    contractSize: '1',
    tickSize: '0.001',
    lotSize: '0.1',
    takerFeeRate: '0.0005',
    startPrice: 150,
    tickVol: 0.0012,
    tiers: [
      { notionalFloor: '0', maintenanceRate: '0.01', maxLeverage: '50' },
      { notionalFloor: '50000', maintenanceRate: '0.025', maxLeverage: '20' },
      { notionalFloor: '250000', maintenanceRate: '0.05', maxLeverage: '10' },
    ],
  },
  {
    symbol: 'BTCUSD',
    kind: 'inverse-perpetual',
    settle: 'BTC',
    contractSize: '100',
    tickSize: '0.5',
    lotSize: '1',
    takerFeeRate: '0.0005',
    startPrice: 65_000,
    tickVol: 0.0007,
    tiers: [
      { notionalFloor: '0', maintenanceRate: '0.004', maxLeverage: '125' },
      { notionalFloor: '5', maintenanceRate: '0.005', maxLeverage: '100' },
      { notionalFloor: '20', maintenanceRate: '0.01', maxLeverage: '50' },
      { notionalFloor: '100', maintenanceRate: '0.025', maxLeverage: '20' },
    ],
  },
  {
    symbol: 'ETHUSD',
    kind: 'inverse-perpetual',
    settle: 'ETH',
    contractSize: '10',
    tickSize: '0.05',
    lotSize: '1',
    takerFeeRate: '0.0005',
    startPrice: 3_200,
    tickVol: 0.0009,
    tiers: [
      { notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '100' },
      { notionalFloor: '50', maintenanceRate: '0.01', maxLeverage: '50' },
      { notionalFloor: '200', maintenanceRate: '0.025', maxLeverage: '20' },
    ],
  },
];

/** The `instrument` object of an engine `instrument` command. */
export function instrumentJson(market: DemoMarket, markPrice: string): Record<string, unknown> {
  return {
    symbol: market.symbol,
    kind: market.kind,
    settle: market.settle,
    contractSize: market.contractSize,
    tickSize: market.tickSize,
    lotSize: market.lotSize,
    takerFeeRate: market.takerFeeRate,
    markPrice,
    tiers: market.tiers.map((tier) => ({ ...tier })),
  };
}

export function isInverseMarket(market: DemoMarket): boolean {
  return market.kind === 'inverse-perpetual';
}

/** Fraction digits of a step like "0.05" -> 2. */
export function stepDecimals(step: string): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

/** A float rounded to a multiple of `step` (down when `floor`), as a decimal string. */
export function toStep(value: number, step: string, floor = false): string {
  const size = Number(step);
  const n = floor ? Math.floor(value / size + 1e-9) : Math.round(value / size);
  return (n * size).toFixed(stepDecimals(step));
}

/** A float amount with at most `decimals` fraction digits, rounded down, trailing zeros kept short. */
export function toAmount(value: number, decimals: number): string {
  const scale = 10 ** decimals;
  return (Math.floor(value * scale) / scale).toFixed(decimals);
}
