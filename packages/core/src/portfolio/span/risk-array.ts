/**
 * A SPAN risk array by full revaluation (Black-76): the loss of ONE LONG contract (loss positive,
 * gain negative) from now to now + lookahead under each of the 16 standard scenarios, in money per
 * contract (price points x contract value factor). Futures move one for one with the price;
 * options are repriced at the shocked price, the shocked volatility and the shorter time. The
 * extreme scenarios' cover fraction is applied here, so a file's arrays and computed arrays mean
 * the same (the cover fraction is baked into published arrays: do not apply it again).
 */
import { InputError } from '../../errors.js';
import { black76Greeks, black76Price, GREEK_DELTA } from '../../options/black76.js';
import { SPAN_DELTA_POINTS, SPAN_SCENARIOS, SPAN_SCENARIO_COUNT } from './scenarios.js';

export interface RiskArraySpec {
  readonly kind: 'future' | 'option';
  readonly optionType?: 'call' | 'put' | undefined;
  /** Settlement price of the contract's underlying future (points). */
  readonly underlyingPrice: number;
  readonly strike?: number | undefined;
  /** Time to expiry in years (ACT/365). */
  readonly timeYears?: number | undefined;
  /** Implied volatility (1.00 = 100 %). */
  readonly volatility?: number | undefined;
  readonly rate?: number | undefined;
  /** Money per price point of one contract. */
  readonly contractValueFactor: number;
  /** Price scan range in price points. */
  readonly priceScanRange: number;
  /** Volatility scan range in volatility (0.35 = 35 vol points when absolute). */
  readonly volScanRange?: number | undefined;
  /** Extreme move in price scan ranges (CME 3). */
  readonly extremeMultiplier: number;
  /** Fraction of the extreme loss counted (CME 0.33 to 0.35). */
  readonly coverFraction: number;
  /** Years the scan looks ahead (one trading day: 1/365 by default). */
  readonly lookaheadYears?: number | undefined;
}

export interface RiskArray {
  /** Loss of one long contract per scenario, money. */
  readonly losses: Float64Array;
  /** Composite delta per contract (underlying units of one contract). */
  readonly compositeDelta: number;
  /** Value of one contract now (options), money; 0 for futures. */
  readonly value: number;
}

const MIN_VOL = 1e-4;

function optionValue(spec: RiskArraySpec, price: number, vol: number, timeYears: number): number {
  const strike = spec.strike ?? 0;
  const isCall = spec.optionType !== 'put';
  if (timeYears <= 0) return Math.max(isCall ? price - strike : strike - price, 0);
  return black76Price(isCall, price, strike, timeYears, Math.max(vol, MIN_VOL), spec.rate ?? 0);
}

function checkSpec(spec: RiskArraySpec): void {
  const positive = (value: number | undefined, field: string): void => {
    if (value === undefined || !(value > 0) || !Number.isFinite(value)) throw new InputError([field], `must be a finite number greater than 0, got ${value}`);
  };
  positive(spec.underlyingPrice, 'underlyingPrice');
  positive(spec.contractValueFactor, 'contractValueFactor');
  positive(spec.priceScanRange, 'priceScanRange');
  positive(spec.extremeMultiplier, 'extremeMultiplier');
  if (!(spec.coverFraction >= 0 && spec.coverFraction <= 1)) throw new InputError(['coverFraction'], `must be between 0 and 1, got ${spec.coverFraction}`);
  if (spec.kind === 'option') {
    positive(spec.strike, 'strike');
    positive(spec.timeYears, 'timeYears');
    positive(spec.volatility, 'volatility');
    if (spec.volScanRange === undefined || !(spec.volScanRange >= 0)) throw new InputError(['volScanRange'], `must be a number >= 0, got ${spec.volScanRange}`);
  }
}

/** The 16-scenario risk array, composite delta and value of one long contract. */
export function computeRiskArray(spec: RiskArraySpec): RiskArray {
  checkSpec(spec);
  const losses = new Float64Array(SPAN_SCENARIO_COUNT);
  const cvf = spec.contractValueFactor;
  const F = spec.underlyingPrice;
  if (spec.kind === 'future') {
    for (const s of SPAN_SCENARIOS) {
      const move = s.priceMove * spec.priceScanRange * (s.extreme ? spec.extremeMultiplier : 1);
      losses[s.point - 1] = -move * cvf * (s.extreme ? spec.coverFraction : 1);
    }
    return { losses, compositeDelta: 1, value: 0 };
  }
  const vol = spec.volatility ?? 0;
  const T = spec.timeYears ?? 0;
  const after = T - (spec.lookaheadYears ?? 1 / 365);
  const now = optionValue(spec, F, vol, T);
  for (const s of SPAN_SCENARIOS) {
    const move = s.priceMove * spec.priceScanRange * (s.extreme ? spec.extremeMultiplier : 1);
    const shocked = optionValue(spec, Math.max(F + move, 1e-9), vol + s.volMove * (spec.volScanRange ?? 0), after);
    losses[s.point - 1] = (now - shocked) * cvf * (s.extreme ? spec.coverFraction : 1);
  }
  const greeks = new Float64Array(5);
  let compositeDelta = 0;
  for (const point of SPAN_DELTA_POINTS) {
    const price = Math.max(F + point.priceMove * spec.priceScanRange, 1e-9);
    let delta: number;
    if (after <= 0) delta = spec.optionType === 'put' ? (price < (spec.strike ?? 0) ? -1 : 0) : price > (spec.strike ?? 0) ? 1 : 0;
    else {
      black76Greeks(spec.optionType !== 'put', price, spec.strike ?? 0, after, Math.max(vol, MIN_VOL), spec.rate ?? 0, greeks);
      delta = greeks[GREEK_DELTA] ?? 0;
    }
    compositeDelta += point.weight * delta;
  }
  return { losses, compositeDelta, value: now * cvf };
}
