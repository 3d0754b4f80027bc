/**
 * Backtest margin rate series against the realised losses of a price series.
 *
 *   L_t = 1 − P_{t+h}/P_t (a long; a short: P_{t+h}/P_t − 1)     realised loss over the MPOR h
 *   I_t = 1 when L_t > M_t (the charged rate)                      an exception; target p = 1 − q
 *
 * Every model is tested on the same observations (from the latest warm-up of the models to the
 * last step with h steps after it), so side-by-side figures compare like with like. With h > 1
 * the windows overlap and exceptions are dependent: the result says so, and `nonOverlapping`
 * keeps every h-th observation instead.
 *
 * Procyclicality and cost (Murphy, Vasios & Vause 2014, Bank of England Financial Stability Paper
 * 29, https://www.bankofengland.co.uk/financial-stability-paper/2014/an-investigation-into-the-procyclicality-of-risk-based-initial-margin-models;
 * definitions as svensglinz/BA_Thesis functions.R summary_stats):
 *   peak-to-trough = max_t M_t / min_{s≤t} M_s;  max n-step increase = max_t M_t/M_{t−n} − 1 (n 1, 5, 20);
 *   cost = mean M_t;  exception shortfall = L_t − M_t on exceptions (mean, max);  LTM = L_t/M_t.
 * The daily cap's shortfall (c_t − charged_t) is reported apart from exceptions.
 */
import { InputError } from '../errors.js';
import type { PriceSeries } from './series.js';
import type { RateSeries } from './models.js';
import { christoffersen, kupiecPof, trafficLight, type ChristoffersenResult, type KupiecResult, type TrafficLightResult } from './coverage-tests.js';

export type PositionSide = 'long' | 'short';

export interface BacktestOptions {
  readonly side: PositionSide;
  readonly nonOverlapping: boolean;
  /** Called after each model with (models done, models). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ExceptionPoint {
  readonly index: number;
  readonly loss: number;
  readonly margin: number;
}

export interface Procyclicality {
  readonly peakToTrough: number;
  readonly maxIncrease1: number;
  readonly maxIncrease5: number;
  readonly maxIncrease20: number;
}

export interface ModelBacktest {
  readonly rates: RateSeries;
  readonly mporSteps: number;
  readonly expectedRate: number;
  /** Observation indices tested (into the series). */
  readonly observations: Int32Array;
  /** Realised loss over the MPOR at each series index (NaN where none). */
  readonly losses: Float64Array;
  readonly exceptions: readonly ExceptionPoint[];
  readonly kupiec: KupiecResult;
  readonly christoffersen: ChristoffersenResult;
  readonly trafficLight: TrafficLightResult;
  readonly procyclicality: Procyclicality;
  /** Mean charged rate over the tested range. */
  readonly cost: number;
  readonly exceptionShortfall: { readonly mean: number; readonly max: number };
  readonly lossToMargin: { readonly mean: number; readonly max: number };
  readonly capShortfall: { readonly steps: number; readonly mean: number; readonly max: number };
  readonly overlapping: boolean;
}

export interface BacktestResult {
  readonly side: PositionSide;
  readonly first: number;
  readonly last: number;
  readonly models: readonly ModelBacktest[];
}

/** max_t M_t / min_{s≤t} M_s and the largest n-step increases over charged[first..last]. */
export function procyclicality(charged: Float64Array, first: number, last: number): Procyclicality {
  let trough = Number.POSITIVE_INFINITY;
  let peakToTrough = 1;
  for (let t = first; t <= last; t++) {
    const m = charged[t] as number;
    trough = Math.min(trough, m);
    if (trough > 0) peakToTrough = Math.max(peakToTrough, m / trough);
  }
  const increase = (n: number): number => {
    let best = Number.NEGATIVE_INFINITY;
    for (let t = first + n; t <= last; t++) {
      const before = charged[t - n] as number;
      if (before > 0) best = Math.max(best, (charged[t] as number) / before - 1);
    }
    return best === Number.NEGATIVE_INFINITY ? 0 : best;
  };
  return { peakToTrough, maxIncrease1: increase(1), maxIncrease5: increase(5), maxIncrease20: increase(20) };
}

export function horizonLosses(prices: Float64Array, h: number, side: PositionSide): Float64Array {
  const out = new Float64Array(prices.length).fill(Number.NaN);
  for (let t = 0; t + h < prices.length; t++) {
    const change = (prices[t + h] as number) / (prices[t] as number) - 1;
    out[t] = side === 'long' ? -change : change;
  }
  return out;
}

function backtestOne(series: PriceSeries, rates: RateSeries, first: number, last: number, options: BacktestOptions): ModelBacktest {
  const h = rates.model.mporSteps;
  const losses = horizonLosses(series.prices, h, options.side);
  const stride = options.nonOverlapping ? h : 1;
  const count = last < first ? 0 : Math.floor((last - first) / stride) + 1;
  const observations = new Int32Array(count);
  const indicators = new Uint8Array(count);
  const exceptions: ExceptionPoint[] = [];
  let shortfallSum = 0;
  let shortfallMax = 0;
  let ltmSum = 0;
  let ltmMax = 0;
  for (let i = 0; i < count; i++) {
    const t = first + i * stride;
    observations[i] = t;
    const loss = losses[t] as number;
    const margin = rates.charged[t] as number;
    const ltm = margin > 0 ? loss / margin : Number.POSITIVE_INFINITY;
    if (loss > margin) {
      indicators[i] = 1;
      exceptions.push({ index: t, loss, margin });
      shortfallSum += loss - margin;
      shortfallMax = Math.max(shortfallMax, loss - margin);
      ltmSum += ltm;
      ltmMax = Math.max(ltmMax, ltm);
    }
  }
  const expectedRate = 1 - rates.model.confidence;
  let cost = 0;
  let capSteps = 0;
  let capSum = 0;
  let capMax = 0;
  const end = Math.max(first, last);
  for (let t = first; t <= end; t++) {
    cost += rates.charged[t] as number;
    const s = rates.shortfall[t] as number;
    if (s > 0) {
      capSteps++;
      capSum += s;
      capMax = Math.max(capMax, s);
    }
  }
  const x = exceptions.length;
  return {
    rates,
    mporSteps: h,
    expectedRate,
    observations,
    losses,
    exceptions,
    kupiec: kupiecPof(count, x, expectedRate),
    christoffersen: christoffersen(indicators, expectedRate),
    trafficLight: trafficLight(count, x, expectedRate),
    procyclicality: procyclicality(rates.charged, first, end),
    cost: cost / (end - first + 1),
    exceptionShortfall: { mean: x === 0 ? 0 : shortfallSum / x, max: shortfallMax },
    lossToMargin: { mean: x === 0 ? 0 : ltmSum / x, max: ltmMax },
    capShortfall: { steps: capSteps, mean: capSteps === 0 ? 0 : capSum / capSteps, max: capMax },
    overlapping: h > 1 && !options.nonOverlapping,
  };
}

/** Backtest every rate series over the common range of the series. */
export function backtest(series: PriceSeries, all: readonly RateSeries[], options: BacktestOptions): BacktestResult {
  if (all.length === 0) throw new InputError(['model'], 'at least one model is needed');
  const first = Math.max(...all.map((r) => r.start));
  const maxH = Math.max(...all.map((r) => r.model.mporSteps));
  const last = series.prices.length - 1 - maxH;
  if (last - first + 1 < 2) {
    throw new InputError([series.label], `too short to backtest: ${series.prices.length} prices, models warm up until step ${first} and the longest MPOR is ${maxH} steps`);
  }
  const models: ModelBacktest[] = [];
  for (const rates of all) {
    models.push(backtestOne(series, rates, first, last, options));
    options.onProgress?.(models.length, all.length);
  }
  return { side: options.side, first, last, models };
}
