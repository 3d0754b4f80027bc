/** dYdX v4 liquidity tiers as tier snapshots, with their date and source. */
import type { TierSnapshot } from '../../profile/profile.js';
import { rows } from '../../profile/tier-snapshot.js';

const DYDX_SOURCE =
  'https://github.com/dydxprotocol/v4-documentation/blob/main/docs/pages/concepts/trading/funding.mdx liquidity tiers: ' +
  'Large-cap IMF 5% / MMF 3%, Mid-cap 10% / 5%, Long-tail 20% / 10%';

export const DYDX_SNAPSHOTS: readonly TierSnapshot[] = [
  { symbol: 'LARGE-CAP', asOf: '2024-06-01', source: DYDX_SOURCE, tiers: rows(['0', '0.03', '20', '0']) },
  { symbol: 'MID-CAP', asOf: '2024-06-01', source: DYDX_SOURCE, tiers: rows(['0', '0.05', '10', '0']) },
  { symbol: 'LONG-TAIL', asOf: '2024-06-01', source: DYDX_SOURCE, tiers: rows(['0', '0.1', '5', '0']) },
  { symbol: 'BTC-USD', asOf: '2024-06-01', source: `${DYDX_SOURCE}; BTC-USD is Large-cap`, tiers: rows(['0', '0.03', '20', '0']) },
  { symbol: 'ETH-USD', asOf: '2024-06-01', source: `${DYDX_SOURCE}; ETH-USD is Large-cap`, tiers: rows(['0', '0.03', '20', '0']) },
];
