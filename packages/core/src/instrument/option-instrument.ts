/**
 * European option instruments, Deribit style, on an index or a future:
 * - `linear-option`: premium, margin, PnL and settlement in the quote asset (USDC/USDT); one
 *   contract is `contractSize` units of the base coin (SOL x 10); prices are quote per 1 coin.
 * - `inverse-option`: premium, margin, PnL and settlement in the base coin (Deribit BTC/ETH); one
 *   contract is `contractSize` coins (1 on Deribit); prices are coin per 1 coin of underlying, and
 *   the payoff is max(omega (S - K), 0) / S in coin.
 * Both settle in cash at expiry from the settlement price.
 */
import type { Fixed } from '../num/fixed.js';

export const OPTION_INSTRUMENT_KINDS = ['linear-option', 'inverse-option'] as const;
export type OptionInstrumentKind = (typeof OPTION_INSTRUMENT_KINDS)[number];
export const OPTION_RIGHTS = ['call', 'put'] as const;
export type OptionRight = (typeof OPTION_RIGHTS)[number];

export interface OptionInstrument {
  readonly symbol: string;
  readonly kind: OptionInstrumentKind;
  readonly right: OptionRight;
  /** The index or future whose price the option is written on (its symbol). */
  readonly underlying: string;
  /** Base coin of the underlying (inverse: the settle coin). */
  readonly base: string;
  /** Asset in which premium, margin and settlement are paid. */
  readonly settle: string;
  /** Coins of the underlying per contract. */
  readonly contractSize: Fixed;
  /** Strike, quote per 1 coin, > 0. */
  readonly strike: Fixed;
  readonly expiryMs: number;
  /** Premium tick (quote, or coin for inverse). */
  readonly tickSize: Fixed;
  readonly lotSize: Fixed | null;
  readonly takerFeeRate: Fixed | null;
}

export function isOptionKind(kind: string): kind is OptionInstrumentKind {
  return (OPTION_INSTRUMENT_KINDS as readonly string[]).includes(kind);
}

/** An option with the prices its margin and Greeks read. */
export interface MarkedOption {
  readonly instrument: OptionInstrument;
  /** Option mark per coin in the premium unit, or null when it comes from `markIv`. */
  readonly markPrice: Fixed | null;
  readonly markIv: Fixed | null;
  /** Mark of the underlying (future mark or index), quote per coin. */
  readonly underlyingPrice: Fixed;
  readonly indexPrice: Fixed;
  readonly forwardPrice: Fixed;
  /** Pinned margin snapshot id, or null to choose by date. */
  readonly marginSnapshot: string | null;
}

/** Intrinsic value per 1 coin in the premium unit at settlement price `price` (> 0); inverse divides by it, rounded down (a payout). */
export function intrinsicPerCoin(option: Pick<OptionInstrument, 'kind' | 'right' | 'strike'>, price: Fixed): Fixed {
  const quote = option.right === 'call' ? price - option.strike : option.strike - price;
  if (quote <= 0n) return 0n;
  if (option.kind === 'linear-option') return quote;
  return (quote * 10n ** 18n) / price;
}
