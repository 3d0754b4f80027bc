/**
 * OKX perpetual and expiry futures (USDT- and coin-margined), single-currency margin, isolated
 * and cross: position tiers counted in contracts, each priced whole (the tier kernel's `step`
 * rule with `quantity` floors, ADR 0018), liquidation fee (taker rate) held in maintenance;
 * funding = clamp(mean premium, cap, floor) with zero interest; tier-step partial liquidation.
 * Options (unified account, single-currency margin, not portfolio margin) by OKX's published
 * option margin rule, its two out-of-the-money conventions as named snapshots (`*-forward`: OTM
 * against the same-expiry forward mark, the help page; `*-underlying`: against the underlying
 * mark, an older copy); ADR 0011.
 */
import { parseFixed as d } from '../num/decimal.js';
import { MINUTE_MS } from '../market/funding-schedule.js';
import { defineVenue } from './venue.js';
import { OKX_MULTI_CURRENCY } from './snapshots/collateral.js';
import { BINANCE_MARK, GENERIC_MARGIN, QENV_ARCHIVE, SETTLEMENT, TIER_STEP_TAKEOVER_AT_BANKRUPTCY, WEIGHTED_INDEX } from './common-rules.js';
import { OKX_SNAPSHOTS } from './snapshots/okx.js';
import { OKX_OPTION_SNAPSHOTS } from './snapshots/options.js';

const TIERS_RULES = 'https://www.okx.com/help/v-tiered-maintenance-margin-ratio-rules';
const FUNDING = 'https://www.okx.com/help/360053909272';

export const OKX = defineVenue({
  name: 'okx',
  title: 'OKX perpetual and expiry futures',
  contractKind: 'linear',
  collateral: OKX_MULTI_CURRENCY,
  tierSnapshots: OKX_SNAPSHOTS,
  margin: {
    ...GENERIC_MARGIN,
    title: 'OKX futures and perpetual swaps (single-currency margin)',
    description:
      'Position tiers by number of contracts, the whole position at its tier\'s MMR (no deduction: maintenance jumps at each tier); ' +
      'MM = face value x contracts x mark x MMR (linear; / mark for coin-margined) plus the liquidation fee at the taker rate; ' +
      'liquidation at the first price from the mark where margin + UPL < MM + fee (margin ratio 100%); prices to the tick toward the safe side. ' +
      'Short options: IMR = max(a, b - OTM/F) x MF + mark, MMR call = c x MF + mark, put = max(c, c x mark) x MF + mark ' +
      '(USD-margined: the a, b, c terms x index); long options need their premium only.',
    sources: [
      `${TIERS_RULES} (mirror https://okx.huicker.com/fr-fr/help/v-tiered-maintenance-margin-ratio-rules): liquidation when the margin ratio <= 100%, i.e. equity <= maintenance margin + liquidation fees`,
      'https://tr.okx.com/help/tier (margin ratio = (cross balance + cross PnL - fees of pending orders) / MM)',
      'OKX GET /api/v5/public/position-tiers: tiers by minSz / maxSz in contracts with mmr, imr, maxLever (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-position-tiers)',
      `isolated: (margin + UPL) / (face value x |contracts| x mark x (MMR + fee rate)); liquidated below MMR + liquidation fee rate (OKEx text as archived in ${QENV_ARCHIVE} logic/okex.md)`,
      'https://www.okx.com/help/ii-option-margin (options)',
    ],
    maintenanceCloseFee: 'mark',
    tierRule: 'step',
    tierBasis: 'quantity',
  },
  market: {
    title: 'OKX perpetual swap',
    sources: [
      `${FUNDING} (Funding rate = Clamp[MA(Premium Index - Interest), a, b], Interest = 0, premium = [(best bid + best offer) / 2 - index] / index, updated every minute, 8 h; a/b: BTC 0.375%, ADA/ETH/... 0.75%, others 1.5%)`,
      'https://www.okx.com/help/okx-to-optimize-funding-rate-calculation (from 2024-03-05 the average covers the last N hours of minute samples)',
    ],
    assumptions: [
      'premium from the impactBid / impactAsk given: give the best bid and offer; OKX averages (best bid + best offer) / 2 - index, which differs from the impact form while the index lies outside the spread',
      'cap and floor +/-0.75% (ADA, ETH and other majors); BTC uses 0.375%, other currencies 1.5%: give capRate / floorRate',
      'mark price by the Binance median method (OKX\'s mark formula is not in the sources above)',
    ],
    funding: {
      formula: 'premium-plus-interest',
      premiumReference: 'index',
      averaging: 'mean',
      minSamples: 0,
      sampleIntervalMs: MINUTE_MS,
      intervalHours: 8,
      scheduleOffsetHours: 0,
      scaling: 'per-interval',
      interestPerDay: 0n,
      clampBound: 0n,
      cap: { kind: 'fixed', cap: d('0.0075'), floor: d('-0.0075') },
      capTarget: 'formula-rate',
      maxChangeMaintenanceMultiple: null,
      rateLag: 'same-window',
      paymentPrice: 'mark',
      impactNotional: { kind: 'input' },
    },
    mark: BINANCE_MARK,
    index: WEIGHTED_INDEX,
    settlement: SETTLEMENT,
  },
  liquidation: {
    ...TIER_STEP_TAKEOVER_AT_BANKRUPTCY,
    sources: [
      `${TIERS_RULES}: cancel orders, then partial liquidation by tiers, then full liquidation`,
      `partial liquidation steps the position down the tiers; when tier-1 requirements are breached the position is liquidated in full at the bankruptcy price (OKEx text as archived in ${QENV_ARCHIVE} logic/okex.md)`,
    ],
    notModelled: [
      'cross-mode tiers count all expiries of one underlying together (here: each symbol alone)',
      'OKX\'s ADL ranking (not in the sources above): the BitMEX ranking is used',
      'multi-currency and portfolio margin modes',
      'options liquidation fees and the venue\'s own options liquidation fee schedule',
    ],
  },
  standardOptions: {
    optionValueInEquity: true,
    liquidationOrder: 'futures-then-short-options',
    options: OKX_OPTION_SNAPSHOTS,
    sizeBasedFutures: [],
    assumptions: [
      'seller position-tier multiplier MF = 1 (tier 1); give another snapshot for higher tiers',
      'short options are bought back in full in liquidation (no options-specific partial step was found in the public text)',
      'the `*-forward` snapshots are chosen by default (the help page); pin `*-underlying` with optionMarginSnapshot',
      'equity counts option value (unified account); liquidation order as Bybit publishes',
      'OKX does not publish a fee cap here; fees are not part of the snapshot',
    ],
  },
});
