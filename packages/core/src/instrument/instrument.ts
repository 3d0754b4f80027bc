/**
 * Futures instruments: linear (quote-settled) and inverse (coin-settled), perpetual or dated.
 *
 * Units:
 * - linear: `size` is in contracts, one contract is `contractSize` units of the base asset;
 *   notional = size x contractSize x price, in the settle (quote) asset.
 * - inverse: `size` is in contracts, one contract is worth `contractSize` units of the quote
 *   currency (BTCUSD on Binance COIN-M: 100 USD); notional = size x contractSize / price, in the
 *   settle coin. Balances, margins and PnL are in the settle coin.
 */
import type { Fixed } from '../num/fixed.js';
import type { TierTable } from '../tiers/tiers.js';

export const INSTRUMENT_KINDS = [
  'linear-perpetual',
  'inverse-perpetual',
  'linear-future',
  'inverse-future',
] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

export interface Instrument {
  readonly symbol: string;
  readonly kind: InstrumentKind;
  /** Asset in which margin, PnL and fees are paid. */
  readonly settle: string;
  /** Linear: base units per contract. Inverse: quote value per contract. */
  readonly contractSize: Fixed;
  readonly tickSize: Fixed;
  /** Smallest size step, or null when sizes are not restricted. */
  readonly lotSize: Fixed | null;
  /** Expiry in epoch milliseconds for dated futures, null for perpetuals. */
  readonly expiryMs: number | null;
  /** Taker fee rate used for fees-to-close where the profile asks for it. */
  readonly takerFeeRate: Fixed | null;
  readonly tiers: TierTable;
  /** Where the tier table came from (input, or a profile snapshot with its date and source). */
  readonly tiersSource: string;
}

export function isInverse(kind: InstrumentKind): boolean {
  return kind === 'inverse-perpetual' || kind === 'inverse-future';
}

export function isDatedFuture(kind: InstrumentKind): boolean {
  return kind === 'linear-future' || kind === 'inverse-future';
}
