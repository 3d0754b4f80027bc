/**
 * Tier ladders as the input formats take them (`tiers` of an instrument: notional floor, maintenance
 * rate, max leverage; decimal strings). Named for their shape; each instrument below uses one.
 */
export interface TierJson {
  readonly notionalFloor: string;
  readonly maintenanceRate?: string;
  readonly maintenanceAmount?: string;
  readonly maxLeverage: string;
}

/**
 * Binance USDⓈ-M BTCUSDT's first four brackets (0.4% to 50,000, 0.5% to 250,000, 1% to 1,000,000,
 * then 2.5%); the vector-5 FAQ example walks them. The kernel tests solve prices over all four.
 */
export const BTC_TIERS_4: readonly TierJson[] = [
  { notionalFloor: '0', maintenanceRate: '0.004', maxLeverage: '125' },
  { notionalFloor: '50000', maintenanceRate: '0.005', maxLeverage: '100' },
  { notionalFloor: '250000', maintenanceRate: '0.01', maxLeverage: '50' },
  { notionalFloor: '1000000', maintenanceRate: '0.025', maxLeverage: '20' },
];

/** The first three of those brackets: the engine's and the API's BTCUSDT. */
export const BTC_TIERS_3: readonly TierJson[] = BTC_TIERS_4.slice(0, 3);

/** The first two: a position crosses one tier boundary at 50,000 notional. */
export const BTC_TIERS_2: readonly TierJson[] = BTC_TIERS_4.slice(0, 2);

/** One flat tier of 0.4% (max 125x): no tier boundary in the way of the test. */
export const BTC_TIER_FLAT: readonly TierJson[] = BTC_TIERS_4.slice(0, 1);
