/**
 * Time-weighted averages of a sampled series over [startMs, endMs] (settlement prices).
 *
 * `time-weighted`: each sample's value holds from its time until the next sample (a step
 * function); the last sample at or before the start carries into the window. Time before the
 * first sample is not covered and is reported (`coveredMs` < window). `mean`: the plain mean of
 * the samples with start < time <= end (equally spaced samples, e.g. one per second).
 * The one division rounds half-even at 18 digits: a settlement price is a reference price,
 * and the PnL it produces is rounded against each account afterwards.
 */
import type { Fixed } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { InputError, invariant } from '../errors.js';
import type { TimedValue } from './ema.js';
import type { TwapMethod } from './market-profile.js';

export interface TwapResult {
  readonly value: Fixed;
  readonly method: TwapMethod;
  readonly startMs: number;
  readonly endMs: number;
  /** Samples that shaped the value. */
  readonly samplesUsed: number;
  /** Milliseconds of the window covered by samples (time-weighted only; = window for mean). */
  readonly coveredMs: number;
}

/** Samples must be in time order; a sample out of order is named by its index. */
export function checkTimeOrder(samples: readonly TimedValue[], field: string): void {
  samples.forEach((sample, index) => {
    const previous = samples[index - 1];
    if (previous !== undefined && sample.timeMs < previous.timeMs) {
      throw new InputError([field, index, 'time'], 'samples must be in time order (this one is earlier than the previous)');
    }
  });
}

export function twap(samples: readonly TimedValue[], startMs: number, endMs: number, method: TwapMethod): TwapResult {
  invariant(endMs > startMs, 'TWAP window has positive length');
  if (method === 'mean') {
    const inWindow = samples.filter((sample) => sample.timeMs > startMs && sample.timeMs <= endMs);
    if (inWindow.length === 0) throw new InputError(['samples'], 'no sample inside the averaging window');
    const sum = inWindow.reduce((total, sample) => total + sample.value, 0n);
    return { value: divRound(sum, BigInt(inWindow.length), 'halfEven'), method, startMs, endMs, samplesUsed: inWindow.length, coveredMs: endMs - startMs };
  }
  let area = 0n; // value x ms
  let coveredMs = 0;
  let used = 0;
  samples.forEach((sample, index) => {
    const next = samples[index + 1];
    const from = Math.max(sample.timeMs, startMs);
    const to = Math.min(next === undefined ? endMs : next.timeMs, endMs);
    if (to <= from) return;
    area += sample.value * BigInt(to - from);
    coveredMs += to - from;
    used++;
  });
  if (coveredMs === 0) throw new InputError(['samples'], 'no sample covers any part of the averaging window');
  return { value: divRound(area, BigInt(coveredMs), 'halfEven'), method, startMs, endMs, samplesUsed: used, coveredMs };
}
