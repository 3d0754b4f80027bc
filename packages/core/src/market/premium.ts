/**
 * Premium index samples and their average over a funding window.
 *
 * One sample: P = [max(0, impactBid - R) - max(0, R - impactAsk)] / index, with R the reference
 * price of the profile: the index (Binance today, dYdX, Hyperliquid's oracle), the mark (Binance's
 * 2019 text), or the mark plus BitMEX's fair basis term (mark - index) / index. A missing impact
 * price (book too thin) contributes nothing to its side. Averages: plain mean (BitMEX, dYdX,
 * Hyperliquid; dYdX pads missing minutes with zero samples up to 60) or Binance's time-weighted
 * mean with weights 1, 2, ..., n (later samples weigh more).
 *
 * Rates are truncated toward zero at 18 digits: any error shrinks a transfer, never enlarges it.
 */
import type { Fixed } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { Rational, R0 } from '../num/rational.js';
import { invariant } from '../errors.js';

export const PREMIUM_REFERENCES = ['index', 'mark', 'mark-plus-fair-basis'] as const;
export type PremiumReference = (typeof PREMIUM_REFERENCES)[number];

export const PREMIUM_AVERAGINGS = ['mean', 'linear-weighted'] as const;
export type PremiumAveraging = (typeof PREMIUM_AVERAGINGS)[number];

export interface PremiumInputs {
  readonly impactBid: Fixed | null;
  readonly impactAsk: Fixed | null;
  readonly indexPrice: Fixed;
  /** Required for the `mark` and `mark-plus-fair-basis` references. */
  readonly markPrice?: Fixed | null;
}

function positivePart(value: Rational): Rational {
  return value.sign() > 0 ? value : R0;
}

/** One premium index sample. */
export function premiumSample(inputs: PremiumInputs, reference: PremiumReference): Fixed {
  invariant(inputs.indexPrice > 0n, 'index price is positive');
  const index = Rational.fromFixed(inputs.indexPrice);
  let referencePrice = index;
  if (reference !== 'index') {
    invariant(inputs.markPrice !== undefined && inputs.markPrice !== null && inputs.markPrice > 0n, 'mark price is given for a mark-referenced premium');
    referencePrice = Rational.fromFixed(inputs.markPrice);
  }
  const bidPart = inputs.impactBid === null ? R0 : positivePart(Rational.fromFixed(inputs.impactBid).sub(referencePrice));
  const askPart = inputs.impactAsk === null ? R0 : positivePart(referencePrice.sub(Rational.fromFixed(inputs.impactAsk)));
  let premium = bidPart.sub(askPart).div(index);
  if (reference === 'mark-plus-fair-basis') premium = premium.add(referencePrice.sub(index).div(index));
  return premium.toUnits(18, 'trunc');
}

export interface PremiumAverage {
  readonly average: Fixed;
  readonly sampleCount: number;
  /** Zero samples added to reach the profile's minimum count (dYdX). */
  readonly paddedCount: number;
}

/** Average of the samples of one window, in time order. */
export function averagePremium(samples: readonly Fixed[], averaging: PremiumAveraging, minSamples = 0): PremiumAverage {
  invariant(samples.length > 0, 'at least one premium sample');
  if (averaging === 'linear-weighted') {
    let weighted = 0n;
    samples.forEach((sample, i) => {
      weighted += BigInt(i + 1) * sample;
    });
    const n = BigInt(samples.length);
    return { average: divRound(weighted, (n * (n + 1n)) / 2n, 'trunc'), sampleCount: samples.length, paddedCount: 0 };
  }
  const count = Math.max(samples.length, minSamples);
  const sum = samples.reduce((total, sample) => total + sample, 0n);
  return { average: divRound(sum, BigInt(count), 'trunc'), sampleCount: samples.length, paddedCount: count - samples.length };
}
