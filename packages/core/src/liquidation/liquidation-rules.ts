/**
 * Liquidation rules of a venue: how a liquidatable pool is reduced, what the liquidated account
 * pays, and who absorbs a bankruptcy. The shape and its helpers live here; each venue's rules,
 * with their sources, live in its record (core/src/venues). The engine
 * (packages/engine/src/liquidation, docs/liquidation.md) carries them out.
 *
 * - `partial`: the step size rule of `partialLiquidationStep` (tier step-down, restore, chunk, full).
 * - `feeSchedule`: the liquidation (clearance) fee on the notional closed through the order book,
 *   paid to the insurance fund, chosen by the instrument's maximum leverage (first tier).
 * - `settleAtBankruptcy`: the liquidated account is closed at the bankruptcy price whatever the
 *   book gives; what the book gives beyond it goes to the fund (BitMEX and Bybit model: the
 *   position's margin is the liquidation charge).
 * - `backstopBelow`: Hyperliquid hands the whole account to its backstop (liquidator vault) when
 *   equity < 2/3 of maintenance; the remaining equity is not returned.
 * - `deficit`: when the fund cannot cover a bankruptcy, auto-deleverage the opposite side
 *   (`adl`, ranked by `adlRanking`) or share the loss pro rata over the open interest (`socialize`,
 *   Drift's resolve_perp_bankruptcy).
 * - `fundScope` / `ownFundSymbols`: one insurance fund per settle asset, per symbol, or per asset
 *   with a few symbols on their own fund (Binance: BTCUSDT and ETHUSDT).
 */
import type { Fixed } from '../num/index.js';
import type { Instrument } from '../instrument/instrument.js';
import { tierAt } from '../tiers/tiers.js';
import type { AdlMethod } from './adl-ranking.js';
import type { PartialLiquidationRule } from './partial-liquidation.js';
import { BOOK_LIMITS_DEFAULT, type BookLimits } from './book-limits.js';

export type DeficitRule = 'adl' | 'socialize';
export type FundScope = 'asset' | 'symbol';

export interface LiquidationFeeStep {
  /** The step applies when the instrument's maximum leverage is at least this. */
  readonly minMaxLeverage: Fixed;
  readonly rate: Fixed;
}

export interface FractionRule {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export interface LiquidationRules {
  readonly profile: string;
  readonly partial: PartialLiquidationRule;
  /** Chunk rule: positions above this notional close `chunkFraction` per step. */
  readonly chunkNotional: Fixed | null;
  readonly chunkFraction: Fixed | null;
  /** Highest `minMaxLeverage` first; the first step whose threshold the instrument reaches applies. */
  readonly feeSchedule: readonly LiquidationFeeStep[];
  readonly settleAtBankruptcy: boolean;
  /** Backstop the whole pool when equity < fraction x maintenance; null when the venue has no such rule. */
  readonly backstopBelow: FractionRule | null;
  readonly deficit: DeficitRule;
  readonly adlRanking: AdlMethod;
  readonly fundScope: FundScope;
  readonly ownFundSymbols: readonly string[];
  readonly sources: readonly string[];
  /** Venue behaviour we know of and do not model. */
  readonly notModelled: readonly string[];
  /**
   * `restore` only: the step closes until equity >= maintenance + this x the notional left open
   * (Drift's liquidation margin buffer), so the next mark does not liquidate the pool again and
   * charge the fee again. Absent: 0 (restore to maintenance exactly).
   */
  readonly restoreBufferRate?: Fixed;
  /** When an order-book snapshot may fill a liquidation (age and band around the mark); absent: BOOK_LIMITS_DEFAULT. */
  readonly bookLimits?: BookLimits;
}

export function bookLimitsOf(rules: LiquidationRules): BookLimits {
  return rules.bookLimits ?? BOOK_LIMITS_DEFAULT;
}

/** Fee rate for liquidations in `instrument` (its first tier's maximum leverage picks the step). */
export function liquidationFeeRate(rules: LiquidationRules, instrument: Instrument): Fixed {
  const maxLeverage = tierAt(instrument.tiers, 0).maxLeverage;
  for (const step of rules.feeSchedule) if (maxLeverage >= step.minMaxLeverage) return step.rate;
  return 0n;
}
