/**
 * OKX unified account, single-currency margin (not portfolio margin): options by OKX's published
 * option margin rule, its two out-of-the-money conventions as named snapshots (`*-forward`: OTM
 * against the same-expiry forward mark, the help page; `*-underlying`: against the underlying
 * mark, an older copy); futures by the generic tiered model with the instrument's tiers.
 */
import { defineVenue } from './venue.js';
import { requirePart } from './require-part.js';
import { GENERIC } from './generic.js';
import { GENERIC_MARGIN } from './common-rules.js';
import { OKX_OPTION_SNAPSHOTS } from './snapshots/options.js';

const GENERIC_MARKET = requirePart(GENERIC, 'market');
const GENERIC_LIQUIDATION = requirePart(GENERIC, 'liquidation');

export const OKX = defineVenue({
  name: 'okx',
  title: 'OKX unified account (single-currency margin, options)',
  contractKind: 'linear',
  margin: {
    ...GENERIC_MARGIN,
    title: 'OKX single-currency margin',
    description:
      'Short options: IMR = max(a, b - OTM/F) x MF + mark, MMR call = c x MF + mark, put = max(c, c x mark) x MF + mark ' +
      '(USD-margined: the a, b, c terms x index); long options need their premium only; futures by the generic tiered model.',
    sources: ['https://www.okx.com/help/ii-option-margin'],
  },
  market: {
    ...GENERIC_MARKET,
    title: 'OKX (generic funding structure)',
    sources: ['https://www.okx.com/help/ii-option-margin (options margin only; funding not read from OKX)'],
    assumptions: ['OKX funding and mark were not modelled from OKX sources: the generic structure is used', ...GENERIC_MARKET.assumptions],
  },
  liquidation: {
    ...GENERIC_LIQUIDATION,
    sources: ['https://www.okx.com/help/ii-option-margin (options); futures liquidation by the generic restore-to-maintenance step', ...GENERIC_LIQUIDATION.sources],
    notModelled: ['options liquidation fees and the venue\'s own liquidation fee schedule (the generic 0.2% is used)'],
  },
  standardOptions: {
    optionValueInEquity: true,
    liquidationOrder: 'futures-then-short-options',
    options: OKX_OPTION_SNAPSHOTS,
    sizeBasedFutures: [],
    assumptions: [
      'seller position-tier multiplier MF = 1 (tier 1); give another snapshot for higher tiers',
      'the `*-forward` snapshots are chosen by default (the help page); pin `*-underlying` with optionMarginSnapshot',
      'equity counts option value (unified account); liquidation order as Bybit publishes',
      'OKX does not publish a fee cap here; fees are not part of the snapshot',
    ],
  },
});
