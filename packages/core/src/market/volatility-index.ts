/**
 * Volatility index by the CBOE VIX method (VIX white paper), from an options chain of one or two
 * expiries:
 *   sigma^2 = (2/T) x sum(dK_i / K_i^2 x e^{RT} x Q(K_i)) - (1/T) x (F/K0 - 1)^2
 * with F = K* + e^{RT} x (C - P) at the strike K* where |call mid - put mid| is smallest, K0 the
 * first strike at or below F, out-of-the-money puts below K0 and calls above it (a zero bid is
 * skipped; two zero bids in a row end that side), both at K0 averaged, and dK_i half the distance
 * between the neighbouring selected strikes (one-sided at the ends). Two terms are interpolated
 * in total variance to a constant `targetDays` (30) maturity:
 *   index^2 = [N1 s1^2 (N2 - N30) + N2 s2^2 (N30 - N1)] / ((N2 - N1) x N30)
 * and the index is 100 x sqrt. One term alone gives 100 x its sigma (no interpolation).
 *
 * Exact bigint arithmetic at 36 digits for the sums, exp from fixed-math.ts; the index rounds
 * half-even at 18 digits. Times are epoch ms; a year is `daysPerYear` days (365).
 */
import type { Fixed } from '../num/fixed.js';
import { ONE } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { InputError } from '../errors.js';
import { expFixed, sqrtFixed } from './fixed-math.js';
import { DAY_MS } from './funding-schedule.js';

export interface OptionQuote {
  readonly strike: Fixed;
  readonly callBid: Fixed;
  readonly callAsk: Fixed;
  readonly putBid: Fixed;
  readonly putAsk: Fixed;
}

export interface OptionTerm {
  readonly expiryMs: number;
  /** Continuously compounded risk-free rate to this expiry. */
  readonly riskFreeRate: Fixed;
  /** Quotes with strictly increasing strikes. */
  readonly quotes: readonly OptionQuote[];
}

export interface VolatilityIndexRequest {
  readonly timeMs: number;
  readonly nearTerm: OptionTerm;
  readonly nextTerm?: OptionTerm | null;
  readonly targetDays?: number;
  readonly daysPerYear?: number;
}

export interface ExcludedOption {
  readonly strike: Fixed;
  readonly type: 'put' | 'call';
  readonly reason: string;
}

export interface TermVariance {
  readonly expiryMs: number;
  readonly minutesToExpiry: number;
  readonly forward: Fixed;
  readonly forwardStrike: Fixed;
  readonly atmStrike: Fixed;
  readonly variance: Fixed;
  readonly strikesUsed: number;
  readonly excluded: readonly ExcludedOption[];
}

export interface VolatilityIndexResult {
  /** Index points: 100 x annualised volatility. */
  readonly value: Fixed;
  /** Variance at the target maturity (annualised). */
  readonly variance: Fixed;
  readonly terms: readonly TermVariance[];
  readonly interpolation: string;
}

const E36 = 10n ** 36n;

const mid = (bid: Fixed, ask: Fixed): Fixed => divRound(bid + ask, 2n, 'halfEven');

interface Selected {
  readonly strike: Fixed;
  readonly price: Fixed;
}

function selectOutOfTheMoney(quotes: readonly OptionQuote[], atmIndex: number, excluded: ExcludedOption[]): Selected[] {
  const atm = quotes[atmIndex];
  if (atm === undefined) return [];
  const chosen: Selected[] = [{ strike: atm.strike, price: divRound(mid(atm.callBid, atm.callAsk) + mid(atm.putBid, atm.putAsk), 2n, 'halfEven') }];
  const walk = (type: 'put' | 'call', step: -1 | 1): void => {
    let zeroBids = 0;
    for (let i = atmIndex + step; i >= 0 && i < quotes.length; i += step) {
      const quote = quotes[i];
      if (quote === undefined) break;
      const bid = type === 'put' ? quote.putBid : quote.callBid;
      const ask = type === 'put' ? quote.putAsk : quote.callAsk;
      if (zeroBids >= 2) {
        excluded.push({ strike: quote.strike, type, reason: 'beyond two consecutive zero bids' });
        continue;
      }
      if (bid === 0n) {
        zeroBids++;
        excluded.push({ strike: quote.strike, type, reason: 'zero bid' });
        continue;
      }
      zeroBids = 0;
      chosen.push({ strike: quote.strike, price: mid(bid, ask) });
    }
  };
  walk('put', -1);
  walk('call', 1);
  return chosen.sort((a, b) => (a.strike < b.strike ? -1 : 1));
}

function checkQuotes(term: OptionTerm, path: string): void {
  if (term.quotes.length < 3) throw new InputError([path, 'quotes'], 'needs at least 3 strikes');
  term.quotes.forEach((quote, index) => {
    const previous = term.quotes[index - 1];
    if (quote.strike <= 0n) throw new InputError([path, 'quotes', index, 'strike'], 'must be greater than 0');
    if (previous !== undefined && quote.strike <= previous.strike) {
      throw new InputError([path, 'quotes', index, 'strike'], 'strikes must be strictly increasing');
    }
    if (quote.callAsk < quote.callBid) throw new InputError([path, 'quotes', index, 'callAsk'], 'must be at least the call bid');
    if (quote.putAsk < quote.putBid) throw new InputError([path, 'quotes', index, 'putAsk'], 'must be at least the put bid');
  });
}

/** Annualised variance of one term (sigma^2 of the white paper), with its intermediate values. */
export function termVariance(term: OptionTerm, timeMs: number, daysPerYear: number, path: string): TermVariance {
  checkQuotes(term, path);
  const elapsedMs = term.expiryMs - timeMs;
  if (elapsedMs <= 0) throw new InputError([path, 'expiry'], 'must be after the index time');
  const yearMs = BigInt(daysPerYear * DAY_MS);
  const growth = expFixed(divRound(term.riskFreeRate * BigInt(elapsedMs), yearMs, 'trunc')); // e^{RT}
  let forwardIndex = -1;
  let smallestGap = -1n;
  term.quotes.forEach((quote, index) => {
    if (quote.callBid === 0n || quote.putBid === 0n) return;
    const gap = mid(quote.callBid, quote.callAsk) - mid(quote.putBid, quote.putAsk);
    const size = gap < 0n ? -gap : gap;
    if (smallestGap < 0n || size < smallestGap) [smallestGap, forwardIndex] = [size, index];
  });
  const at = term.quotes[forwardIndex];
  if (at === undefined) throw new InputError([path, 'quotes'], 'no strike has both a call and a put bid, so the forward is undefined');
  const callMinusPut = mid(at.callBid, at.callAsk) - mid(at.putBid, at.putAsk);
  const forward = at.strike + divRound(growth * callMinusPut, ONE, 'halfEven');
  let atmIndex = -1;
  term.quotes.forEach((quote, index) => {
    if (quote.strike <= forward) atmIndex = index;
  });
  const atm = term.quotes[atmIndex];
  if (atm === undefined) throw new InputError([path, 'quotes'], 'no strike at or below the forward price');
  const excluded: ExcludedOption[] = [];
  const chosen = selectOutOfTheMoney(term.quotes, atmIndex, excluded);
  if (chosen.length < 2) throw new InputError([path, 'quotes'], 'fewer than two options with bids remain');
  let sumE36 = 0n;
  chosen.forEach((option, i) => {
    const below = chosen[i - 1]?.strike;
    const above = chosen[i + 1]?.strike;
    const deltaK = below === undefined ? (above ?? 0n) - option.strike : above === undefined ? option.strike - below : divRound(above - below, 2n, 'halfEven');
    sumE36 += divRound(deltaK * option.price * growth * ONE, option.strike * option.strike, 'trunc');
  });
  const deviationE36 = divRound((forward - atm.strike) * E36, atm.strike, 'trunc');
  const totalE36 = 2n * sumE36 - divRound(deviationE36 * deviationE36, E36, 'trunc');
  const variance = divRound(totalE36 * yearMs, BigInt(elapsedMs) * ONE, 'trunc');
  return {
    expiryMs: term.expiryMs,
    minutesToExpiry: elapsedMs / 60_000,
    forward,
    forwardStrike: at.strike,
    atmStrike: atm.strike,
    variance,
    strikesUsed: chosen.length,
    excluded,
  };
}

export function computeVolatilityIndex(request: VolatilityIndexRequest): VolatilityIndexResult {
  const daysPerYear = request.daysPerYear ?? 365;
  const targetDays = request.targetDays ?? 30;
  const near = termVariance(request.nearTerm, request.timeMs, daysPerYear, 'nearTerm');
  const nextTerm = request.nextTerm;
  if (nextTerm === null || nextTerm === undefined) {
    const value = 100n * sqrtFixed(near.variance < 0n ? 0n : near.variance, 'halfEven');
    return { value, variance: near.variance, terms: [near], interpolation: 'none: one term, its own variance' };
  }
  if (nextTerm.expiryMs <= request.nearTerm.expiryMs) throw new InputError(['nextTerm', 'expiry'], 'must be after the near-term expiry');
  const next = termVariance(nextTerm, request.timeMs, daysPerYear, 'nextTerm');
  const n1 = BigInt(request.nearTerm.expiryMs - request.timeMs);
  const n2 = BigInt(nextTerm.expiryMs - request.timeMs);
  const n30 = BigInt(targetDays * DAY_MS);
  const numerator = n1 * near.variance * (n2 - n30) + n2 * next.variance * (n30 - n1);
  const variance = divRound(numerator, (n2 - n1) * n30, 'trunc');
  const value = 100n * sqrtFixed(variance < 0n ? 0n : variance, 'halfEven');
  return { value, variance, terms: [near, next], interpolation: `total variance interpolated to ${targetDays} days` };
}
