/** dYdX v4: IMF/MMF liquidity tiers at the oracle price, hourly prorated funding, full liquidation with a capped penalty. */
import { parseFixed as d } from '../num/decimal.js';
import { MINUTE_MS } from '../market/funding-schedule.js';
import { defineVenue } from './venue.js';
import { BINANCE_MARK, BITMEX_ADL, GENERIC_MARGIN, MEDIAN_INDEX, SETTLEMENT, rate } from './common-rules.js';
import { DYDX_SNAPSHOTS } from './snapshots/dydx.js';

const DOCS = 'https://github.com/dydxprotocol/v4-documentation/blob/main/docs/pages/concepts/trading';

export const DYDX_V4 = defineVenue({
  name: 'dydx-v4',
  title: 'dYdX v4',
  contractKind: 'linear',
  listedKinds: ['linear'],
  tierSnapshots: DYDX_SNAPSHOTS,
  margin: {
    ...GENERIC_MARGIN,
    title: 'dYdX v4',
    description:
      'IM = |S x P x IMF| and MM = |S x P x MMF| at the oracle price; no user leverage (IMF of the ' +
      'liquidity tier); liquidation where equity = total MM.',
    sources: [`${DOCS}/margin.mdx`],
    initialMargin: 'tier',
    markPriceMeaning: 'oracle price',
  },
  market: {
    title: 'dYdX v4',
    sources: [
      `${DOCS}/funding.mdx`,
      'https://github.com/dydxprotocol/v4-chain/blob/main/protocol/x/perpetuals/keeper/perpetual.go MaybeProcessNewFundingTickEpoch: rate = premium + default funding, clamped to clamp factor x (IM - MM), prorated per hour; samples padded with zeros to the minimum count',
    ],
    assumptions: ["index = median of the given exchange prices (the oracle is the median of validators' medians)"],
    funding: {
      formula: 'premium-plus-interest',
      premiumReference: 'index',
      averaging: 'mean',
      minSamples: 60,
      sampleIntervalMs: MINUTE_MS,
      intervalHours: 1,
      scheduleOffsetHours: 0,
      scaling: 'eight-hour-prorated',
      interestPerDay: 0n,
      clampBound: 0n,
      cap: { kind: 'margin-difference', multiplier: d('6') },
      capTarget: 'formula-rate',
      maxChangeMaintenanceMultiple: null,
      rateLag: 'same-window',
      paymentPrice: 'oracle',
      impactNotional: { kind: 'margin-over-initial-rate', margin: d('500') },
    },
    mark: { ...BINANCE_MARK, method: 'oracle' },
    index: MEDIAN_INDEX,
    settlement: SETTLEMENT,
  },
  liquidation: {
    partial: 'full',
    chunkNotional: null,
    chunkFraction: null,
    feeSchedule: [{ minMaxLeverage: 0n, rate: rate(15n) }],
    settleAtBankruptcy: false,
    backstopBelow: null,
    deficit: 'adl',
    adlRanking: 'bitmex',
    fundScope: 'asset',
    ownFundSymbols: [],
    sources: [
      `${DOCS}/liquidations.mdx: liquidation order for the position, maximum liquidation penalty 1.5% to the insurance fund`,
      'https://github.com/dydxprotocol/v4-chain/blob/main/protocol/x/clob/keeper/deleveraging.go: deleveraging against opposite-side subaccounts at the bankruptcy price when the fund cannot cover',
    ],
    notModelled: [
      'fillable price (SMMR x MMF x bankruptcy adjustment) and per-block liquidation caps',
      `deleveraging order: dYdX starts at a pseudo-random subaccount; a deterministic engine ranks (BitMEX formula, ${BITMEX_ADL}) instead`,
    ],
  },
});
