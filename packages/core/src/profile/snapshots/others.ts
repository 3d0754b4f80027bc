/** Tier snapshots of Bybit, dYdX v4 and Hyperliquid, each with its date and source. */
import type { TierSnapshot } from '../profile.js';
import { rows } from '../tier-snapshot.js';

export const BYBIT_LINEAR_SNAPSHOTS: readonly TierSnapshot[] = [
  {
    symbol: 'BTCUSDT',
    asOf: '2023-06-01',
    source:
      'Bybit risk limit announcement (copy at mobie.io, shared/reference/exchanges.md section 2.1): tier 1 ' +
      'up to 2,000,000 USDT at IMR 1% / MMR 0.5%; tier 2 at IMR 1.75% (57.14x) / MMR 1%. Higher tiers not recorded.',
    tiers: rows(['0', '0.005', '100', '0'], ['2000000', '0.01', '57.14', '10000']),
  },
];

export const BYBIT_INVERSE_SNAPSHOTS: readonly TierSnapshot[] = [
  {
    symbol: 'BTCUSD',
    asOf: '2023-06-01',
    source: 'Bybit classic docs (https://bybit-tr.com/ar-SA/help-center/article/?id=000001095): base MMR 0.5% for BTC, 100x',
    tiers: rows(['0', '0.005', '100', '0']),
  },
];

const DYDX_SOURCE =
  'dydxprotocol/v4-documentation docs/pages/concepts/trading/funding.mdx liquidity tiers: Large-cap IMF 5% / ' +
  'MMF 3%, Mid-cap 10% / 5%, Long-tail 20% / 10% (shared/reference/exchanges.md section 6)';

export const DYDX_SNAPSHOTS: readonly TierSnapshot[] = [
  { symbol: 'LARGE-CAP', asOf: '2024-06-01', source: DYDX_SOURCE, tiers: rows(['0', '0.03', '20', '0']) },
  { symbol: 'MID-CAP', asOf: '2024-06-01', source: DYDX_SOURCE, tiers: rows(['0', '0.05', '10', '0']) },
  { symbol: 'LONG-TAIL', asOf: '2024-06-01', source: DYDX_SOURCE, tiers: rows(['0', '0.1', '5', '0']) },
  { symbol: 'BTC-USD', asOf: '2024-06-01', source: `${DYDX_SOURCE}; BTC-USD is Large-cap`, tiers: rows(['0', '0.03', '20', '0']) },
  { symbol: 'ETH-USD', asOf: '2024-06-01', source: `${DYDX_SOURCE}; ETH-USD is Large-cap`, tiers: rows(['0', '0.03', '20', '0']) },
];

const HYPERLIQUID_SOURCE =
  'https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers (mainnet); maintenance rate = half ' +
  'the initial rate at max leverage, deduction by the recursion';

export const HYPERLIQUID_SNAPSHOTS: readonly TierSnapshot[] = [
  { symbol: 'BTC', asOf: '2025-06-01', source: HYPERLIQUID_SOURCE, tiers: rows(['0', '0.0125', '40', '0'], ['150000000', '0.025', '20', '1875000']) },
  { symbol: 'ETH', asOf: '2025-06-01', source: HYPERLIQUID_SOURCE, tiers: [...rows(['0', '0.02', '25', '0']), { notionalFloor: '100000000', maxLeverage: '15' }] }, // 1/30: derived, rounded up
  { symbol: 'SOL', asOf: '2025-06-01', source: HYPERLIQUID_SOURCE, tiers: rows(['0', '0.025', '20', '0'], ['70000000', '0.05', '10', '1750000']) },
  { symbol: 'XRP', asOf: '2025-06-01', source: HYPERLIQUID_SOURCE, tiers: rows(['0', '0.025', '20', '0'], ['40000000', '0.05', '10', '1000000']) },
];
