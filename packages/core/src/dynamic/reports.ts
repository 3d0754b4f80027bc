/**
 * JSON-ready reports of `margin dynamic` and `margin backtest`: every number a decimal string.
 * Rates are requirements and round up (8 decimals); their means, σ and statistics round half-even
 * (8 and 12 digits).
 */
import { formatUnits } from '../num/decimal.js';
import { floatToUnits } from '../num/float.js';
import { divRound } from '../num/rounding.js';
import type { PriceSeries } from './series.js';
import { BINDING_TERMS, type RateSeries } from './models.js';
import type { ModelConfig } from './model-spec.js';
import type { BacktestResult, ModelBacktest } from './backtest.js';

export const RATE_DECIMALS = 8;
export const STAT_DECIMALS = 12;

/**
 * A rate as a decimal string rounded up; null where there is none (warm-up). The rate is first
 * read at 15 significant digits (all a float result carries), then rounded up: 1.25 x 0.01 is
 * the double 0.01250000000000000069..., which reports 0.0125, not 0.01250001.
 */
export function rateText(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const text = value.toPrecision(15);
  const match = /^(-?)(\d+)\.(\d+)$/.exec(text);
  if (match === null) return formatUnits(floatToUnits(value, RATE_DECIMALS, 'ceil'), RATE_DECIMALS);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const units = BigInt(`${sign}${whole}${fraction}`);
  const scale = 10n ** BigInt(fraction.length);
  return formatUnits(divRound(units * 10n ** BigInt(RATE_DECIMALS), scale, 'ceil'), RATE_DECIMALS);
}

/** A mean of rates (a statistic, not a requirement): half-even at the rate's 8 decimals. */
export function meanRateText(value: number): string | null {
  return Number.isFinite(value) ? formatUnits(floatToUnits(value, RATE_DECIMALS, 'halfEven'), RATE_DECIMALS) : null;
}

export function statText(value: number): string | null {
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  return Number.isFinite(value) ? formatUnits(floatToUnits(value, STAT_DECIMALS, 'halfEven'), STAT_DECIMALS) : null;
}

export function modelSettings(model: ModelConfig): Record<string, string | boolean | null> {
  const common = { label: model.label, kind: model.kind, confidence: String(model.confidence), mporSteps: String(model.mporSteps), floorRate: String(model.floorRate) };
  const apc = {
    buffer: String(model.buffer),
    stressWeight: String(model.stressWeight),
    stressFrom: model.stressFromMs === null ? null : new Date(model.stressFromMs).toISOString(),
    stressTo: model.stressToMs === null ? null : new Date(model.stressToMs).toISOString(),
    lookbackSteps: String(model.lookbackSteps),
    cap: model.cap === null ? null : String(model.cap),
  };
  const volatility = { lambda: String(model.lambda), returnType: model.returnType, seedCount: String(model.seedCount), timing: model.timing };
  switch (model.kind) {
    case 'ewma':
      return { ...common, ...volatility, ...apc };
    case 'fhs':
      return { ...common, ...volatility, windowSteps: String(model.windowSteps), medianFloor: model.medianFloor, scale: String(model.scale), ...apc };
    case 'fixed':
      return { ...common, rate: String(model.rate), ...apc };
    case 'dydx-oi':
      return { ...common, baseImf: String(model.baseImf), lowerCap: String(model.lowerCap), upperCap: String(model.upperCap), openInterest: model.openInterest === null ? model.openInterestColumn : String(model.openInterest), ...apc };
    case 'drift-size':
      return { ...common, marginRatio: String(model.marginRatio), imfFactor: String(model.imfFactor), size: model.size === null ? model.sizeColumn : String(model.size), ...apc };
  }
}

export interface DynamicRow {
  readonly time: string;
  readonly price: string;
  readonly sigma: string | null;
  readonly modelRate: string | null;
  readonly calculatedRate: string | null;
  readonly rate: string | null;
  readonly capShortfall: string | null;
  readonly binding: string | null;
}

export interface DynamicReport {
  readonly series: { readonly label: string; readonly rows: number; readonly from: string; readonly to: string };
  readonly model: Record<string, string | boolean | null>;
  readonly z: string | null;
  readonly firstRateAt: string | null;
  readonly rounding: string;
  readonly summary: { readonly minRate: string | null; readonly maxRate: string | null; readonly meanRate: string | null; readonly cappedSteps: number; readonly maxCapShortfall: string | null };
  readonly rows: readonly DynamicRow[];
}

export function dynamicReport(series: PriceSeries, rates: RateSeries): DynamicReport {
  const n = series.prices.length;
  const rows: DynamicRow[] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let capped = 0;
  let maxShort = 0;
  for (let t = 0; t < n; t++) {
    const ready = t >= rates.start;
    const charged = rates.charged[t] as number;
    if (ready) {
      min = Math.min(min, charged);
      max = Math.max(max, charged);
      sum += charged;
      const s = rates.shortfall[t] as number;
      if (s > 0) capped++;
      maxShort = Math.max(maxShort, s);
    }
    rows.push({
      time: series.times[t] as string,
      price: String(series.prices[t]),
      sigma: ready ? statText(rates.sigma[t] as number) : null,
      modelRate: ready ? rateText(rates.modelRate[t] as number) : null,
      calculatedRate: ready ? rateText(rates.calculated[t] as number) : null,
      rate: ready ? rateText(charged) : null,
      capShortfall: ready ? rateText(rates.shortfall[t] as number) : null,
      binding: ready ? (BINDING_TERMS[rates.binding[t] as number] ?? null) : null,
    });
  }
  const count = n - rates.start;
  return {
    series: { label: series.label, rows: n, from: series.times[0] as string, to: series.times[n - 1] as string },
    model: modelSettings(rates.model),
    z: Number.isFinite(rates.z) ? statText(rates.z) : null,
    firstRateAt: count > 0 ? (series.times[rates.start] as string) : null,
    rounding: `rates rounded up to ${RATE_DECIMALS} decimals; sigma half-even to ${STAT_DECIMALS}`,
    summary: {
      minRate: count > 0 ? rateText(min) : null,
      maxRate: count > 0 ? rateText(max) : null,
      meanRate: count > 0 ? meanRateText(sum / count) : null,
      cappedSteps: capped,
      maxCapShortfall: count > 0 ? rateText(maxShort) : null,
    },
    rows,
  };
}

export interface BacktestModelReport {
  readonly model: Record<string, string | boolean | null>;
  readonly observations: number;
  readonly overlappingWindows: boolean;
  readonly expectedRate: string | null;
  readonly exceptions: number;
  readonly exceptionRate: string | null;
  readonly kupiec: { readonly statistic: string | null; readonly pValue: string | null; readonly reject95: boolean; readonly reject99: boolean };
  readonly christoffersen: {
    readonly n00: number;
    readonly n01: number;
    readonly n10: number;
    readonly n11: number;
    readonly independence: string | null;
    readonly independencePValue: string | null;
    readonly unconditionalOnTransitions: string | null;
    readonly conditionalCoverage: string | null;
    readonly conditionalCoveragePValue: string | null;
    readonly rejectIndependence95: boolean;
    readonly rejectConditionalCoverage95: boolean;
  };
  readonly trafficLight: { readonly zone: string; readonly cumulativeProbability: string | null; readonly yellowFrom: number; readonly redFrom: number };
  readonly procyclicality: { readonly peakToTrough: string | null; readonly maxIncrease1: string | null; readonly maxIncrease5: string | null; readonly maxIncrease20: string | null };
  readonly cost: { readonly meanRate: string | null };
  readonly exceptionShortfall: { readonly mean: string | null; readonly max: string | null };
  readonly lossToMargin: { readonly mean: string | null; readonly max: string | null };
  readonly capShortfall: { readonly steps: number; readonly mean: string | null; readonly max: string | null };
  readonly exceptionList: ReadonlyArray<{ readonly time: string; readonly loss: string | null; readonly rate: string | null }>;
}

export interface BacktestReport {
  readonly series: { readonly label: string; readonly rows: number; readonly from: string; readonly to: string };
  readonly side: string;
  readonly tested: { readonly from: string; readonly to: string };
  readonly notes: readonly string[];
  readonly models: readonly BacktestModelReport[];
}

function modelReport(series: PriceSeries, m: ModelBacktest): BacktestModelReport {
  const k = m.kupiec;
  const c = m.christoffersen;
  return {
    model: modelSettings(m.rates.model),
    observations: k.observations,
    overlappingWindows: m.overlapping,
    expectedRate: statText(m.expectedRate),
    exceptions: k.exceptions,
    exceptionRate: statText(k.observedRate),
    kupiec: { statistic: statText(k.statistic), pValue: statText(k.pValue), reject95: k.reject95, reject99: k.reject99 },
    christoffersen: {
      n00: c.n00,
      n01: c.n01,
      n10: c.n10,
      n11: c.n11,
      independence: statText(c.independence),
      independencePValue: statText(c.independencePValue),
      unconditionalOnTransitions: statText(c.unconditionalOnTransitions),
      conditionalCoverage: statText(c.conditionalCoverage),
      conditionalCoveragePValue: statText(c.conditionalCoveragePValue),
      rejectIndependence95: c.rejectIndependence95,
      rejectConditionalCoverage95: c.rejectConditionalCoverage95,
    },
    trafficLight: { zone: m.trafficLight.zone, cumulativeProbability: statText(m.trafficLight.cumulativeProbability), yellowFrom: m.trafficLight.yellowFrom, redFrom: m.trafficLight.redFrom },
    procyclicality: {
      peakToTrough: statText(m.procyclicality.peakToTrough),
      maxIncrease1: statText(m.procyclicality.maxIncrease1),
      maxIncrease5: statText(m.procyclicality.maxIncrease5),
      maxIncrease20: statText(m.procyclicality.maxIncrease20),
    },
    cost: { meanRate: meanRateText(m.cost) },
    exceptionShortfall: { mean: statText(m.exceptionShortfall.mean), max: statText(m.exceptionShortfall.max) },
    lossToMargin: { mean: statText(m.lossToMargin.mean), max: statText(m.lossToMargin.max) },
    capShortfall: { steps: m.capShortfall.steps, mean: rateText(m.capShortfall.mean), max: rateText(m.capShortfall.max) },
    exceptionList: m.exceptions.map((e) => ({ time: series.times[e.index] as string, loss: statText(e.loss), rate: rateText(e.margin) })),
  };
}

export function backtestReport(series: PriceSeries, result: BacktestResult): BacktestReport {
  const n = series.prices.length;
  const notes = [
    `loss over the MPOR of a ${result.side} position: ${result.side === 'long' ? '1 - P(t+h)/P(t)' : 'P(t+h)/P(t) - 1'}; an exception when it exceeds the charged rate`,
    'Christoffersen LR_cc = LR_uc over observations 2..T (unconditionalOnTransitions) + LR_ind',
    'traffic-light zones from the binomial CDF: green below 95%, yellow below 99.99%, red from there (BCBS 1996)',
  ];
  if (result.models.some((m) => m.overlapping)) notes.push('MPOR > 1 with overlapping windows: exceptions are dependent, the tests overstate their evidence (--non-overlapping tests every h-th step)');
  return {
    series: { label: series.label, rows: n, from: series.times[0] as string, to: series.times[n - 1] as string },
    side: result.side,
    tested: { from: series.times[result.first] as string, to: series.times[result.last] as string },
    notes,
    models: result.models.map((m) => modelReport(series, m)),
  };
}
