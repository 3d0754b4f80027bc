/**
 * Futures on indices, each with its own settlement calculator. All are linear and cash-settled:
 * PnL = size x multiplier (contractSize) x (settlement value - entry), in the settle asset.
 * - `volatility-future`: settles to the volatility index of the chain at expiry (volatility-index.ts);
 * - `funding-rate-future`: settles to the average, or the sum, of the funding rates realised in
 *   the contract period (start, end], times `rateScale` (e.g. 10,000 to quote in basis points);
 * - `gas-fee-future`: settles to the TWAP of a gas price series over [start, end].
 */
import type { Fixed } from '../num/fixed.js';
import { mul } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { InputError } from '../errors.js';
import type { TimedValue } from './ema.js';
import { twap, type TwapResult } from './twap.js';
import type { TwapMethod } from './market-profile.js';

export const INDEX_FUTURE_KINDS = ['volatility-future', 'funding-rate-future', 'gas-fee-future'] as const;
export type IndexFutureKind = (typeof INDEX_FUTURE_KINDS)[number];

export const FUNDING_AGGREGATES = ['average', 'sum'] as const;
export type FundingAggregate = (typeof FUNDING_AGGREGATES)[number];

export interface FundingRateFutureSpec {
  readonly startMs: number;
  readonly endMs: number;
  readonly aggregate: FundingAggregate;
  readonly rateScale: Fixed;
}

export interface FundingRateFutureSettlement {
  readonly value: Fixed;
  readonly aggregate: FundingAggregate;
  /** Sum or average of the rates, before `rateScale`. */
  readonly aggregatedRate: Fixed;
  readonly ratesUsed: number;
  readonly ratesOutside: number;
}

/** Rates are the realised funding rates with their funding times. */
export function settleFundingRateFuture(rates: readonly TimedValue[], spec: FundingRateFutureSpec): FundingRateFutureSettlement {
  if (spec.endMs <= spec.startMs) throw new InputError(['end'], 'must be after start');
  const inPeriod = rates.filter((rate) => rate.timeMs > spec.startMs && rate.timeMs <= spec.endMs);
  if (inPeriod.length === 0) throw new InputError(['rates'], 'no funding rate falls in the contract period (start, end]');
  const sum = inPeriod.reduce((total, rate) => total + rate.value, 0n);
  // The average is a reference value shared by both sides: half-even, like other settlement prices.
  const aggregatedRate = spec.aggregate === 'sum' ? sum : divRound(sum, BigInt(inPeriod.length), 'halfEven');
  return {
    value: mul(aggregatedRate, spec.rateScale, 'halfEven'),
    aggregate: spec.aggregate,
    aggregatedRate,
    ratesUsed: inPeriod.length,
    ratesOutside: rates.length - inPeriod.length,
  };
}

export interface GasFeeFutureSpec {
  readonly startMs: number;
  readonly endMs: number;
  readonly method: TwapMethod;
}

export function settleGasFeeFuture(gasPrices: readonly TimedValue[], spec: GasFeeFutureSpec): TwapResult {
  if (spec.endMs <= spec.startMs) throw new InputError(['end'], 'must be after start');
  return twap(gasPrices, spec.startMs, spec.endMs, spec.method);
}
