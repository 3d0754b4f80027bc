/**
 * Named instruments: the JSON object the `instrument` command, `PUT /v1/instruments/{symbol}` and
 * the `instruments` list of a `margin risk` file take (a risk file adds `markPrice`). One name, one
 * instrument: two tests that need different contracts get two names, even when the symbol is the
 * same (the engine's BTCUSD and the API's BTCUSD differ in tick and tiers).
 *
 * A test spreads a fixture to change one thing on purpose (`{ ...BTCUSDT_LINEAR_3TIER, symbol: 'ETHUSDT' }`)
 * and says why; a new contract shape gets a new name here (docs/testing.md).
 */
import { at } from './time.js';
import { BTC_TIERS_2, BTC_TIERS_3, BTC_TIERS_4, BTC_TIER_FLAT, type TierJson } from './tiers.js';

export type InstrumentKindJson = 'linear-perpetual' | 'inverse-perpetual' | 'linear-future' | 'inverse-future';

export interface InstrumentJson {
  readonly symbol: string;
  readonly kind: InstrumentKindJson;
  readonly settle: string;
  readonly contractSize: string;
  readonly tickSize: string;
  readonly lotSize?: string;
  readonly expiry?: string;
  readonly takerFeeRate?: string;
  readonly tiers?: readonly TierJson[];
  readonly tierTable?: string;
}

// --- Linear USDT-settled BTC perpetuals -------------------------------------------------------

/** The engine harness's BTCUSDT: 1 BTC contracts, tick 0.1, lot 0.001, three tiers (0.4%, 0.5%, 1%), no fee rate. */
export const BTCUSDT_LINEAR_3TIER: InstrumentJson = {
  symbol: 'BTCUSDT',
  kind: 'linear-perpetual',
  settle: 'USDT',
  contractSize: '1',
  tickSize: '0.1',
  lotSize: '0.001',
  tiers: BTC_TIERS_3,
};

/** The API harness's BTCUSDT: the same contract with a 0.05% taker fee rate (the what-if and risk reports charge it). */
export const BTCUSDT_LINEAR_3TIER_TAKER_5BP: InstrumentJson = { ...BTCUSDT_LINEAR_3TIER, takerFeeRate: '0.0005' };

/** The trigger property's linear contract: the same with a 0.06% taker fee rate (Bybit's fee-to-close). */
export const BTCUSDT_LINEAR_3TIER_TAKER_6BP: InstrumentJson = { ...BTCUSDT_LINEAR_3TIER, takerFeeRate: '0.0006' };

/** The liquidation-run scenario's BTCUSDT: tick 0.1, lot 0.001, two tiers (0.4% to 50,000, then 0.5%). */
export const BTCUSDT_LINEAR_2TIER: InstrumentJson = { ...BTCUSDT_LINEAR_3TIER, tiers: BTC_TIERS_2 };

/** The journal and host tests' BTCUSDT: tick 0.1, lot 0.001, one flat 0.4% tier (no tier boundary in play). */
export const BTCUSDT_LINEAR_1TIER: InstrumentJson = { ...BTCUSDT_LINEAR_3TIER, tiers: BTC_TIER_FLAT };

/** The multi-collateral property's BTCUSDT: tick 0.1, no lot, one flat 0.5% tier to 100x. */
export const BTCUSDT_LINEAR_MMR05_100X: InstrumentJson = {
  symbol: 'BTCUSDT',
  kind: 'linear-perpetual',
  settle: 'USDT',
  contractSize: '1',
  tickSize: '0.1',
  tiers: [{ notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '100' }],
};

/** The wire contract's example instrument: one flat 0.4% tier and no lot size (the field is optional). */
export const BTCUSDT_LINEAR_1TIER_NO_LOT: InstrumentJson = {
  symbol: 'BTCUSDT',
  kind: 'linear-perpetual',
  settle: 'USDT',
  contractSize: '1',
  tickSize: '0.1',
  tiers: BTC_TIER_FLAT,
};

/**
 * BTCUSDT with 0.001 BTC contracts (one flat tier): redefining the engine harness's BTCUSDT with it
 * changes the contract size of a symbol with open positions, which the engine refuses.
 */
export const BTCUSDT_LINEAR_MILLI_CONTRACT: InstrumentJson = { ...BTCUSDT_LINEAR_1TIER_NO_LOT, contractSize: '0.001' };

/** The kernel's price-solver BTCUSDT: tick 0.01, no lot size, Binance's first four BTC brackets (risk files add `markPrice`). */
export const BTCUSDT_LINEAR_4TIER_TICK001: InstrumentJson = { ...BTCUSDT_LINEAR_1TIER_NO_LOT, tickSize: '0.01', tiers: BTC_TIERS_4 };

/** The kernel's partial-liquidation BTCUSDT: tick 0.1, lot 0.001, Binance's first four BTC brackets. */
export const BTCUSDT_LINEAR_4TIER: InstrumentJson = { ...BTCUSDT_LINEAR_3TIER, tiers: BTC_TIERS_4 };

/** Bybit's BTCUSDT as the venue examples use it: tick 0.5, lot 0.001, one flat 0.5% tier (100x). */
export const BYBIT_BTCUSDT_1TIER: InstrumentJson = {
  ...BTCUSDT_LINEAR_3TIER,
  tickSize: '0.5',
  tiers: [{ notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '100' }],
};

/** A linear USDT contract of tick 0.1 without symbol-specific fields: regression cases found by fuzzing add their symbol, tiers and fee. */
export const LINEAR_USDT_TICK01: InstrumentJson = { symbol: 'S', kind: 'linear-perpetual', settle: 'USDT', contractSize: '1', tickSize: '0.1' };

/** A generated USDT perpetual of the property tests (tick 0.01; tests set symbol, markPrice, fee and tiers). */
export const LINEAR_USDT_TICK001: InstrumentJson = { ...LINEAR_USDT_TICK01, tickSize: '0.01' };

/** The SPAN tests' futures: USD-settled, 1 unit contracts, tick 0.01, whole lots, three BTC tiers (the tiers are unused under SPAN; tests set the symbol). */
export const SPAN_USD_FUTURE: InstrumentJson = { symbol: 'ZC-DEC26', kind: 'linear-perpetual', settle: 'USD', contractSize: '1', tickSize: '0.01', lotSize: '1', tiers: BTC_TIERS_3 };

/**
 * The `margin risk` example's BTCUSDT (the CLI tests feed it; a risk file adds `markPrice`): tick
 * 0.01, no lot size, 0.04% taker fee, one bracket written with its maintenance amount (0).
 */
export const RISK_EXAMPLE_BTCUSDT: InstrumentJson = {
  symbol: 'BTCUSDT',
  kind: 'linear-perpetual',
  settle: 'USDT',
  contractSize: '1',
  tickSize: '0.01',
  takerFeeRate: '0.0004',
  tiers: [{ notionalFloor: '0', maintenanceRate: '0.004', maintenanceAmount: '0', maxLeverage: '125' }],
};

// --- Other linear contracts ----------------------------------------------------------------------

/** The engine harness's ETHUSDT: 1 ETH contracts, tick 0.01, lot 0.01, two tiers (0.5% to 10,000, then 0.65%). */
export const ETHUSDT_LINEAR_2TIER: InstrumentJson = {
  symbol: 'ETHUSDT',
  kind: 'linear-perpetual',
  settle: 'USDT',
  contractSize: '1',
  tickSize: '0.01',
  lotSize: '0.01',
  tiers: [
    { notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '100' },
    { notionalFloor: '10000', maintenanceRate: '0.0065', maxLeverage: '75' },
  ],
};

/** dYdX v4's BTC-USD as the full-close examples use it: USDC-settled, tick 1, lot 0.001, one 5% tier (10x). */
export const DYDX_BTC_USD_MMR5: InstrumentJson = {
  symbol: 'BTC-USD',
  kind: 'linear-perpetual',
  settle: 'USDC',
  contractSize: '1',
  tickSize: '1',
  lotSize: '0.001',
  tiers: [{ notionalFloor: '0', maintenanceRate: '0.05', maxLeverage: '10' }],
};

/**
 * BitMEX's ADL example (bitmex.com/app/adl) as a linear contract settled in USD: 1 USD per point,
 * tick 0.5, lot 1, one 0.4% tier, so PnL% and effective leverage come out as the example's scores.
 */
export const BITMEX_ADL_XBTUSD_LINEAR: InstrumentJson = {
  symbol: 'XBTUSD',
  kind: 'linear-perpetual',
  settle: 'USD',
  contractSize: '1',
  tickSize: '0.5',
  lotSize: '1',
  tiers: [{ notionalFloor: '0', maintenanceRate: '0.004', maxLeverage: '100' }],
};

/** Hyperliquid's ETH without tiers: the venue derives them from its own snapshot (maintenance = half the initial rate). */
export const HYPERLIQUID_ETH_SNAPSHOT_TIERS: InstrumentJson = { symbol: 'ETH', kind: 'linear-perpetual', settle: 'USDC', contractSize: '1', tickSize: '0.1' };

/** A linear USDT contract named X with no tiers: the venue-snapshot tests add `tierTable` to load each snapshot in turn. */
export const SNAPSHOT_PROBE_X: InstrumentJson = { ...LINEAR_USDT_TICK01, symbol: 'X' };

/** The `margin risk` example's ETHUSDT: tick 0.01, no lot size, no fee rate, one 0.5% bracket with maintenance amount 0. */
export const RISK_EXAMPLE_ETHUSDT: InstrumentJson = {
  symbol: 'ETHUSDT',
  kind: 'linear-perpetual',
  settle: 'USDT',
  contractSize: '1',
  tickSize: '0.01',
  tiers: [{ notionalFloor: '0', maintenanceRate: '0.005', maintenanceAmount: '0', maxLeverage: '100' }],
};

// --- Inverse BTC-settled perpetuals -------------------------------------------------------------

/** The engine harness's BTCUSD: 100 USD contracts settled in BTC, tick 0.1, lot 1, tiers 0.4% to 5 BTC, then 0.5%. */
export const BTCUSD_INVERSE_100_MMR04: InstrumentJson = {
  symbol: 'BTCUSD',
  kind: 'inverse-perpetual',
  settle: 'BTC',
  contractSize: '100',
  tickSize: '0.1',
  lotSize: '1',
  tiers: [
    { notionalFloor: '0', maintenanceRate: '0.004', maxLeverage: '125' },
    { notionalFloor: '5', maintenanceRate: '0.005', maxLeverage: '100' },
  ],
};

/** The API harness's BTCUSD: 100 USD contracts, tick 0.5, lot 1, tiers 0.5% to 10 BTC, then 1%. */
export const BTCUSD_INVERSE_100_MMR05: InstrumentJson = {
  ...BTCUSD_INVERSE_100_MMR04,
  tickSize: '0.5',
  tiers: [
    { notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '100' },
    { notionalFloor: '10', maintenanceRate: '0.01', maxLeverage: '50' },
  ],
};

/** The liquidation-run scenario's BTCUSD: 100 USD contracts, tick 0.5, lot 1, one flat 0.5% tier. */
export const BTCUSD_INVERSE_100_1TIER: InstrumentJson = { ...BTCUSD_INVERSE_100_MMR05, tiers: [{ notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '100' }] };

/** The trigger property's inverse contract: 100 USD, tick 0.5, lot 1, 0.06% taker fee, tiers 0.5% / 1% (from 2 BTC) / 2% (from 10 BTC). */
export const BTCUSD_INVERSE_100_3TIER_TAKER_6BP: InstrumentJson = {
  ...BTCUSD_INVERSE_100_MMR05,
  takerFeeRate: '0.0006',
  tiers: [
    { notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '100' },
    { notionalFloor: '2', maintenanceRate: '0.01', maxLeverage: '50' },
    { notionalFloor: '10', maintenanceRate: '0.02', maxLeverage: '25' },
  ],
};

/**
 * OKX's coin-margined BTC-USD-SWAP for the okx record: 100 USD contracts, tick 0.1, 0.05% taker
 * (liquidation) fee, two tiers counted in CONTRACTS (up to 1,000 at 0.5%, then 1%).
 */
export const OKX_BTC_USD_SWAP_TIERS_IN_CONTRACTS: InstrumentJson = {
  symbol: 'BTC-USD-SWAP',
  kind: 'inverse-perpetual',
  settle: 'BTC',
  contractSize: '100',
  tickSize: '0.1',
  takerFeeRate: '0.0005',
  tiers: [
    { notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '100' },
    { notionalFloor: '1000', maintenanceRate: '0.01', maxLeverage: '50' },
  ],
};

/** Bybit's inverse BTCUSD as the venue examples use it: 1 USD contracts, tick 0.5, lot 1, one flat 0.5% tier. */
export const BYBIT_BTCUSD_INVERSE_1USD: InstrumentJson = { ...BTCUSD_INVERSE_100_1TIER, contractSize: '1' };

/** Bybit's inverse BTCUSD for the order-margin example: 1 USD contracts, tick 0.01, 0.075% taker fee, one 0.5% tier. */
export const BYBIT_BTCUSD_INVERSE_TAKER_75: InstrumentJson = {
  symbol: 'BTCUSD',
  kind: 'inverse-perpetual',
  settle: 'BTC',
  contractSize: '1',
  tickSize: '0.01',
  takerFeeRate: '0.00075',
  tiers: [{ notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '100' }],
};

/** An inverse contract named X of 1 USD, tick 0.1, one 1% tier (20x): the smallest inverse PnL rounds to zero or one unit. */
export const X_INVERSE_1USD: InstrumentJson = {
  symbol: 'X',
  kind: 'inverse-perpetual',
  settle: 'BTC',
  contractSize: '1',
  tickSize: '0.1',
  tiers: [{ notionalFloor: '0', maintenanceRate: '0.01', maxLeverage: '20' }],
};

// --- Dated futures -----------------------------------------------------------------------------

/** A dated linear BTCUSDT future expiring one day after T0 (tick 0.1, one 0.5% tier at 50x). */
export const BTCUSDT_FUTURE_T0_PLUS_1D: InstrumentJson = {
  symbol: 'BTCUSDT-260102',
  kind: 'linear-future',
  settle: 'USDT',
  contractSize: '1',
  tickSize: '0.1',
  expiry: at(86400),
  tiers: [{ notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '50' }],
};

/** The kernel's dated future: BTCUSDT-261225 expiring 2026-12-25 08:00 UTC, tick 0.1, Binance's four BTC brackets. */
export const BTCUSDT_FUTURE_261225: InstrumentJson = {
  symbol: 'BTCUSDT-261225',
  kind: 'linear-future',
  settle: 'USDT',
  contractSize: '1',
  tickSize: '0.1',
  expiry: '2026-12-25T08:00:00Z',
  tiers: BTC_TIERS_4,
};

// --- Deribit ---------------------------------------------------------------------------------

/** Deribit's BTC-PERPETUAL: inverse, 10 USD contracts, tick 0.5; tiers from the `deribit` record's snapshot (its size-0 rate). */
export const DERIBIT_BTC_PERPETUAL: InstrumentJson = { symbol: 'BTC-PERPETUAL', kind: 'inverse-perpetual', settle: 'BTC', contractSize: '10', tickSize: '0.5' };

/** A linear ETH_USDC-PERPETUAL in the shape of Deribit's USDC perpetuals (0.01 ETH contracts, tick 0.05, one 0.5% tier to 50x): the ETH leg of the deribit-pm grid pool tests. */
export const DERIBIT_ETH_USDC_PERPETUAL: InstrumentJson = {
  symbol: 'ETH_USDC-PERPETUAL',
  kind: 'linear-perpetual',
  settle: 'USDC',
  contractSize: '0.01',
  tickSize: '0.05',
  tiers: [{ notionalFloor: '0', maintenanceRate: '0.005', maintenanceAmount: '0', maxLeverage: '50' }],
};

/** Deribit's linear BTC_USDC-PERPETUAL (0.001 BTC contracts, tick 0.5) with one 0.5% tier to 50x: the underlying of the linear option tests. */
export const DERIBIT_BTC_USDC_PERPETUAL: InstrumentJson = {
  symbol: 'BTC_USDC-PERPETUAL',
  kind: 'linear-perpetual',
  settle: 'USDC',
  contractSize: '0.001',
  tickSize: '0.5',
  tiers: [{ notionalFloor: '0', maintenanceRate: '0.005', maintenanceAmount: '0', maxLeverage: '50' }],
};
