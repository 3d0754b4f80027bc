/**
 * Time-decay moving averages of sampled series (mark price inputs).
 *
 * Hyperliquid's EMA (robust-price-indices): at each sample, with t the time since the previous
 * one, num <- num x exp(-t / tau) + sample x t and den <- den x exp(-t / tau) + t; the EMA is
 * num / den. The first sample only starts the clock (it has no elapsed time); a single sample is
 * its own average. exp comes from the bigint series of fixed-math.ts, so results replay exactly.
 */
import type { Fixed } from '../num/fixed.js';
import { ONE } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { invariant } from '../errors.js';
import { expFixed } from './fixed-math.js';

export interface TimedValue {
  readonly timeMs: number;
  readonly value: Fixed;
}

export function timeDecayEma(samples: readonly TimedValue[], timeConstantMs: number): Fixed {
  invariant(samples.length > 0, 'EMA of at least one sample');
  invariant(timeConstantMs > 0, 'EMA time constant is positive');
  const last = samples[samples.length - 1];
  if (last === undefined || samples.length === 1) return last?.value ?? 0n;
  // Unrolled recursion: sample i weighs (t_i - t_{i-1}) x exp(-(t_last - t_i) / tau). Computing each
  // weight directly (instead of decaying running sums) keeps the average of a constant exact.
  let numerator = 0n;
  let denominator = 0n;
  for (let i = 1; i < samples.length; i++) {
    const sample = samples[i];
    const previous = samples[i - 1];
    if (sample === undefined || previous === undefined) break;
    const elapsedMs = sample.timeMs - previous.timeMs;
    invariant(elapsedMs >= 0, 'EMA samples are in time order');
    const ageMs = last.timeMs - sample.timeMs;
    const weight = expFixed(-divRound(BigInt(ageMs) * ONE, BigInt(timeConstantMs), 'trunc')) * BigInt(elapsedMs);
    numerator += weight * sample.value;
    denominator += weight;
  }
  if (denominator === 0n) return last.value; // all at one instant, or weights below 1e-18
  return divRound(numerator, denominator, 'halfEven');
}

/** Plain mean of the values whose time is in (endMs - windowMs, endMs]; null when none is. */
export function windowMean(samples: readonly TimedValue[], endMs: number, windowMs: number): { mean: Fixed; count: number } | null {
  const inWindow = samples.filter((sample) => sample.timeMs > endMs - windowMs && sample.timeMs <= endMs);
  if (inWindow.length === 0) return null;
  const sum = inWindow.reduce((total, sample) => total + sample.value, 0n);
  return { mean: divRound(sum, BigInt(inWindow.length), 'halfEven'), count: inWindow.length };
}
