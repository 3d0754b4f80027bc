/**
 * Drift v2: margin as generic (the instrument's tier table stands for the market's margin ratios),
 * hourly funding from the daily mark-oracle spread, liquidation just enough to restore
 * maintenance, and bankruptcies socialised over the open interest instead of auto-deleveraging.
 */
import { parseFixed as d } from '../num/decimal.js';
import { MINUTE_MS } from '../market/funding-schedule.js';
import { defineVenue } from './venue.js';
import { BINANCE_MARK, GENERIC_MARGIN, MEDIAN_INDEX, SETTLEMENT, rate } from './common-rules.js';
import { GENERIC } from './generic.js';
import { requirePart } from './require-part.js';
import { DRIFT_CROSS_COLLATERAL } from './snapshots/collateral.js';

const PROGRAM = 'https://github.com/drift-labs/protocol-v2/blob/master/programs/drift/src';

export const DRIFT_V2 = defineVenue({
  name: 'drift-v2',
  title: 'Drift v2',
  contractKind: 'linear',
  collateral: DRIFT_CROSS_COLLATERAL,
  listedKinds: ['linear'],
  margin: {
    ...GENERIC_MARGIN,
    title: 'Drift v2',
    description:
      "Margin as generic, with the instrument's tier table standing for the market's margin ratios (Drift's " +
      'size premium is not modelled; asset weights with their size discount are the collateral snapshot); liquidation as Drift: just enough to restore ' +
      'maintenance, bankruptcies covered by the insurance fund and then socialised over the open ' +
      'interest (no auto-deleveraging).',
    sources: [`${PROGRAM}/controller/liquidation.rs (liquidate_perp, resolve_perp_bankruptcy)`, `${PROGRAM}/math/margin.rs`],
  },
  market: {
    title: 'Drift v2 perpetual',
    sources: [
      `${PROGRAM}/controller/funding.rs update_funding_rate: hourly; spread = mark TWAP - oracle TWAP + |oracle TWAP| / 5000, clamped to oracle TWAP / 33 (contract tiers A and B), rate = spread / 24 per hour`,
      `${PROGRAM}/math/funding.rs (funding paid in quote per base unit: size x oracle-priced rate)`,
    ],
    assumptions: [
      'premium P = (mark TWAP - oracle TWAP) / oracle TWAP: give samples with markPrice (mark) and indexPrice (oracle) and no impact prices, or give premiumIndex',
      'the |oracle| / 5000 offset is modelled as interest of 0.02%/day (7.3%/year)',
      'cap 1/33 of the oracle per day (tiers A and B), truncated to 18 digits; tier C uses 1/20 and lower tiers 1/10: give capRate/floorRate',
      'one rate for both sides: Drift charges longs and shorts different rates when its AMM is imbalanced (not modelled)',
      'mark and index are the oracle (Drift margins at the oracle price); index = median of the given prices',
    ],
    funding: {
      formula: 'premium-plus-interest',
      premiumReference: 'mark-plus-fair-basis',
      averaging: 'mean',
      minSamples: 0,
      sampleIntervalMs: MINUTE_MS,
      intervalHours: 1,
      scheduleOffsetHours: 0,
      scaling: 'day-prorated',
      interestPerDay: d('0.0002'),
      clampBound: 0n,
      cap: { kind: 'fixed', cap: d('0.030303030303030303'), floor: d('-0.030303030303030303') },
      capTarget: 'formula-rate',
      maxChangeMaintenanceMultiple: null,
      rateLag: 'same-window',
      paymentPrice: 'oracle',
      impactNotional: { kind: 'input' },
    },
    mark: { ...BINANCE_MARK, method: 'oracle' },
    index: MEDIAN_INDEX,
    settlement: SETTLEMENT,
  },
  liquidation: {
    ...requirePart(GENERIC, 'liquidation'),
    deficit: 'socialize',
    // Drift liquidates until total collateral >= maintenance + buffer x liability value.
    restoreBufferRate: rate(20n),
    sources: [
      `${PROGRAM}/math/constants.rs (DEFAULT_LIQUIDATION_MARGIN_BUFFER_RATIO = MARGIN_PRECISION / 50: restore to maintenance + 2% of the liability value)`,
      `${PROGRAM}/controller/liquidation.rs (liquidate just enough to restore margin; resolve_perp_bankruptcy: insurance fund, then the loss socialised over long and short open interest through the cumulative funding rate, no ADL queue)`,
      "fee 0.2%: generic's default; Drift's liquidator and insurance-fund fees are per-market parameters not in our sources",
    ],
    notModelled: ['Drift gradual liquidation (max percent per slot)', 'the perp fee pool between the insurance fund and the socialised loss'],
  },
});
