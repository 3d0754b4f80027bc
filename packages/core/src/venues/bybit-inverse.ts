/** Bybit inverse perpetual (classic): bybit-linear's rules for inverse contracts (BTCUSD). */
import { defineVenue } from './venue.js';
import { BYBIT_LINEAR } from './bybit-linear.js';
import { BYBIT_INVERSE_SNAPSHOTS } from './snapshots/bybit.js';
import { requirePart } from './require-part.js';

export const BYBIT_INVERSE = defineVenue({
  name: 'bybit-inverse',
  title: 'Bybit inverse perpetual (classic)',
  contractKind: 'inverse',
  listedKinds: ['inverse'],
  tierSnapshots: BYBIT_INVERSE_SNAPSHOTS,
  margin: {
    ...requirePart(BYBIT_LINEAR, 'margin'),
    title: 'Bybit inverse perpetual (classic)',
    description: 'As bybit-linear for inverse contracts (BTCUSD): values in the settle coin.',
  },
  market: { ...requirePart(BYBIT_LINEAR, 'market'), title: 'Bybit inverse perpetual' },
  liquidation: requirePart(BYBIT_LINEAR, 'liquidation'),
});
