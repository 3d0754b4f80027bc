/**
 * Dated futures: basis, annualised basis, settlement price at expiry and settlement of positions.
 *
 * basis = futures - index; basis rate = basis / index; annualised = basis rate x year / time to
 * expiry (365-day year unless told). Settlement price = TWAP of the index over the window before
 * expiry (30 minutes by default, Deribit style). Settlement closes every position at that price
 * and realises its PnL: linear size x contractSize x (settle - entry), inverse size x contractSize
 * x (1/entry - 1/settle), floored in the settle asset's units (credits down, debits up).
 * Realised PnL is not zero-sum across positions (entries differ), so there is no rounding
 * account here; `roundingRemainder` reports how much flooring kept back in total.
 */
import type { Fixed } from '../num/fixed.js';
import { ONE } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { Rational, R0 } from '../num/rational.js';
import { invariant } from '../errors.js';
import { isInverse, type InstrumentKind } from '../instrument/instrument.js';
import { DAY_MS, MINUTE_MS } from './funding-schedule.js';
import { twap, type TwapResult } from './twap.js';
import type { TimedValue } from './ema.js';
import type { TwapMethod } from './market-profile.js';

export const DEFAULT_SETTLEMENT_WINDOW_MS = 30 * MINUTE_MS;

export interface Basis {
  readonly basis: Fixed;
  readonly basisRate: Fixed;
  readonly annualisedBasisRate: Fixed | null;
  readonly timeToExpiryMs: number;
}

export function computeBasis(futuresPrice: Fixed, indexPrice: Fixed, timeMs: number, expiryMs: number, daysPerYear = 365): Basis {
  invariant(indexPrice > 0n, 'index price is positive');
  const basis = futuresPrice - indexPrice;
  const basisRate = divRound(basis * ONE, indexPrice, 'trunc');
  const timeToExpiryMs = expiryMs - timeMs;
  const annualisedBasisRate =
    timeToExpiryMs > 0 ? divRound(basisRate * BigInt(daysPerYear) * BigInt(DAY_MS), BigInt(timeToExpiryMs), 'trunc') : null;
  return { basis, basisRate, annualisedBasisRate, timeToExpiryMs };
}

export function settlementPrice(
  indexSamples: readonly TimedValue[],
  expiryMs: number,
  windowMs: number = DEFAULT_SETTLEMENT_WINDOW_MS,
  method: TwapMethod = 'time-weighted',
): TwapResult {
  return twap(indexSamples, expiryMs - windowMs, expiryMs, method);
}

export interface ExpiryPosition {
  readonly account: string;
  /** Signed size in contracts. */
  readonly size: Fixed;
  readonly entryPrice: Fixed;
}

export interface ExpirySettlement {
  readonly account: string;
  readonly size: Fixed;
  readonly entryPrice: Fixed;
  readonly realizedPnlUnits: bigint;
}

export interface SettleExpiryResult {
  readonly settlementPrice: Fixed;
  readonly assetDecimals: number;
  readonly settlements: readonly ExpirySettlement[];
  readonly totalUnits: bigint;
  /** Exact total PnL minus the floored total, in units (>= 0). */
  readonly roundingRemainder: Rational;
}

/** Exact PnL of a signed position from entry to exit, in asset units (a rational). */
export function exactPnlUnits(kind: InstrumentKind, contractSize: Fixed, size: Fixed, entryPrice: Fixed, exitPrice: Fixed, decimals: number): Rational {
  invariant(entryPrice > 0n && exitPrice > 0n, 'prices are positive');
  const quantity = Rational.fromFixed(size).mul(Rational.fromFixed(contractSize));
  const entry = Rational.fromFixed(entryPrice);
  const exit = Rational.fromFixed(exitPrice);
  const pnl = isInverse(kind) ? quantity.mul(entry.neg().add(exit)).div(entry.mul(exit)) : quantity.mul(exit.sub(entry));
  return pnl.mul(new Rational(10n ** BigInt(decimals)));
}

export function settleExpiry(
  positions: readonly ExpiryPosition[],
  price: Fixed,
  contract: { readonly kind: InstrumentKind; readonly contractSize: Fixed },
  assetDecimals: number,
): SettleExpiryResult {
  let exactTotal = R0;
  let totalUnits = 0n;
  const settlements = positions.map((position) => {
    const exact = exactPnlUnits(contract.kind, contract.contractSize, position.size, position.entryPrice, price, assetDecimals);
    const realizedPnlUnits = exact.toUnits(0, 'floor');
    exactTotal = exactTotal.add(exact);
    totalUnits += realizedPnlUnits;
    return { account: position.account, size: position.size, entryPrice: position.entryPrice, realizedPnlUnits };
  });
  const roundingRemainder = exactTotal.sub(new Rational(totalUnits));
  invariant(roundingRemainder.sign() >= 0, 'flooring never credits more than the exact PnL');
  return { settlementPrice: price, assetDecimals, settlements, totalUnits, roundingRemainder };
}
