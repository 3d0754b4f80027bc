/** Bybit tier snapshots (risk limits), each with its date and source. */
import type { TierSnapshot } from '../../profile/profile.js';
import { rows } from '../../profile/tier-snapshot.js';

export const BYBIT_LINEAR_SNAPSHOTS: readonly TierSnapshot[] = [
  {
    symbol: 'BTCUSDT',
    asOf: '2023-06-01',
    source:
      'Bybit risk limit announcement (BTCUSDT tier-1 limit raised to 2,000,000 USDT) and ' +
      'https://byhkbit.com/es-MX/help-center/article/Risk-Limit-USDT-Contract: tier 1 ' +
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
