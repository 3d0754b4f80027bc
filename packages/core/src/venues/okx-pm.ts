/**
 * OKX portfolio margin (risk unit per underlying). MR1 shocks, MR4 and MR6 from OKX's January 2025
 * notice; the MR nesting, MR4 minimum, MR7 rate and the initial factor observed from the
 * position-builder example (BTC linear perpetual: MR1 12 %, MR4 0.20 %, MR7 0.45 % of notional).
 */
import type { OkxPmParams } from '../portfolio/okx-pm/params.js';
import type { ComponentsVenue } from './portfolio-venue.js';

const BTC: OkxPmParams = {
  unit: 'BTC',
  settlement: 'linear',
  spotShocks: [0.04, 0.08, 0.12],
  volShockUp: 0.3,
  volShockDown: 0.3,
  annualisedMoveRisk: 0.05,
  basisMinimum: 0.002,
  extremeMove: 0.24,
  extremeFraction: 0.5,
  reductionRate: 0.0045,
  reductionTiers: [{ upToNotional: null, multiplier: 1 }],
  borrowMaintenanceRate: 0.02,
  borrowInitialRate: 0.1,
  initialFactor: '1.3',
};

export const OKX_PM: ComponentsVenue = {
  name: 'okx-pm',
  title: 'OKX portfolio margin (MR components per risk unit)',
  method: 'components',
  snapshotDate: '2025-01-15',
  units: {
    BTC,
    ETH: { ...BTC, unit: 'ETH' },
    // A "major" in the notice's classes, as the position-builder example (2025-01-15) shows: MR1 at
    // +-6/12/18 %, MR6 at +-36 %; MR4 0.80 % and MR7 0.70 % of notional observed there.
    LTC: { ...BTC, unit: 'LTC', spotShocks: [0.06, 0.12, 0.18], annualisedMoveRisk: 0.15, basisMinimum: 0.008, extremeMove: 0.36, reductionRate: 0.007 },
  },
  sources: [
    'https://www.okx.com/docs-v5/en/#trading-account-rest-api-position-builder-new (position builder: MR1..MR9 of a worked example)',
    'https://okx-api.aperture.finance/help/okx-will-further-adjust-portfolio-margin-parameters (January 2025 parameters: spot shocks, MR4, MR6)',
  ],
  notModelled: [
    'MR2 time value, MR3 volatility term structure, MR5 interest rate, MR9 USDT-USDC-USD hedge: formulas unpublished',
    'the volatility shock sizes of MR1 (ours: +-30 % relative) and the MR7 tier table (multipliers 1 to 12; ours: 1)',
    'majors other than LTC and the "other" coins: add their units with the notice parameters (majors: 6/12/18 %, MR4 15 %, MR6 36 %; others: 8/16/25 %, MR4 30 %, MR6 50 %), or give them in the file\'s params',
  ],
};
