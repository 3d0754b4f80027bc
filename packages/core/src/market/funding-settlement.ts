/**
 * Funding settlement in exact integer units of the settle asset.
 *
 * Each position open at the funding time pays or receives `size x contractSize x price x rate`
 * (linear) or `size x contractSize / price x rate` (inverse, in coin); a positive rate makes
 * longs pay shorts. Amounts are floored in the asset's units: a payer's (negative) amount rounds
 * away from zero (pays up) and a receiver's rounds toward zero (receives down). The named rounding
 * account takes minus the sum, so every payment plus the rounding account sums to exactly zero.
 * When the participating sizes net to zero the rounding account only collects rounding dust:
 * 0 <= roundingUnits < number of payments (checked as an invariant). Otherwise it also absorbs
 * the unmatched side, and `balanced` is false so the caller can refuse or report it.
 */
import type { Fixed } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { invariant } from '../errors.js';
import { isInverse, type InstrumentKind } from '../instrument/instrument.js';

/** Default fraction digits of settle-asset units when an asset does not say. */
export const DEFAULT_ASSET_DECIMALS = 8;

export interface FundingPosition {
  readonly account: string;
  readonly symbol?: string;
  /** Signed size in contracts: + long, - short. */
  readonly size: Fixed;
  /** Epoch ms the position was opened; it takes part only if opened at or before the funding time. */
  readonly openedAtMs?: number | null;
  /** Epoch ms it was closed; it takes part only if closed after the funding time. */
  readonly closedAtMs?: number | null;
}

export interface FundingContract {
  readonly kind: InstrumentKind;
  readonly contractSize: Fixed;
}

export interface SettleFundingRequest {
  readonly positions: readonly FundingPosition[];
  /** Price the venue values positions at for funding (mark on Binance/BitMEX, oracle on dYdX/Hyperliquid). */
  readonly price: Fixed;
  /** Rate of this payment (per funding interval), positive: longs pay. */
  readonly rate: Fixed;
  readonly instrument: FundingContract;
  readonly assetDecimals?: number;
  readonly roundingAccount: string;
  /** When given, positions not open at this time are excluded (with the reason). */
  readonly fundingTimeMs?: number | null;
}

export interface FundingPayment {
  /** Index of the position in the request. */
  readonly index: number;
  readonly account: string;
  readonly symbol: string | null;
  readonly size: Fixed;
  /** Signed amount in asset units: negative pays, positive receives. */
  readonly amountUnits: bigint;
}

export interface ExcludedPosition {
  readonly index: number;
  readonly account: string;
  readonly reason: string;
}

export interface SettleFundingResult {
  readonly payments: readonly FundingPayment[];
  readonly excluded: readonly ExcludedPosition[];
  readonly roundingAccount: string;
  /** Minus the sum of the payments: what the rounding account receives (or pays, if negative). */
  readonly roundingUnits: bigint;
  readonly assetDecimals: number;
  /** Net signed size of the participating positions; zero when every long has a short. */
  readonly netSize: Fixed;
  readonly balanced: boolean;
}

const E36 = 10n ** 36n;

/** Exact funding amount of a signed position, floored to units (payer up, receiver down). */
export function fundingAmountUnits(
  contract: FundingContract,
  size: Fixed,
  price: Fixed,
  rate: Fixed,
  decimals: number,
): bigint {
  invariant(price > 0n, 'funding price is positive');
  invariant(Number.isInteger(decimals) && decimals >= 0 && decimals <= 36, 'asset decimals within 0..36');
  const signedQuantityRate = -size * contract.contractSize * rate; // E54; positive rate: longs pay
  const units = 10n ** BigInt(decimals);
  if (isInverse(contract.kind)) {
    // size x cs x rate / price, scaled: S C R 10^d / (P 10^36)
    return divRound(signedQuantityRate * units, price * E36, 'floor');
  }
  return divRound(signedQuantityRate * price * units, E36 * E36, 'floor');
}

function exclusionReason(position: FundingPosition, fundingTimeMs: number | null | undefined): string | null {
  if (position.size === 0n) return 'flat (size 0)';
  if (fundingTimeMs === null || fundingTimeMs === undefined) return null;
  if (position.openedAtMs !== null && position.openedAtMs !== undefined && position.openedAtMs > fundingTimeMs) {
    return 'opened after the funding time';
  }
  if (position.closedAtMs !== null && position.closedAtMs !== undefined && position.closedAtMs <= fundingTimeMs) {
    return 'closed at or before the funding time';
  }
  return null;
}

/**
 * Settle one funding payment for the given positions (all of one instrument).
 * @example settleFunding({ positions: [{account:'a', size: 1n * ONE}, {account:'b', size: -ONE}],
 *   price: 30000n * ONE, rate: ONE / 10000n, instrument, roundingAccount: 'funding-rounding' })
 *   // a pays -3 USDT (-300000000 units), b receives 300000000, roundingUnits 0n
 */
export function settleFunding(request: SettleFundingRequest): SettleFundingResult {
  const decimals = request.assetDecimals ?? DEFAULT_ASSET_DECIMALS;
  const payments: FundingPayment[] = [];
  const excluded: ExcludedPosition[] = [];
  let netSize = 0n;
  let total = 0n;
  request.positions.forEach((position, index) => {
    const reason = exclusionReason(position, request.fundingTimeMs);
    if (reason !== null) {
      excluded.push({ index, account: position.account, reason });
      return;
    }
    const amountUnits = fundingAmountUnits(request.instrument, position.size, request.price, request.rate, decimals);
    netSize += position.size;
    total += amountUnits;
    payments.push({ index, account: position.account, symbol: position.symbol ?? null, size: position.size, amountUnits });
  });
  const roundingUnits = -total;
  const balanced = netSize === 0n;
  if (balanced) {
    invariant(roundingUnits >= 0n && roundingUnits < BigInt(Math.max(payments.length, 1)), 'funding rounding dust is in [0, payments)');
  }
  invariant(total + roundingUnits === 0n, 'funding payments and the rounding account sum to zero');
  return { payments, excluded, roundingAccount: request.roundingAccount, roundingUnits, assetDecimals: decimals, netSize, balanced };
}
