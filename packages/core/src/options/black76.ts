/**
 * Black-76: European calls and puts on a forward or future F (F. Black, "The pricing of commodity
 * contracts", Journal of Financial Economics 3, 1976). float64 scenario maths (docs/precision.md,
 * docs/options.md); a price becomes money only through `floatToFixed(price, 'ceil')` or the
 * rounding that goes against the account.
 *
 *   d1 = (ln(F/K) + sigma^2 T / 2) / (sigma sqrt(T)),   d2 = d1 - sigma sqrt(T),   DF = exp(-r T)
 *   call = DF (F N(d1) - K N(d2)),                      put = DF (K N(-d2) - F N(-d1))
 *
 * Greeks in quote units per 1 unit of the underlying, with respect to F:
 *   delta = DF N(d1) (call), -DF N(-d1) (put);   gamma = DF n(d1) / (F sigma sqrt(T))
 *   vega  = DF F n(d1) sqrt(T) per 1.00 of volatility (per vol point: / 100)
 *   theta = -dV/dT = r V - DF F n(d1) sigma / (2 sqrt(T)) per year (per day: / 365)
 *
 * Time is ACT/365: T = (expiry - now) in milliseconds / (365 x 86,400,000). Crypto venues price
 * with r = 0 and the forward taken from the future of the same expiry, hence the default r = 0.
 *
 * Inverse (coin-settled, Deribit style) options pay the quote-currency payoff divided by the
 * settlement price, so their value in coin is price / F and their delta in coin is
 * delta - price / F: the premium paid in coin is itself an exposure to the coin (Deribit's FAQ
 * on "Delta Total": a call of delta 0.50 bought for 0.10 BTC adds 0.40; inverse options:
 * https://support.deribit.com/hc/en-us/articles/25944688327069-Inverse-Options ). Derivation: the
 * position's coin value is V/F, so its quote value changes by dV/dF - (V/F) per unit of F beyond
 * the coin already counted in equity.
 */
import { InputError } from '../errors.js';
import { normCdf, normPdf } from './normal.js';

export type OptionKind = 'call' | 'put';

/** Milliseconds in an ACT/365 year. */
export const MS_PER_YEAR = 365 * 86_400_000;
/** Days per year for theta per day (ACT/365). */
export const DAYS_PER_YEAR = 365;

/** Slots of the `out` array of `black76Greeks`. */
export const GREEK_PRICE = 0;
export const GREEK_DELTA = 1;
export const GREEK_GAMMA = 2;
/** Vega per 1.00 of volatility. */
export const GREEK_VEGA = 3;
/** Theta per year. */
export const GREEK_THETA = 4;
/** Length of one block of Greeks in `out`. */
export const GREEK_SLOTS = 5;

function positiveFinite(value: number): boolean {
  return value > 0 && value < Infinity;
}

/** Refuses non-positive or non-finite forward, strike, time and volatility; a non-finite rate. */
export function checkBlack76Inputs(forward: number, strike: number, timeYears: number, volatility: number, rate: number): void {
  if (!positiveFinite(forward)) throw new InputError(['forward'], `must be a finite number greater than 0, got ${forward}`);
  if (!positiveFinite(strike)) throw new InputError(['strike'], `must be a finite number greater than 0, got ${strike}`);
  if (!positiveFinite(timeYears)) throw new InputError(['timeYears'], `time to expiry must be greater than 0, got ${timeYears}`);
  if (!positiveFinite(volatility)) throw new InputError(['volatility'], `must be a finite number greater than 0, got ${volatility}`);
  if (!Number.isFinite(rate)) throw new InputError(['rate'], `must be a finite number, got ${rate}`);
}

/** Black-76 price only (hot path, no allocation). */
export function black76Price(isCall: boolean, forward: number, strike: number, timeYears: number, volatility: number, rate = 0): number {
  checkBlack76Inputs(forward, strike, timeYears, volatility, rate);
  const sd = volatility * Math.sqrt(timeYears);
  const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const df = rate === 0 ? 1 : Math.exp(-rate * timeYears);
  return isCall ? df * (forward * normCdf(d1) - strike * normCdf(d2)) : df * (strike * normCdf(-d2) - forward * normCdf(-d1));
}

/**
 * Black-76 price and Greeks (hot path, no allocation): writes price, delta, gamma, vega per 1.00
 * and theta per year into `out[offset .. offset + 4]` (slots GREEK_*) and returns the price.
 */
export function black76Greeks(
  isCall: boolean,
  forward: number,
  strike: number,
  timeYears: number,
  volatility: number,
  rate: number,
  out: Float64Array,
  offset = 0,
): number {
  checkBlack76Inputs(forward, strike, timeYears, volatility, rate);
  const sqrtT = Math.sqrt(timeYears);
  const sd = volatility * sqrtT;
  const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const df = rate === 0 ? 1 : Math.exp(-rate * timeYears);
  const pdf = normPdf(d1);
  let price: number;
  let delta: number;
  if (isCall) {
    const n1 = normCdf(d1);
    price = df * (forward * n1 - strike * normCdf(d2));
    delta = df * n1;
  } else {
    const m1 = normCdf(-d1);
    price = df * (strike * normCdf(-d2) - forward * m1);
    delta = -df * m1;
  }
  const dfPdf = df * pdf;
  out[offset + GREEK_PRICE] = price;
  out[offset + GREEK_DELTA] = delta;
  out[offset + GREEK_GAMMA] = dfPdf / (forward * sd);
  out[offset + GREEK_VEGA] = dfPdf * forward * sqrtT;
  out[offset + GREEK_THETA] = rate * price - (dfPdf * forward * volatility) / (2 * sqrtT);
  return price;
}

/** ACT/365 years between `nowMs` and `expiryMs`; refuses an expiry that is not after now. */
export function yearsToExpiry(expiryMs: number, nowMs: number): number {
  if (!Number.isFinite(expiryMs)) throw new InputError(['expiryMs'], `must be a finite time in milliseconds, got ${expiryMs}`);
  if (!Number.isFinite(nowMs)) throw new InputError(['nowMs'], `must be a finite time in milliseconds, got ${nowMs}`);
  if (expiryMs <= nowMs) {
    throw new InputError(['expiryMs'], `time to expiry must be greater than 0: expiry ${expiryMs} is not after now ${nowMs}`);
  }
  return (expiryMs - nowMs) / MS_PER_YEAR;
}

export interface OptionPricingInput {
  readonly kind: OptionKind;
  /** Forward or future price of the underlying, quote units. */
  readonly forward: number;
  readonly strike: number;
  /** Expiry and valuation time, milliseconds since the epoch (time is ACT/365). */
  readonly expiryMs: number;
  readonly nowMs: number;
  /** Annualised volatility, 0.6 for 60%. */
  readonly volatility: number;
  /** Continuously compounded discount rate per year; 0 when omitted (crypto venues). */
  readonly rate?: number;
}

export interface OptionGreeks {
  readonly timeYears: number;
  /** Premium in quote units per 1 unit of the underlying. */
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  /** Price change per 1.00 of volatility (from 0.60 to 1.60). */
  readonly vegaPerUnit: number;
  /** Price change per 1 volatility point (from 0.60 to 0.61). */
  readonly vegaPerVolPoint: number;
  /** Price change per year of passing time (negative for a long option when r = 0). */
  readonly thetaPerYear: number;
  /** Price change per calendar day (ACT/365). */
  readonly thetaPerDay: number;
  /** Inverse (coin-settled) premium in coin per 1 coin of the underlying: price / F. */
  readonly priceInCoin: number;
  /** Inverse (coin-settled) delta in coin: delta - price / F. */
  readonly deltaInCoin: number;
}

const scratch = new Float64Array(GREEK_SLOTS);

/** Black-76 price and Greeks as one object, for reports and callers off the hot path. */
export function priceOption(input: OptionPricingInput): OptionGreeks {
  const timeYears = yearsToExpiry(input.expiryMs, input.nowMs);
  const price = black76Greeks(input.kind === 'call', input.forward, input.strike, timeYears, input.volatility, input.rate ?? 0, scratch);
  const vega = (scratch[GREEK_VEGA] ?? Number.NaN);
  const theta = (scratch[GREEK_THETA] ?? Number.NaN);
  const delta = (scratch[GREEK_DELTA] ?? Number.NaN);
  return {
    timeYears,
    price,
    delta,
    gamma: (scratch[GREEK_GAMMA] ?? Number.NaN),
    vegaPerUnit: vega,
    vegaPerVolPoint: vega / 100,
    thetaPerYear: theta,
    thetaPerDay: theta / DAYS_PER_YEAR,
    priceInCoin: inversePrice(price, input.forward),
    deltaInCoin: inverseDelta(delta, price, input.forward),
  };
}

/** Inverse (coin-settled) premium in coin: the quote price divided by the forward. */
export function inversePrice(priceQuote: number, forward: number): number {
  return priceQuote / forward;
}

/** Inverse (coin-settled) delta in coin: the quote delta less the premium in coin. */
export function inverseDelta(deltaQuote: number, priceQuote: number, forward: number): number {
  return deltaQuote - priceQuote / forward;
}
