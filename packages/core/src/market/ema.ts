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
  const first = samples[0];
  if (first === undefined || samples.length === 1) return first?.value ?? 0n;
  let numerator = 0n; // value x ms
  let denominator = 0n; // ms
  let previousMs = first.timeMs;
  for (const sample of samples.slice(1)) {
    const elapsedMs = sample.timeMs - previousMs;
    invariant(elapsedMs >= 0, 'EMA samples are in time order');
    const decay = expFixed(-divRound(BigInt(elapsedMs) * ONE, BigInt(timeConstantMs), 'trunc'));
    numerator = divRound(numerator * decay, ONE, 'trunc') + sample.value * BigInt(elapsedMs);
    denominator = divRound(denominator * decay, ONE, 'trunc') + BigInt(elapsedMs);
    previousMs = sample.timeMs;
  }
  if (denominator === 0n) return samples[samples.length - 1]?.value ?? 0n; // all at one instant
  return divRound(numerator, denominator, 'halfEven');
}

/** Plain mean of the values whose time is in (endMs - windowMs, endMs]; null when none is. */
export function windowMean(samples: readonly TimedValue[], endMs: number, windowMs: number): { mean: Fixed; count: number } | null {
  const inWindow = samples.filter((sample) => sample.timeMs > endMs - windowMs && sample.timeMs <= endMs);
  if (inWindow.length === 0) return null;
  const sum = inWindow.reduce((total, sample) => total + sample.value, 0n);
  return { mean: divRound(sum, BigInt(inWindow.length), 'halfEven'), count: inWindow.length };
}
