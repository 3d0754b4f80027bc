/** Binance USDⓈ-M futures: leverage brackets, median mark, linear-weighted premium, tier-step liquidation. */
import { defineVenue } from './venue.js';
import { BINANCE_MULTI_ASSETS } from './snapshots/collateral.js';
import { BINANCE_FUNDING, BINANCE_FUNDING_FAQ, BINANCE_MARK, E18, GENERIC_MARGIN, QENV_ARCHIVE, SETTLEMENT, WEIGHTED_INDEX, rate } from './common-rules.js';
import { BINANCE_USDM_SNAPSHOTS } from './snapshots/binance.js';

export const BINANCE_MARKET_SOURCES = [
  `${BINANCE_FUNDING_FAQ} (funding: F = P + clamp(I - P, 0.05%, -0.05%), I = 0.03%/day; impact margin notional = 200 USDT / IMR at max leverage)`,
  'https://www.binance.com/en/support/faq/fff6ec1b3f5845d19f1fb924644a0877 (mark = median(Price 1, Price 2, contract price))',
  'https://www.binance.com/en/support/announcement/further-updates-on-leverage-and-margin-tiers-of-usd%E2%93%A2-m-dodobusd-perpetual-contract-2023-08-08-f4f4bc3876314367a034e817966db415 (cap = k x MMR, k = 0.75, raised to 1 for some symbols)',
  `index: a source more than 5% from the median, or silent for 10 s, gets weight 0 (Binance text as archived in ${QENV_ARCHIVE})`,
];

export const BINANCE_USDM = defineVenue({
  name: 'binance-usdm',
  title: 'Binance USDⓈ-M futures',
  contractKind: 'linear',
  collateral: BINANCE_MULTI_ASSETS,
  listedKinds: ['linear'],
  tierSnapshots: BINANCE_USDM_SNAPSHOTS,
  margin: {
    ...GENERIC_MARGIN,
    title: 'Binance USDⓈ-M futures',
    description:
      'Leverage brackets with cumulative maintenance amounts; liquidation price from ' +
      'WB - TMM1 + UPNL1 + cum = MM, re-solved in the bracket of the liquidation price; no fee to close; ' +
      'prices reported to 8 decimals (toward the safe side), as the positionRisk API does.',
    sources: [
      'https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93',
      'Binance GET /fapi/v1/positionRisk response example: "liquidationPrice": "6170.20509059" (8 decimals, not the tick)',
      'https://www.binance.com/en/support/faq/87fa7ee33b574f7084d42bd2ce2e463b (cost to open = initial margin + open loss; open loss = contracts x |min(0, direction x (mark - order price))|: a gain is not credited)',
    ],
    priceRounding: 'decimals',
    openingGain: 'excluded',
  },
  market: {
    title: 'Binance USDⓈ-M perpetual',
    sources: BINANCE_MARKET_SOURCES,
    assumptions: [
      'interest for intervals other than 8 h is 0.03%/day x interval / 24 h (Binance states 0.01% per 8 h interval)',
      'basis moving average over 5 minutes (commonly cited; not visible in the USDⓈ-M FAQ copy we read)',
      'cap and floor both use the maintenance rate (a FAQ copy hints that the cap may use the initial rate; give capRate/floorRate to override)',
    ],
    funding: BINANCE_FUNDING,
    mark: BINANCE_MARK,
    index: WEIGHTED_INDEX,
    settlement: SETTLEMENT,
  },
  liquidation: {
    partial: 'tier-step',
    chunkNotional: null,
    chunkFraction: null,
    feeSchedule: [
      { minMaxLeverage: 100n * E18, rate: rate(3n) },
      { minMaxLeverage: 75n * E18, rate: rate(5n) },
      { minMaxLeverage: 0n, rate: rate(75n, 4n) },
    ],
    settleAtBankruptcy: false,
    backstopBelow: null,
    deficit: 'adl',
    adlRanking: 'binance',
    fundScope: 'asset',
    ownFundSymbols: ['BTCUSDT', 'ETHUSDT'],
    sources: [
      `Binance futures liquidation (2019 docs, archived in ${QENV_ARCHIVE}): open orders cancelled, then an order to reduce; if still deficient the insurance fund takes over at the bankruptcy price; historic clearance fee 0.3% BTCUSDT, 0.5% 75x contracts, 0.75% 50x contracts`,
      'https://www.binance.com/en/support/articles/360033525371-Insurance-Fund (BTCUSDT and ETHUSDT have their own funds)',
      'https://www.binance.com/en/support/faq/360033525471 (ADL ranking by leverage-PnL quantile)',
    ],
    notModelled: ['current clearance fee schedule (not published)', 'max net notional check of the fund'],
  },
});
