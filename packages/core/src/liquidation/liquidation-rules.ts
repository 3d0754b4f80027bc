/**
 * Liquidation rules per methodology profile: how a liquidatable pool is reduced, what the
 * liquidated account pays, and who absorbs a bankruptcy. Data with sources; the engine
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
}

const E18 = 10n ** 18n;
const rate = (perMille: bigint, scale = 3n): Fixed => (perMille * E18) / 10n ** scale;

const GENERIC: LiquidationRules = {
  profile: 'generic',
  partial: 'restore',
  chunkNotional: null,
  chunkFraction: null,
  feeSchedule: [{ minMaxLeverage: 0n, rate: rate(2n) }],
  settleAtBankruptcy: false,
  backstopBelow: null,
  deficit: 'adl',
  adlRanking: 'bitmex',
  fundScope: 'asset',
  ownFundSymbols: [],
  sources: [
    'restore: close just enough to restore maintenance (Drift, shared/reference/peers.md section 2); ADL ranked by the BitMEX formula, copied by many venues (shared/reference/exchanges.md 4.5)',
    'fee 0.2%: our default, below the lowest common maintenance rate (0.4%) so that a partial close always restores margin; venues publish 0.3-0.75% (Binance) and up to 1.5% (dYdX)',
  ],
  notModelled: [],
};

const DRIFT_V2: LiquidationRules = {
  ...GENERIC,
  profile: 'drift-v2',
  deficit: 'socialize',
  sources: [
    'shared/reference/peers.md section 2 (drift-labs/protocol-v2: liquidate just enough to restore margin; resolve_perp_bankruptcy: insurance fund, then the loss socialised over long and short open interest through the cumulative funding rate, no ADL queue)',
    "fee 0.2%: generic's default; Drift's liquidator and insurance-fund fees are per-market parameters not in our sources",
  ],
  notModelled: ['Drift liquidation buffer and gradual liquidation (max percent per slot)', 'the perp fee pool between the insurance fund and the socialised loss'],
};

const BINANCE_USDM: LiquidationRules = {
  profile: 'binance-usdm',
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
    'shared/reference/exchanges.md 1.7: open orders cancelled, then an order to reduce; if still deficient the insurance fund takes over at the bankruptcy price; historic clearance fee 0.3% BTCUSDT, 0.5% 75x contracts, 0.75% 50x contracts',
    'https://www.binance.com/en/support/articles/360033525371-Insurance-Fund (BTCUSDT and ETHUSDT have their own funds)',
    'https://www.binance.com/en/support/faq/360033525471 (ADL ranking by leverage-PnL quantile)',
  ],
  notModelled: ['current clearance fee schedule (not published)', 'max net notional check of the fund'],
};

const BINANCE_COINM: LiquidationRules = {
  ...BINANCE_USDM,
  profile: 'binance-coinm',
  ownFundSymbols: [],
};

const BYBIT_LINEAR: LiquidationRules = {
  profile: 'bybit-linear',
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
  sources: [
    'shared/reference/exchanges.md 2.1: laddered liquidation steps the position down the risk-limit tiers',
    'shared/reference/exchanges.md 2.3: the position is closed at the bankruptcy price; surplus vs the bankruptcy price goes to the insurance fund, a deficit is covered by it',
    'shared/reference/exchanges.md 2.5: ADL ranked by profit and effective leverage (the exact Bybit formula is not published; BitMEX\'s, 4.5, is used)',
  ],
  notModelled: ['maker fee charged to the deleveraged trader', '2025 pool-level ADL triggers (drawdown of the fund)'],
};

const BYBIT_INVERSE: LiquidationRules = { ...BYBIT_LINEAR, profile: 'bybit-inverse' };

const DYDX_V4: LiquidationRules = {
  profile: 'dydx-v4',
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
    'shared/reference/exchanges.md 6: liquidation order for the position, maximum liquidation penalty 1.5% to the insurance fund',
    'shared/reference/peers.md 1: deleveraging against opposite-side subaccounts at the bankruptcy price when the fund cannot cover',
  ],
  notModelled: [
    'fillable price (SMMR x MMF x bankruptcy adjustment) and per-block liquidation caps',
    'deleveraging order: dYdX starts at a pseudo-random subaccount; a deterministic engine ranks (BitMEX formula) instead',
  ],
};

const HYPERLIQUID: LiquidationRules = {
  profile: 'hyperliquid',
  partial: 'chunk',
  chunkNotional: 100_000n * E18,
  chunkFraction: 2n * 10n ** 17n,
  feeSchedule: [{ minMaxLeverage: 0n, rate: 0n }],
  settleAtBankruptcy: false,
  backstopBelow: { numerator: 2n, denominator: 3n },
  deficit: 'adl',
  adlRanking: 'bitmex',
  fundScope: 'asset',
  ownFundSymbols: [],
  sources: [
    'https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations (market orders to the book; positions above 100k USDC send 20% per step; equity < 2/3 MM: backstop liquidation, MM not returned)',
    'https://hyperliquid.gitbook.io/hyperliquid-docs/trading/auto-deleveraging (opposite side ranked by unrealised PnL and leverage)',
  ],
  notModelled: ['30 s of whole-position liquidation after a partial one', 'ADL at the previous oracle price (we use the bankruptcy price)'],
};

export const LIQUIDATION_RULES: readonly LiquidationRules[] = [GENERIC, BINANCE_USDM, BINANCE_COINM, BYBIT_LINEAR, BYBIT_INVERSE, DYDX_V4, HYPERLIQUID, DRIFT_V2];

/** The rules of a profile; profiles without their own rules use `generic`'s. */
export function liquidationRulesFor(profileName: string): LiquidationRules {
  return LIQUIDATION_RULES.find((rules) => rules.profile === profileName) ?? GENERIC;
}

/** Fee rate for liquidations in `instrument` (its first tier's maximum leverage picks the step). */
export function liquidationFeeRate(rules: LiquidationRules, instrument: Instrument): Fixed {
  const maxLeverage = tierAt(instrument.tiers, 0).maxLeverage;
  for (const step of rules.feeSchedule) if (maxLeverage >= step.minMaxLeverage) return step.rate;
  return 0n;
}
