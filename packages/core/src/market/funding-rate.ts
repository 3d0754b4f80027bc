/**
 * The funding rate of one window from its average premium, per profile rules:
 *
 *   basis hours  B = interval (per-interval profiles), 8 (eight-hour-prorated) or 24 (day-prorated)
 *   interest     I = interest per day x B / 24 (unless given directly)
 *   formula      F = P + clamp(I - P, -c, c)          (interest-clamp: Binance, Bybit, BitMEX, Hyperliquid)
 *                F = P + I                            (premium-plus-interest: dYdX)
 *   payment      R = F (per-interval) or F x interval / B (Hyperliquid F/8 hourly, dYdX hourly, Drift F/24 hourly)
 *   cap          clamp(F or R, floor, cap) per the profile: fixed, k x MMR, or k x (IMR - MMR)
 *   change limit BitMEX: |R - previous| <= 0.75 x MMR when the previous rate is known
 *
 * Every product truncates toward zero (a rate error never enlarges a transfer) and the cap bound
 * itself truncates toward zero, so |R| <= cap holds exactly.
 */
import type { Fixed } from '../num/fixed.js';
import { mul } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { formatFixed } from '../num/decimal.js';
import { InputError } from '../errors.js';
import { clamp } from './stats.js';
import type { CapRule, CapTarget, FundingRules } from './market-profile.js';

export interface CapBounds {
  /** Human description of where the bounds come from. */
  readonly rule: string;
  readonly cap: Fixed;
  readonly floor: Fixed;
}

export interface MarginRates {
  readonly maintenanceRate?: Fixed | null;
  readonly initialRate?: Fixed | null;
}

function need(value: Fixed | null | undefined, field: string, why: string): Fixed {
  if (value === null || value === undefined) throw new InputError([field], `is required: ${why} (or give capRate and floorRate)`);
  return value;
}

/** Cap and floor of a rule; fixed overrides (`capRate` / `floorRate`) are applied by the caller. */
export function capBounds(rule: CapRule, rates: MarginRates): CapBounds | null {
  switch (rule.kind) {
    case 'none':
      return null;
    case 'fixed':
      return { rule: `fixed cap ${formatFixed(rule.cap)} / floor ${formatFixed(rule.floor)}`, cap: rule.cap, floor: rule.floor };
    case 'maintenance-multiple': {
      const mmr = need(rates.maintenanceRate, 'maintenanceRate', `the cap is ${formatFixed(rule.multiplier)} x the maintenance rate`);
      const bound = mul(rule.multiplier, mmr, 'trunc');
      return { rule: `${formatFixed(rule.multiplier)} x maintenance rate ${formatFixed(mmr)}`, cap: bound, floor: -bound };
    }
    case 'margin-difference': {
      const why = `the cap is ${formatFixed(rule.multiplier)} x (initial rate - maintenance rate)`;
      const imr = need(rates.initialRate, 'initialRate', why);
      const mmr = need(rates.maintenanceRate, 'maintenanceRate', why);
      if (imr < mmr) throw new InputError(['initialRate'], `must be at least the maintenance rate ${formatFixed(mmr)}, got "${formatFixed(imr)}"`);
      const bound = mul(rule.multiplier, imr - mmr, 'trunc');
      return { rule: `${formatFixed(rule.multiplier)} x (initial rate ${formatFixed(imr)} - maintenance rate ${formatFixed(mmr)})`, cap: bound, floor: -bound };
    }
  }
}

export interface FundingRateRequest {
  readonly rules: FundingRules;
  readonly intervalHours: number;
  readonly premiumAverage: Fixed;
  /** Interest of the formula's basis period; defaults to the profile's interest per day scaled. */
  readonly interestRate?: Fixed | null;
  readonly clampBound?: Fixed | null;
  /** Cap bounds already resolved (profile rule or input override), or null for no cap. */
  readonly capBounds: CapBounds | null;
  readonly maintenanceRate?: Fixed | null;
  readonly previousRate?: Fixed | null;
}

export interface FundingRateBreakdown {
  readonly premiumAverage: Fixed;
  readonly basisHours: number;
  readonly interestRate: Fixed;
  readonly clampBound: Fixed | null;
  /** I - P before and after the clamp (interest-clamp formula only). */
  readonly interestMinusPremium: Fixed | null;
  readonly clampedInterestMinusPremium: Fixed | null;
  /** F, the rate of the basis period before the cap. */
  readonly formulaRate: Fixed;
  readonly cap: (CapBounds & { readonly target: CapTarget; readonly hit: boolean }) | null;
  readonly changeLimit: { readonly previousRate: Fixed; readonly maxChange: Fixed; readonly hit: boolean } | null;
  /** The rate of one payment (one funding interval). */
  readonly rate: Fixed;
}

/** Interest per day scaled to `hours` (truncated toward zero). */
export function interestForHours(interestPerDay: Fixed, hours: number): Fixed {
  return divRound(interestPerDay * BigInt(hours * 1000), 24_000n, 'trunc');
}

/** Hours of the period the formula's rate covers: the interval itself, 8 h or 24 h (see `RateScaling`). */
export function rateBasisHours(rules: FundingRules, intervalHours: number): number {
  if (rules.scaling === 'per-interval') return intervalHours;
  return rules.scaling === 'day-prorated' ? 24 : 8;
}

function prorate(rate: Fixed, rules: FundingRules, intervalHours: number): Fixed {
  if (rules.scaling === 'per-interval') return rate;
  return divRound(rate * BigInt(intervalHours * 1000), BigInt(rateBasisHours(rules, intervalHours) * 1000), 'trunc');
}

export function computeFundingRate(request: FundingRateRequest): FundingRateBreakdown {
  const { rules, premiumAverage } = request;
  const basisHours = rateBasisHours(rules, request.intervalHours);
  const interestRate = request.interestRate ?? interestForHours(rules.interestPerDay, basisHours);
  let formulaRate: Fixed;
  let clampBound: Fixed | null = null;
  let interestMinusPremium: Fixed | null = null;
  let clampedInterestMinusPremium: Fixed | null = null;
  if (rules.formula === 'interest-clamp') {
    clampBound = request.clampBound ?? rules.clampBound;
    interestMinusPremium = interestRate - premiumAverage;
    clampedInterestMinusPremium = clamp(interestMinusPremium, -clampBound, clampBound);
    formulaRate = premiumAverage + clampedInterestMinusPremium;
  } else {
    formulaRate = premiumAverage + interestRate;
  }
  const bounds = request.capBounds;
  let rate: Fixed;
  let capHit: boolean;
  if (bounds !== null && rules.capTarget === 'formula-rate') {
    const capped = clamp(formulaRate, bounds.floor, bounds.cap);
    capHit = capped !== formulaRate;
    rate = prorate(capped, rules, request.intervalHours);
  } else {
    const uncapped = prorate(formulaRate, rules, request.intervalHours);
    rate = bounds === null ? uncapped : clamp(uncapped, bounds.floor, bounds.cap);
    capHit = rate !== uncapped;
  }
  let changeLimit: FundingRateBreakdown['changeLimit'] = null;
  const previous = request.previousRate;
  if (rules.maxChangeMaintenanceMultiple !== null && previous !== null && previous !== undefined) {
    const mmr = need(request.maintenanceRate, 'maintenanceRate', 'the change between intervals is limited to a multiple of the maintenance rate');
    const maxChange = mul(rules.maxChangeMaintenanceMultiple, mmr, 'trunc');
    const limited = clamp(rate, previous - maxChange, previous + maxChange);
    changeLimit = { previousRate: previous, maxChange, hit: limited !== rate };
    rate = bounds === null ? limited : clamp(limited, bounds.floor, bounds.cap); // the cap still wins
  }
  return {
    premiumAverage,
    basisHours,
    interestRate,
    clampBound,
    interestMinusPremium,
    clampedInterestMinusPremium,
    formulaRate,
    cap: bounds === null ? null : { ...bounds, target: rules.capTarget, hit: capHit },
    changeLimit,
    rate,
  };
}
