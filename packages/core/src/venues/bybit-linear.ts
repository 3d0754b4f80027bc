/** Bybit USDT perpetual (classic): position value at entry, fee to close in MM and BP, laddered liquidation at the bankruptcy price. */
import { defineVenue } from './venue.js';
import { BYBIT_UTA } from './snapshots/collateral.js';
import { BINANCE_FUNDING, BINANCE_FUNDING_FAQ, BINANCE_MARK, BITMEX_ADL, GENERIC_MARGIN, SETTLEMENT, WEIGHTED_INDEX, TIER_STEP_TAKEOVER_AT_BANKRUPTCY } from './common-rules.js';
import { BYBIT_LINEAR_SNAPSHOTS } from './snapshots/bybit.js';
import { BYBIT_OPTION_SNAPSHOTS } from './snapshots/options.js';

const BYBIT_ADL = 'https://help.bybit.com/hc/en-us/articles/900000031623';

export const BYBIT_LINEAR = defineVenue({
  name: 'bybit-linear',
  title: 'Bybit USDT perpetual (classic)',
  contractKind: 'linear',
  collateral: BYBIT_UTA,
  listedKinds: ['linear'],
  tierSnapshots: BYBIT_LINEAR_SNAPSHOTS,
  margin: {
    ...GENERIC_MARGIN,
    title: 'Bybit USDT perpetual (classic)',
    description:
      'Position value at entry for IM, MM and the risk-limit tier; MM includes the fee to close at the ' +
      'bankruptcy price when a taker fee rate is given; bankruptcy price leaves room for that fee.',
    sources: [
      'https://testnet.bybit.com/en-US/help-center/s/article/Liquidation-Price-USDT-Contract',
      'https://help.bybit.com/hc/en-us/articles/360039261334',
      'https://byhkbit.com/es-MX/help-center/article/Risk-Limit-USDT-Contract (risk limits: MM = position value x MMR - deduction)',
    ],
    positionValueBasis: 'entry',
    maintenanceCloseFee: 'bankruptcy',
    orderMarginReducesPool: true,
    bankruptcyCloseFee: true,
  },
  market: {
    title: 'Bybit USDT perpetual',
    sources: [`${BINANCE_FUNDING_FAQ} (the common formula, assumed for Bybit)`],
    assumptions: [
      'Bybit funding was not read from a Bybit source: the Binance structure is assumed (F = P + clamp(I - P, +-0.05%), I = 0.03%/day, 8 h)',
      'plain mean of premium samples; caps are per symbol: give capRate/floorRate; give impactNotional',
      'mark = median(Price 1, Price 2, last) as Binance',
    ],
    funding: { ...BINANCE_FUNDING, averaging: 'mean', cap: { kind: 'none' }, impactNotional: { kind: 'input' } },
    mark: BINANCE_MARK,
    index: WEIGHTED_INDEX,
    settlement: SETTLEMENT,
  },
  liquidation: {
    ...TIER_STEP_TAKEOVER_AT_BANKRUPTCY,
    sources: [
      'https://byhkbit.com/es-MX/help-center/article/Risk-Limit-USDT-Contract: laddered liquidation steps the position down the risk-limit tiers',
      `Bybit "Bankruptcy Price (USDT Contract)" and ${BYBIT_ADL}: the position is closed at the bankruptcy price; surplus vs the bankruptcy price goes to the insurance fund, a deficit is covered by it`,
      `${BYBIT_ADL}: ADL ranked by profit and effective leverage (the exact Bybit formula is not published; BitMEX's, ${BITMEX_ADL}, is used)`,
    ],
    notModelled: ['maker fee charged to the deleveraged trader', '2025 pool-level ADL triggers (drawdown of the fund)'],
  },
  standardOptions: {
    // Bybit cross margin balance = wallet + perpetual PnL, no option value (Bybit UTA glossary).
    optionValueInEquity: false,
    liquidationOrder: 'futures-then-short-options',
    shortOptionLiquidation: {
      rule: 'full',
      source: 'Bybit "Liquidation Process (Options)" (help center article 000001547): if the account MM rate still hits 100% after the perpetuals, all short option positions are liquidated, in the order of the margin they release',
    },
    options: BYBIT_OPTION_SNAPSHOTS,
    sizeBasedFutures: [],
    assumptions: ['USDC options margined in the same cross pool as the USDT perpetuals when they share the settle asset'],
  },
});
