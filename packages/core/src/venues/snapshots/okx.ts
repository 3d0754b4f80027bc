/** OKX position tiers (measured in contracts), each with its date and source. */
import type { TierSnapshot } from '../../profile/profile.js';
import type { TierRowText } from '../../profile/tier-snapshot.js';
import { ONE, div } from '../../num/fixed.js';
import { formatFixed, parseFixed } from '../../num/decimal.js';

/** A row: the tier holds sizes above `floor` contracts up to the next floor; max leverage = 1 / IMR. */
function row(floorContracts: string, maintenanceRate: string, initialRate: string): TierRowText {
  return { notionalFloor: floorContracts, maintenanceRate, maxLeverage: formatFixed(div(ONE, parseFixed(initialRate), 'floor')) };
}

export const OKX_SNAPSHOTS: readonly TierSnapshot[] = [
  {
    symbol: 'ADA-USDT-SWAP',
    asOf: '2023-05-19',
    source:
      'OKX announcement "OKX to adjust position tiers of perpetual swaps" (2023-05-15, effective 2023-05-19; mirror ' +
      'https://www.cnoyu.com/es-es/help/okx-to-adjust-position-tiers-of-perpetual-swaps-2023-05-15): ADAUSDT tier 1 up to ' +
      '1,500 contracts MMR 0.50% / min IMR 1.33% / 75x; tier 2 up to 3,000: 0.75% / 2.00% / 50x; tier 3 up to 6,000: 1.00% / 2.50% / 40x; ' +
      'tier 4 on: "+6,000 conts, +0.5% MMR, +0.5% IMR" (tiers 4-6 here by that rule). Floors are contracts; a cap is inclusive',
    tiers: [
      { notionalFloor: '0', maintenanceRate: '0.005', maxLeverage: '75' }, // min IMR 1.33% = 1 / 75
      row('1500', '0.0075', '0.02'),
      row('3000', '0.01', '0.025'),
      row('6000', '0.015', '0.03'),
      row('12000', '0.02', '0.035'),
      row('18000', '0.025', '0.04'),
    ],
  },
];
