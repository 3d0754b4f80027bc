/**
 * Deribit standard margin, one account per settle currency: inverse (coin) and linear (USDC)
 * options with the 0.15 / 0.10 / 0.075 rule, futures and perpetuals with size-based IM/MM
 * (rate = base + 0.005% per coin of position size, on the whole position). Options and futures of
 * one settle currency share the account; equity counts the options' mark value.
 */
import { defineVenue } from './venue.js';
import { DERIBIT_CROSS_COLLATERAL } from './snapshots/collateral.js';
import { requirePart } from './require-part.js';
import { GENERIC } from './generic.js';
import { GENERIC_MARGIN } from './common-rules.js';
import { rows } from '../profile/tier-snapshot.js';
import { DERIBIT_FUTURES_SNAPSHOTS, DERIBIT_OPTION_SNAPSHOTS } from './snapshots/options.js';

const GENERIC_MARKET = requirePart(GENERIC, 'market');
const GENERIC_LIQUIDATION = requirePart(GENERIC, 'liquidation');

export const DERIBIT = defineVenue({
  name: 'deribit',
  title: 'Deribit standard margin (futures, perpetuals, options)',
  contractKind: 'inverse',
  collateral: DERIBIT_CROSS_COLLATERAL,
  tierSnapshots: [
    {
      symbol: 'BTC-PERPETUAL',
      asOf: '2026-11-27',
      source:
        'https://www.deribit.com/kb/futures: IM 4% + size x 0.005%, MM 2% + size x 0.005% (size in BTC); this one-row table is the ' +
        'size-0 rate used where the tier model applies (engine); margin risk applies the size term (standardOptions.sizeBasedFutures)',
      tiers: rows(['0', '0.02', '25']),
    },
  ],
  margin: {
    ...GENERIC_MARGIN,
    title: 'Deribit standard margin',
    description:
      'Futures IM/MM = notional x (base + 0.005% x size in coins) (size-based, from the dated snapshot); short options by ' +
      'the 0.15/0.10/0.075 rule plus the option mark; long options need their premium only; equity = balance + futures PnL + options value.',
    sources: ['https://www.deribit.com/kb/futures', 'https://support.deribit.com/hc/en-us/articles/25944688327069-Inverse-Options'],
  },
  market: {
    ...GENERIC_MARKET,
    title: 'Deribit (generic funding structure)',
    sources: ['https://legacy.deribit.com/pages/docs/futures (mark = index + 30 s EMA of the futures market price minus the index; not modelled: the generic funding-basis mark is used)'],
    assumptions: ['Deribit funding and mark were not modelled from Deribit sources: the generic structure is used', ...GENERIC_MARKET.assumptions],
  },
  liquidation: {
    ...GENERIC_LIQUIDATION,
    sources: ['https://www.deribit.com/kb/futures: positions are reduced incrementally while equity < MM (the generic restore-to-maintenance step)', ...GENERIC_LIQUIDATION.sources],
    notModelled: ['options liquidation fees and the venue\'s own liquidation fee schedule (the generic 0.2% is used)'],
  },
  standardOptions: {
    optionValueInEquity: true,
    liquidationOrder: 'futures-then-short-options',
    shortOptionLiquidation: {
      rule: 'restore',
      source: 'https://support.deribit.com/hc/en-us/articles/25944769313309-Liquidations: incremental liquidation, a part of the positions closed per step until the maintenance margin is below the margin balance again; https://www.deribit.com/docs/auto-liquidation/: 1 option contract per step',
    },
    options: DERIBIT_OPTION_SNAPSHOTS,
    sizeBasedFutures: DERIBIT_FUTURES_SNAPSHOTS,
    assumptions: [
      'options rule read from a third-party copy of Deribit\'s page (Deribit\'s own page was not retrievable); linear (USDC) constants assumed equal to inverse, as BIT publishes for its Deribit-style USD options',
      'start dates of the snapshots were not published: the current options snapshot applies to every earlier time; the legacy futures parameters are taken to end on 2021-01-01',
      'liquidation closes futures before short options (Bybit\'s published order, assumed for Deribit)',
    ],
  },
});
