/**
 * Market-data methodology per venue ("funding profiles"): how the index, the premium, the funding
 * rate, the mark price and expiry settlement are computed. Each venue record (core/src/venues)
 * holds one, under the venue's name. Data plus named
 * formula variants, never a fork of the code; every value carries its source in `sources`, and
 * what is assumed rather than published is listed in `assumptions`.
 */
import type { Fixed } from '../num/fixed.js';
import type { PremiumAveraging, PremiumReference } from './premium.js';

/** `interest-clamp`: F = P + clamp(I - P, -c, c). `premium-plus-interest`: F = P + I (dYdX). */
export type FundingFormula = 'interest-clamp' | 'premium-plus-interest';

/**
 * `per-interval`: the formula gives the rate of one funding interval (Binance, Bybit, BitMEX;
 * interest scaled to the interval). `eight-hour-prorated`: the formula gives an 8-hour rate and
 * each payment is that x interval / 8 h (Hyperliquid pays F/8 hourly, dYdX prorates hourly).
 * `day-prorated`: the formula gives a 24-hour rate, each payment is that x interval / 24 h (Drift
 * pays the daily mark-oracle spread / 24 every hour).
 */
export type RateScaling = 'per-interval' | 'eight-hour-prorated' | 'day-prorated';

export type CapRule =
  | { readonly kind: 'none' }
  | { readonly kind: 'fixed'; readonly cap: Fixed; readonly floor: Fixed }
  /** Binance: |F| <= k x maintenance rate (k = 0.75 by default, 1 for some symbols). */
  | { readonly kind: 'maintenance-multiple'; readonly multiplier: Fixed }
  /** BitMEX: |F| <= 75% x (IM - MM); dYdX: |F(8h)| <= 600% x (IMF - MMF). */
  | { readonly kind: 'margin-difference'; readonly multiplier: Fixed };

/** Whether the cap bounds the formula's rate or the rate of each payment. */
export type CapTarget = 'formula-rate' | 'payment-rate';

export type ImpactNotionalRule =
  /** notional = margin / initial rate at max leverage (Binance 200 USDT, dYdX 500 USDC / IMF). */
  | { readonly kind: 'margin-over-initial-rate'; readonly margin: Fixed }
  | { readonly kind: 'fixed'; readonly notional: Fixed }
  | { readonly kind: 'input' };

export type PaymentPrice = 'mark' | 'oracle';
export type RateLag = 'same-window' | 'next-window';

export interface FundingRules {
  readonly formula: FundingFormula;
  readonly premiumReference: PremiumReference;
  readonly averaging: PremiumAveraging;
  /** Averages divide by at least this many samples (dYdX pads with zero premiums). */
  readonly minSamples: number;
  readonly sampleIntervalMs: number;
  readonly intervalHours: number;
  readonly scheduleOffsetHours: number;
  readonly scaling: RateScaling;
  /** Interest per day; the formula uses interestPerDay x basis hours / 24. */
  readonly interestPerDay: Fixed;
  /** c of the interest clamp. */
  readonly clampBound: Fixed;
  readonly cap: CapRule;
  readonly capTarget: CapTarget;
  /** BitMEX: the rate may move at most this multiple of the maintenance rate between intervals. */
  readonly maxChangeMaintenanceMultiple: Fixed | null;
  /** BitMEX pays the rate computed over one window at the end of the next one. */
  readonly rateLag: RateLag;
  readonly paymentPrice: PaymentPrice;
  readonly impactNotional: ImpactNotionalRule;
}

export const MARK_METHODS = ['binance-median', 'funding-basis', 'hyperliquid-median', 'oracle'] as const;
export type MarkMethod = (typeof MARK_METHODS)[number];

export interface MarkRules {
  readonly method: MarkMethod;
  /** Moving-average window of the basis (Binance Price 2). */
  readonly basisWindowMs: number;
  /** Hyperliquid: EMA time constant of (mid - oracle), and of the local price when only two inputs exist. */
  readonly emaTimeConstantMs: number;
  readonly localEmaTimeConstantMs: number;
  /** Mark clamped into index x (1 +- band) when set. */
  readonly bandRate: Fixed | null;
}

export const INDEX_METHODS = ['weighted-mean', 'weighted-median'] as const;
export type IndexMethod = (typeof INDEX_METHODS)[number];

export interface IndexRules {
  readonly method: IndexMethod;
  /** A source whose last price is older than this gets weight 0 (null: no timeout). */
  readonly staleAfterMs: number | null;
  /** A source further than this ratio from the median of fresh sources gets weight 0. */
  readonly maxDeviation: Fixed | null;
  /** Weights by source name when the input gives none (Hyperliquid oracle weights). */
  readonly defaultWeights: Readonly<Record<string, string>>;
}

export type TwapMethod = 'time-weighted' | 'mean';

export interface SettlementRules {
  readonly twapWindowMs: number;
  readonly twapMethod: TwapMethod;
}

/** Contract kind a venue's funding payments assume when the input gives no `kind`. */
export type ContractKind = 'linear' | 'inverse';

export interface MarketProfile {
  readonly name: string;
  readonly title: string;
  readonly contractKind: ContractKind;
  readonly sources: readonly string[];
  readonly assumptions: readonly string[];
  readonly funding: FundingRules;
  readonly mark: MarkRules;
  readonly index: IndexRules;
  readonly settlement: SettlementRules;
}
