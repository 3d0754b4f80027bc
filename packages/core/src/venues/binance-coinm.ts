/** Binance COIN-M futures: binance-usdm's rules for inverse contracts, values in the settle coin. */
import { defineVenue } from './venue.js';
import { BINANCE_MARK, SECOND_MS } from './common-rules.js';
import { BINANCE_MARKET_SOURCES, BINANCE_USDM } from './binance-usdm.js';
import { BINANCE_COINM_SNAPSHOTS } from './snapshots/binance.js';
import { requirePart } from './require-part.js';

const usdm = { margin: requirePart(BINANCE_USDM, 'margin'), market: requirePart(BINANCE_USDM, 'market'), liquidation: requirePart(BINANCE_USDM, 'liquidation') };

export const BINANCE_COINM = defineVenue({
  name: 'binance-coinm',
  title: 'Binance COIN-M futures',
  contractKind: 'inverse',
  listedKinds: ['inverse'],
  tierSnapshots: BINANCE_COINM_SNAPSHOTS,
  margin: {
    ...usdm.margin,
    title: 'Binance COIN-M futures',
    description: 'As binance-usdm for inverse contracts: balances, margins and amounts in the settle coin.',
    sources: ['https://www.binance.com/es/support/faq/ceccfcfb4e3a45e3b48b0b1bb1a8ae46'],
  },
  market: {
    ...usdm.market,
    title: 'Binance COIN-M perpetual',
    sources: [...BINANCE_MARKET_SOURCES, 'COIN-M FAQ: basis MA = 30 samples every 5 s (2.5 minutes); IMN = 200 USD / IMR'],
    assumptions: usdm.market.assumptions.filter((text) => !text.startsWith('basis moving average')),
    mark: { ...BINANCE_MARK, basisWindowMs: 150 * SECOND_MS },
  },
  liquidation: { ...usdm.liquidation, ownFundSymbols: [] },
});
