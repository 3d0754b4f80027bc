/**
 * Standard (non-portfolio) options margin rules of a venue, as dated parameter snapshots
 * (docs/options.md, "Standard options margin"). A venue record holds them in `standardOptions`;
 * each snapshot names its formula variant, the options it applies to (settlement kind and base
 * coin), the dates it is in force and its public sources. Nothing here tests a venue's name: the
 * formula variant carries the difference.
 */
import type { Fixed } from '../num/fixed.js';
import type { OptionInstrumentKind } from '../instrument/option-instrument.js';

/**
 * `floor-on-underlying` (Deribit): IM = max(a - OTM/U, b) + mark, MM = m + mark (call), max(m, m mark) + mark (put),
 *   put IM floored at MM; linear form with U-multiplied terms. U = the underlying's mark.
 * `floor-on-index` (Bybit): MM = max(mmF I, mmF mark) + mark + liqFee I; IM = max(max(imF I - OTM, imMin I) + max(entry, mark), MM); I = index.
 * `floor-times-multiplier` (OKX): IMR = max(a, b - OTM/D) MF + mark; MMR call = c MF + mark, put = max(c, c mark) MF + mark
 *   (linear: the a, b, c terms x index); D by `otmDenominator`.
 */
export type OptionMarginFormula =
  | { readonly kind: 'floor-on-underlying'; readonly a: Fixed; readonly b: Fixed; readonly m: Fixed }
  | {
      readonly kind: 'floor-on-index';
      readonly imFactor: Fixed;
      readonly imMinFactor: Fixed;
      readonly mmFactor: Fixed;
      readonly liquidationFeeRate: Fixed;
    }
  | {
      readonly kind: 'floor-times-multiplier';
      readonly a: Fixed;
      readonly b: Fixed;
      readonly c: Fixed;
      /** Seller position-tier multiplier MF (>= 1); tier 1 = 1. */
      readonly multiplier: Fixed;
      /** OKX's two published versions: the same-expiry forward mark, or the underlying (index) mark. */
      readonly otmDenominator: 'forward' | 'underlying';
    };

export interface OptionMarginSnapshot {
  /** Stable id, printed beside every position it margins (e.g. `deribit-inverse@2023`). */
  readonly id: string;
  readonly settlement: OptionInstrumentKind;
  /** Base coin the snapshot applies to, or null for any. */
  readonly base: string | null;
  /** In force from this ISO date (inclusive), or null when the start was not published ... */
  readonly effectiveFrom: string | null;
  /** ... to this ISO date (exclusive), or null while current. */
  readonly effectiveTo: string | null;
  /** Date the parameters were read. */
  readonly asOf: string;
  readonly sources: readonly string[];
  readonly formula: OptionMarginFormula;
  /** Taker fee rate on the underlying's index (or value) per option, if the venue charges one. */
  readonly takerFeeRate: Fixed | null;
  /** Fee cap as a fraction of the option's premium, or null without a cap. */
  readonly feeCapOfPremium: Fixed | null;
}

/**
 * Size-based futures margin (Deribit): rate = base + ratePerCoin x position size in coins, applied
 * to the whole position (IM = notional x (initialBase + k size), MM likewise).
 */
export interface SizeBasedFuturesSnapshot {
  readonly id: string;
  /** Base coin the snapshot applies to, or null for any. */
  readonly base: string | null;
  readonly effectiveFrom: string | null;
  readonly effectiveTo: string | null;
  readonly asOf: string;
  readonly sources: readonly string[];
  readonly initialBase: Fixed;
  readonly maintenanceBase: Fixed;
  readonly ratePerCoin: Fixed;
}

export interface StandardOptionsRules {
  /** Whether equity counts the options' mark value (long +, short -): Deribit and OKX yes, Bybit's cross margin balance no. */
  readonly optionValueInEquity: boolean;
  /** Order in which liquidation closes positions. */
  readonly liquidationOrder: 'futures-then-short-options' | 'short-options-then-futures';
  /**
   * How a short option is closed in liquidation: `restore` buys back in lot steps (the option's
   * lot, or 1 contract without one) only until the pool is at or above maintenance; `full` buys
   * back the whole position. Absent: `full`.
   */
  readonly shortOptionLiquidation?: { readonly rule: 'restore' | 'full'; readonly source: string };
  readonly options: readonly OptionMarginSnapshot[];
  readonly sizeBasedFutures: readonly SizeBasedFuturesSnapshot[];
  /** What was assumed where the public text is silent. */
  readonly assumptions: readonly string[];
}
