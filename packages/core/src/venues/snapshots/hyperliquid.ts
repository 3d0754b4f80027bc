/** Hyperliquid margin tiers as tier snapshots, with their date and source. */
import type { TierSnapshot } from '../../profile/profile.js';
import { rows } from '../../profile/tier-snapshot.js';

const HYPERLIQUID_SOURCE =
  'https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers (mainnet); maintenance rate = half ' +
  'the initial rate at max leverage, deduction by the recursion';

export const HYPERLIQUID_SNAPSHOTS: readonly TierSnapshot[] = [
  { symbol: 'BTC', asOf: '2025-06-01', source: HYPERLIQUID_SOURCE, tiers: rows(['0', '0.0125', '40', '0'], ['150000000', '0.025', '20', '1875000']) },
  { symbol: 'ETH', asOf: '2025-06-01', source: HYPERLIQUID_SOURCE, tiers: [...rows(['0', '0.02', '25', '0']), { notionalFloor: '100000000', maxLeverage: '15' }] }, // 1/30: derived, rounded up
  { symbol: 'SOL', asOf: '2025-06-01', source: HYPERLIQUID_SOURCE, tiers: rows(['0', '0.025', '20', '0'], ['70000000', '0.05', '10', '1750000']) },
  { symbol: 'XRP', asOf: '2025-06-01', source: HYPERLIQUID_SOURCE, tiers: rows(['0', '0.025', '20', '0'], ['40000000', '0.05', '10', '1000000']) },
];
