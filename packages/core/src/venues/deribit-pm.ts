/**
 * Deribit portfolio margin (S:PM, per settlement currency). Parameters as in Deribit's
 * `private/pme/simulate` example responses; BTC and ETH inverse; the USDC linear set is ours.
 */
import type { DeribitPmParams } from '../portfolio/deribit-pm/params.js';
import type { GridVenue } from './portfolio-venue.js';

const EXTENDED_MOVES = [-0.66, -0.33, 0.5, 1, 2, 3, 4, 5];

const BTC: DeribitPmParams = {
  currency: 'BTC',
  settlement: 'inverse',
  priceRange: 0.16,
  bucketsPerSide: 4,
  volRangeUp: 0.5,
  volRangeDown: 0.25,
  shortTermVegaPower: 0.3,
  longTermVegaPower: 0.13,
  vegaPowerSwitchDays: 30,
  minVolatilityForShockUp: 0.5,
  extendedMoves: EXTENDED_MOVES,
  extendedDampener: 100000,
  pnlOffset: 0,
  minAnnualisedMove: 0.01,
  maintenanceFactor: '0.8',
};

export const DERIBIT_PM: GridVenue = {
  name: 'deribit-pm',
  title: 'Deribit portfolio margin (risk matrix per settlement currency)',
  method: 'grid',
  snapshotDate: '2026-02-01',
  currencies: {
    BTC,
    ETH: { ...BTC, currency: 'ETH', priceRange: 0.18, volRangeUp: 0.4, extendedDampener: 200000, pnlOffset: 0.6, minAnnualisedMove: 0.005 },
    USDC: { ...BTC, currency: 'USDC', settlement: 'linear', extendedDampener: 25000 },
  },
  sources: [
    'https://support.deribit.com/hc/en-us/articles/25944756247837-Portfolio-Margin',
    'https://docs.deribit.com/api-reference/account-management/private-simulate (parameters and vectors of the example responses)',
    'https://docs.paradex.trade/risk/portfolio-margin (volatility shock formula IV x (1 +- range x (30/DTE)^power), extended weights range/|move|, used for options; a future takes the capped move, as Deribit\'s vectors show)',
    'https://support.deribit.com/hc/en-us/articles/25944688327069-Inverse-Options (coin P&L)',
  ],
  notModelled: [
    'delta shock (max_delta_shock, delta_total_liq_shock_threshold): formula unpublished; 0 in the published examples',
    'correlation contingency, MMP, open-order and spot margin (account parts beside the risk matrix)',
    'roll shock for longer-dated futures (annualised_move_risk x T): only min_annualised_move per unit, as observed',
    'the exact extended-table fraction and dampener: ours are the Paradex weights and a subtracted USD dampener',
    'cross-collateral X:PM (USD valuation, haircuts): one settlement currency at a time',
  ],
};
