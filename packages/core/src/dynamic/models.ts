/**
 * Run a dynamic margin model over a price series: the rate series with, per step, σ, the terms
 * that could bind and the one that did.
 *
 *   rate_t = max(z_q·σ_t·√h, floor)              EWMA (z_q = Φ⁻¹(q), h = MPOR in steps)
 *   rate_t = max(FHS quantile, floor)             filtered historical simulation (fhs.ts)
 *   σ²_t  = (1−w)·σ²_cur + w·σ²_stress            APC (b), w = stressWeight
 *   c_t   = max(model, z·σ_long·√h, floor)        APC (c), σ_long over `lookback` steps
 *   then the buffer (APC (a)) and the daily cap (apc.ts); the cap's shortfall is c_t − charged_t.
 */
import { InputError } from '../errors.js';
import type { PriceSeries } from './series.js';
import type { ModelConfig } from './model-spec.js';
import { ewmaVolatility, returnsOf } from './ewma.js';
import { normQuantile } from './distributions.js';
import { fhsRate } from './fhs.js';
import { applyBuffer, applyDailyCap } from './apc.js';
import { driftSizePremiumRatio, dydxOpenInterestImf } from './venue-models.js';

/** Which term set the charged rate. */
export const BINDING_TERMS = ['model', 'floor', 'lookback', 'buffer', 'cap'] as const;
export type BindingTerm = (typeof BINDING_TERMS)[number];

export interface RateSeries {
  readonly model: ModelConfig;
  /** First index with a rate (before it: warm-up, NaN). */
  readonly start: number;
  readonly z: number;
  /** σ used (after the stress blend); NaN for models without one. */
  readonly sigma: Float64Array;
  /** The model's own rate (before floors). */
  readonly modelRate: Float64Array;
  /** c_t: the calculated requirement (model, long-lookback floor, floor rate). */
  readonly calculated: Float64Array;
  /** After the buffer. */
  readonly buffered: Float64Array;
  /** The rate charged (after the daily cap). */
  readonly charged: Float64Array;
  /** max(0, c_t − charged_t): cover given up by the cap. */
  readonly shortfall: Float64Array;
  /** Index into BINDING_TERMS per step. */
  readonly binding: Uint8Array;
}

function stressVariance(series: PriceSeries, returns: Float64Array, model: ModelConfig): number | null {
  if (model.stressFromMs === null || model.stressToMs === null) return null;
  let sum = 0;
  let count = 0;
  for (let t = 1; t < returns.length; t++) {
    const at = series.timesMs[t] as number;
    if (at >= model.stressFromMs && at <= model.stressToMs) {
      sum += (returns[t] as number) ** 2;
      count++;
    }
  }
  if (count < 2) throw new InputError([model.label, 'stressFrom'], `the stress period holds ${count} returns of the series; at least 2 are needed`);
  return sum / count;
}

/** σ after the stress blend, in place: σ²_t = (1−w)σ²_t + w·σ²_stress (a fixed period, or the highest so far). */
function blendStress(sigma: Float64Array, start: number, weight: number, fixed: number | null): void {
  let peak = 0;
  for (let t = start; t < sigma.length; t++) {
    const v = (sigma[t] as number) ** 2;
    peak = Math.max(peak, v);
    const stress = fixed ?? peak;
    sigma[t] = Math.sqrt((1 - weight) * v + weight * stress);
  }
}

function column(series: PriceSeries, name: string, constant: number | null, label: string, key: string): (t: number) => number {
  if (constant !== null) return () => constant;
  const values = series.columns.get(name);
  if (values === undefined) throw new InputError([label, key], `give a constant (${key}=...) or a "${name}" column in the series`);
  return (t) => values[t] as number;
}

/** The model's own rate per step (NaN in warm-up) and σ where the model has one. */
function baseRates(series: PriceSeries, model: ModelConfig, z: number): { start: number; sigma: Float64Array; rate: Float64Array } {
  const n = series.prices.length;
  const rate = new Float64Array(n).fill(Number.NaN);
  const nan = new Float64Array(n).fill(Number.NaN);
  const sqrtH = Math.sqrt(model.mporSteps);
  switch (model.kind) {
    case 'ewma':
    case 'fhs': {
      const returns = returnsOf(series.prices, model.returnType);
      const { sigma, start } = ewmaVolatility(returns, model);
      if (start >= n) throw new InputError([model.label, 'seed'], `the series has ${n} prices; the EWMA seed needs ${model.seedCount + 1}`);
      const raw = Float64Array.from(sigma);
      if (model.stressWeight > 0) blendStress(sigma, start, model.stressWeight, stressVariance(series, returns, model));
      if (model.kind === 'ewma') {
        for (let t = start; t < n; t++) rate[t] = z * (sigma[t] as number) * sqrtH;
        return { start, sigma, rate };
      }
      if (model.windowSteps <= model.mporSteps) throw new InputError([model.label, 'window'], `must be longer than the MPOR (${model.mporSteps} steps): FHS builds MPOR-step P&Ls from the window, got ${model.windowSteps}`);
      const fhsStart = start + model.windowSteps;
      if (fhsStart >= n) throw new InputError([model.label, 'window'], `the series has ${n} prices; FHS needs ${fhsStart + 1} (seed ${model.seedCount} + window ${model.windowSteps} + 1)`);
      fhsRate(returns, raw, sigma, model, fhsStart, rate);
      return { start: fhsStart, sigma, rate };
    }
    case 'fixed':
      rate.fill(model.rate);
      return { start: 0, sigma: nan, rate };
    case 'dydx-oi': {
      const oi = column(series, model.openInterestColumn, model.openInterest, model.label, 'oi');
      for (let t = 0; t < n; t++) rate[t] = dydxOpenInterestImf(model.baseImf, model.lowerCap, model.upperCap, oi(t) * (series.prices[t] as number));
      return { start: 0, sigma: nan, rate };
    }
    case 'drift-size': {
      const size = column(series, model.sizeColumn, model.size, model.label, 'size');
      for (let t = 0; t < n; t++) rate[t] = driftSizePremiumRatio(model.marginRatio, model.imfFactor, size(t), [model.label]);
      return { start: 0, sigma: nan, rate };
    }
  }
}

/** σ over the last `window` returns (expanding until full), zero mean, at each step from `start`. */
function lookbackSigma(prices: Float64Array, type: ModelConfig['returnType'], window: number): Float64Array {
  const returns = returnsOf(prices, type);
  const out = new Float64Array(prices.length).fill(Number.NaN);
  let sum = 0;
  for (let t = 1; t < prices.length; t++) {
    sum += (returns[t] as number) ** 2;
    if (t > window) sum -= (returns[t - window] as number) ** 2;
    out[t] = Math.sqrt(Math.max(0, sum) / Math.min(t, window));
  }
  return out;
}

export function runModel(series: PriceSeries, model: ModelConfig): RateSeries {
  const n = series.prices.length;
  const z = normQuantile(model.confidence);
  const { start, sigma, rate: modelRate } = baseRates(series, model, z);
  const calculated = new Float64Array(n).fill(Number.NaN);
  const binding = new Uint8Array(n);
  const longSigma = model.lookbackSteps > 0 ? lookbackSigma(series.prices, model.returnType, model.lookbackSteps) : null;
  const sqrtH = Math.sqrt(model.mporSteps);
  for (let t = start; t < n; t++) {
    let c = modelRate[t] as number;
    let term = 0;
    if (longSigma !== null) {
      const long = z * (longSigma[t] as number) * sqrtH;
      if (long > c) {
        c = long;
        term = 2;
      }
    }
    if (model.floorRate > c) {
      c = model.floorRate;
      term = 1;
    }
    calculated[t] = c;
    binding[t] = term;
  }
  const buffered = Float64Array.from(calculated);
  if (model.buffer > 0) applyBuffer(calculated, model.buffer, start, buffered);
  const charged = new Float64Array(n).fill(Number.NaN);
  const shortfall = new Float64Array(n).fill(Number.NaN);
  applyDailyCap(buffered, calculated, model.cap, start, charged, shortfall);
  for (let t = start; t < n; t++) {
    if ((charged[t] as number) < (buffered[t] as number)) binding[t] = 4;
    else if ((buffered[t] as number) > (calculated[t] as number)) binding[t] = 3;
  }
  return { model, start, z, sigma, modelRate, calculated, buffered, charged, shortfall, binding };
}
