/** The built-in market-data profiles, keyed by the margin profile names (plus `bitmex`). */
import { parseFixed as d } from '../num/decimal.js';
import { MINUTE_MS } from './funding-schedule.js';
import type { FundingRules, IndexRules, MarketProfile, MarkRules, SettlementRules } from './market-profile.js';

const SECOND_MS = 1000;

const BINANCE_FUNDING: FundingRules = {
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

const BINANCE_MARK: MarkRules = {
  method: 'binance-median',
  basisWindowMs: 5 * MINUTE_MS,
  emaTimeConstantMs: 150 * SECOND_MS,
  localEmaTimeConstantMs: 30 * SECOND_MS,
  bandRate: null,
};

const WEIGHTED_INDEX: IndexRules = {
  method: 'weighted-mean',
  staleAfterMs: 10 * SECOND_MS,
  maxDeviation: d('0.05'),
  defaultWeights: {},
};

const SETTLEMENT: SettlementRules = { twapWindowMs: 30 * MINUTE_MS, twapMethod: 'time-weighted' };

const BINANCE_SOURCES = [
  'https://www.binance.com/en/support/articles/360033525031 (funding: F = P + clamp(I - P, 0.05%, -0.05%), I = 0.03%/day)',
  'https://www.binance.com/en/support/faq/fff6ec1b3f5845d19f1fb924644a0877 (mark = median(Price 1, Price 2, contract price))',
  'shared/reference/exchanges.md sections 1.5-1.6 (IMN = 200 USDT / IMR, cap k x MMR with k = 0.75, index 5% / 10 s rules)',
];

const GENERIC: MarketProfile = {
  name: 'generic',
  title: 'Generic perpetual funding',
  sources: ['shared/DESIGN.md section 4', 'shared/reference/exchanges.md section 1.6 (the common formula)'],
  assumptions: [
    'plain mean of premium samples; no cap unless capRate/floorRate or a maintenance rate and capMultiplier are given',
    'mark = index x (1 + funding rate x time to funding / interval) (the BitMEX / Binance 2019 fair price)',
  ],
  funding: { ...BINANCE_FUNDING, averaging: 'mean', cap: { kind: 'none' }, impactNotional: { kind: 'input' } },
  mark: { ...BINANCE_MARK, method: 'funding-basis' },
  index: WEIGHTED_INDEX,
  settlement: SETTLEMENT,
};

const BINANCE_USDM: MarketProfile = {
  name: 'binance-usdm',
  title: 'Binance USDⓈ-M perpetual',
  sources: BINANCE_SOURCES,
  assumptions: [
    'interest for intervals other than 8 h is 0.03%/day x interval / 24 h (Binance states 0.01% per 8 h interval)',
    'basis moving average over 5 minutes ("commonly cited", exchanges.md 1.5: not visible in the USDⓈ-M FAQ copy)',
    'cap and floor both use the maintenance rate (a FAQ copy hints that the cap may use the initial rate; give capRate/floorRate to override)',
  ],
  funding: BINANCE_FUNDING,
  mark: BINANCE_MARK,
  index: WEIGHTED_INDEX,
  settlement: SETTLEMENT,
};

const BINANCE_COINM: MarketProfile = {
  ...BINANCE_USDM,
  name: 'binance-coinm',
  title: 'Binance COIN-M perpetual',
  sources: [...BINANCE_SOURCES, 'COIN-M FAQ: basis MA = 30 samples every 5 s (2.5 minutes); IMN = 200 USD / IMR'],
  assumptions: BINANCE_USDM.assumptions.filter((text) => !text.startsWith('basis moving average')),
  mark: { ...BINANCE_MARK, basisWindowMs: 150 * SECOND_MS },
};

const BYBIT_ASSUMPTIONS = [
  'Bybit funding is not covered by shared/reference: the Binance structure is assumed (F = P + clamp(I - P, +-0.05%), I = 0.03%/day, 8 h)',
  'plain mean of premium samples; caps are per symbol: give capRate/floorRate; give impactNotional',
  'mark = median(Price 1, Price 2, last) as Binance',
];

const BYBIT_LINEAR: MarketProfile = {
  name: 'bybit-linear',
  title: 'Bybit USDT perpetual',
  sources: ['shared/reference/exchanges.md section 1.6 (common formula)'],
  assumptions: BYBIT_ASSUMPTIONS,
  funding: { ...BINANCE_FUNDING, averaging: 'mean', cap: { kind: 'none' }, impactNotional: { kind: 'input' } },
  mark: BINANCE_MARK,
  index: WEIGHTED_INDEX,
  settlement: SETTLEMENT,
};

const BYBIT_INVERSE: MarketProfile = { ...BYBIT_LINEAR, name: 'bybit-inverse', title: 'Bybit inverse perpetual' };

const DYDX_V4: MarketProfile = {
  name: 'dydx-v4',
  title: 'dYdX v4',
  sources: [
    'dydxprotocol/v4-documentation docs/pages/concepts/trading/funding.mdx (shared/reference/exchanges.md section 6)',
    'dydxprotocol/v4-chain protocol/x/perpetuals/keeper/perpetual.go MaybeProcessNewFundingTickEpoch: rate = premium + default funding, clamped to clamp factor x (IM - MM), prorated per hour; samples padded with zeros to the minimum count',
  ],
  assumptions: ['index = median of the given exchange prices (the oracle is the median of validators\' medians)'],
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
  index: { method: 'weighted-median', staleAfterMs: null, maxDeviation: null, defaultWeights: {} },
  settlement: SETTLEMENT,
};

const HYPERLIQUID: MarketProfile = {
  name: 'hyperliquid',
  title: 'Hyperliquid perpetuals',
  sources: [
    'https://hyperliquid.gitbook.io/hyperliquid-docs/trading/funding (restated at hyperliquid-co.gitbook.io/wiki/.../funding and docs.notional.xyz/protocol/funding)',
    'https://hyperliquid.gitbook.io/hyperliquid-docs/trading/robust-price-indices (mark)',
    'https://hyperliquid.gitbook.io/hyperliquid-docs/hyperliquid-l1/oracle (oracle weights)',
    'shared/reference/exchanges.md section 7',
  ],
  assumptions: ['impact notional 20,000 USDC is published for BTC and ETH only: give impactNotional for other assets'],
  funding: {
    formula: 'interest-clamp',
    premiumReference: 'index',
    averaging: 'mean',
    minSamples: 0,
    sampleIntervalMs: 5 * SECOND_MS,
    intervalHours: 1,
    scheduleOffsetHours: 0,
    scaling: 'eight-hour-prorated',
    interestPerDay: d('0.0003'),
    clampBound: d('0.0005'),
    cap: { kind: 'fixed', cap: d('0.04'), floor: d('-0.04') },
    capTarget: 'payment-rate',
    maxChangeMaintenanceMultiple: null,
    rateLag: 'same-window',
    paymentPrice: 'oracle',
    impactNotional: { kind: 'fixed', notional: d('20000') },
  },
  mark: { ...BINANCE_MARK, method: 'hyperliquid-median' },
  index: {
    method: 'weighted-median',
    staleAfterMs: null,
    maxDeviation: null,
    defaultWeights: { binance: '3', okx: '2', bybit: '2', kraken: '1', kucoin: '1', gate: '1', mexc: '1', hyperliquid: '1' },
  },
  settlement: SETTLEMENT,
};

const BITMEX: MarketProfile = {
  name: 'bitmex',
  title: 'BitMEX perpetual swap (funding variants only)',
  sources: [
    'https://www.bitmex.com/app/perpetualContractsGuideExamples (F = (quote - base) / 3 per 8 h; funding = mark value x F)',
    'https://blog.bitmex.com/site_announcement/reduction-in-base-maintenance-margin-xbt-and-eth-series-17-april-2020-2/ (|F| <= 75% x (IM - MM), change <= 75% of MM)',
    'shared/reference/exchanges.md sections 4.1-4.3 (fair price, premium with fair basis, previous window)',
  ],
  assumptions: [
    'default interest 0.03%/day (0.01% per 8 h) when quote and base rates are not given',
    'plain mean of minute samples (the 8 h TWAP of equally spaced samples)',
  ],
  funding: {
    ...BINANCE_FUNDING,
    premiumReference: 'mark-plus-fair-basis',
    averaging: 'mean',
    sampleIntervalMs: MINUTE_MS,
    scheduleOffsetHours: 4,
    cap: { kind: 'margin-difference', multiplier: d('0.75') },
    maxChangeMaintenanceMultiple: d('0.75'),
    rateLag: 'next-window',
    impactNotional: { kind: 'input' },
  },
  mark: { ...BINANCE_MARK, method: 'funding-basis' },
  index: WEIGHTED_INDEX,
  settlement: SETTLEMENT,
};

export const MARKET_PROFILES: readonly MarketProfile[] = [
  GENERIC,
  BINANCE_USDM,
  BINANCE_COINM,
  BYBIT_LINEAR,
  BYBIT_INVERSE,
  DYDX_V4,
  HYPERLIQUID,
  BITMEX,
];

export const MARKET_PROFILE_NAMES: readonly string[] = MARKET_PROFILES.map((profile) => profile.name);

export function findMarketProfile(name: string): MarketProfile | undefined {
  return MARKET_PROFILES.find((profile) => profile.name === name);
}
