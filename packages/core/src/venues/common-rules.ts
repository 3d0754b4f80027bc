/**
 * Building blocks several venue records share: the generic margin switches, the common funding
 * structure (first published by Binance and reused by Bybit and BitMEX), the weighted index,
 * settlement and the E18 rate helper. Venue records spread these and override what differs.
 */
import { parseFixed as d } from '../num/decimal.js';
import type { Fixed } from '../num/fixed.js';
import { MINUTE_MS } from '../market/funding-schedule.js';
import type { FundingRules, IndexRules, MarkRules, SettlementRules } from '../market/market-profile.js';
import type { Profile } from '../profile/profile.js';
import type { LiquidationRules } from '../liquidation/liquidation-rules.js';

export const SECOND_MS = 1000;

/** Margin switches of the generic methodology; venues override what they do differently. */
export const GENERIC_MARGIN: Omit<Profile, 'name' | 'tierSnapshots'> = {
  title: 'Generic tiered margin',
  description:
    'Notional at the mark; IM = notional / min(leverage, tier max); MM = notional x rate - amount; ' +
    'liquidation where equity = MM, bankruptcy where equity = 0; prices rounded to the tick toward the safe side.',
  sources: ['docs/glossary.md (this project: equity = MM at the liquidation price, equity = 0 at the bankruptcy price)'],
  positionValueBasis: 'mark',
  initialMargin: 'leverage',
  maintenanceCloseFee: 'none',
  orderMarginReducesPool: false,
  bankruptcyCloseFee: false,
  priceRounding: 'tick',
  priceDecimals: 8,
  maintenanceRate: 'required',
  markPriceMeaning: 'mark price',
  moneyDecimals: 8,
  ratioDecimals: 10,
};

/** Binance's funding: F = P + clamp(I - P, -0.05%, 0.05%) per 8 h, linear-weighted premium, cap k x MMR. */
export const BINANCE_FUNDING: FundingRules = {
  formula: 'interest-clamp',
  premiumReference: 'index',
  averaging: 'linear-weighted',
  minSamples: 0,
  sampleIntervalMs: 5 * SECOND_MS,
  intervalHours: 8,
  scheduleOffsetHours: 0,
  scaling: 'per-interval',
  interestPerDay: d('0.0003'),
  clampBound: d('0.0005'),
  cap: { kind: 'maintenance-multiple', multiplier: d('0.75') },
  capTarget: 'formula-rate',
  maxChangeMaintenanceMultiple: null,
  rateLag: 'same-window',
  paymentPrice: 'mark',
  impactNotional: { kind: 'margin-over-initial-rate', margin: d('200') },
};

export const BINANCE_MARK: MarkRules = {
  method: 'binance-median',
  basisWindowMs: 5 * MINUTE_MS,
  emaTimeConstantMs: 150 * SECOND_MS,
  localEmaTimeConstantMs: 30 * SECOND_MS,
  bandRate: null,
};

export const WEIGHTED_INDEX: IndexRules = {
  method: 'weighted-mean',
  staleAfterMs: 10 * SECOND_MS,
  maxDeviation: d('0.05'),
  defaultWeights: {},
};

export const MEDIAN_INDEX: IndexRules = { method: 'weighted-median', staleAfterMs: null, maxDeviation: null, defaultWeights: {} };

export const SETTLEMENT: SettlementRules = { twapWindowMs: 30 * MINUTE_MS, twapMethod: 'time-weighted' };

export const E18 = 10n ** 18n;

/** A rate given as an integer over 10^scale: `rate(75n, 4n)` is 0.0075. */
export const rate = (units: bigint, scale = 3n): Fixed => (units * E18) / 10n ** scale;

export const BINANCE_FUNDING_FAQ = 'https://www.binance.com/en/support/articles/360033525031';
export const BITMEX_ADL = 'https://www.bitmex.com/app/adl';
export const QENV_ARCHIVE = 'https://github.com/bradkyle/Qenv';

/**
 * BitMEX's liquidation mechanism, which Bybit's classic contracts copied: step the position down the
 * risk limits, take it over at the bankruptcy price (no separate fee: the gain against the
 * bankruptcy price is the fund's), then deleverage by the BitMEX ranking. Records add their sources.
 */
export const TIER_STEP_TAKEOVER_AT_BANKRUPTCY: Omit<LiquidationRules, 'profile' | 'sources' | 'notModelled'> = {
  partial: 'tier-step',
  chunkNotional: null,
  chunkFraction: null,
  feeSchedule: [{ minMaxLeverage: 0n, rate: 0n }],
  settleAtBankruptcy: true,
  backstopBelow: null,
  deficit: 'adl',
  adlRanking: 'bitmex',
  fundScope: 'asset',
  ownFundSymbols: [],
};
