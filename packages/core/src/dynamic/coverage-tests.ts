/**
 * The standard backtests of a margin (VaR) model over exception indicators I_t (1 when the loss
 * exceeded the margin): Kupiec's proportion of failures, Christoffersen's independence and
 * conditional coverage, and the Basel traffic-light zone.
 *
 * - Kupiec, P. (1995), "Techniques for verifying the accuracy of risk measurement models",
 *   Journal of Derivatives 3(2), 73-84, https://doi.org/10.3905/jod.1995.407942
 * - Christoffersen, P. (1998), "Evaluating interval forecasts", International Economic Review
 *   39(4), 841-862, https://doi.org/10.2307/2527341
 * - BCBS (1996), "Supervisory framework for the use of backtesting in conjunction with the
 *   internal models approach to market risk capital requirements", Table 2,
 *   https://www.bis.org/publ/bcbs22.pdf
 */
import { CHI2_CRITICAL, binomialCdfs, chiSquare1Tail, chiSquare2Tail } from './distributions.js';

/** x·ln(y) with 0·ln 0 := 0. */
function xlog(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

export interface KupiecResult {
  readonly observations: number;
  readonly exceptions: number;
  readonly expectedRate: number;
  readonly observedRate: number;
  /** LR_uc ~ χ²(1). */
  readonly statistic: number;
  readonly pValue: number;
  readonly reject95: boolean;
  readonly reject99: boolean;
}

/** LR_uc = −2 ln[(1−p)^{T−x} p^x] + 2 ln[(1−π̂)^{T−x} π̂^x], π̂ = x/T. */
export function kupiecPof(observations: number, exceptions: number, expectedRate: number): KupiecResult {
  const t = observations;
  const x = exceptions;
  const observed = t === 0 ? 0 : x / t;
  const statistic = t === 0 ? 0 : Math.max(0, -2 * (xlog(t - x, 1 - expectedRate) + xlog(x, expectedRate)) + 2 * (xlog(t - x, 1 - observed) + xlog(x, observed)));
  return {
    observations: t,
    exceptions: x,
    expectedRate,
    observedRate: observed,
    statistic,
    pValue: chiSquare1Tail(statistic),
    reject95: statistic > CHI2_CRITICAL.df1.p95,
    reject99: statistic > CHI2_CRITICAL.df1.p99,
  };
}

export interface TransitionCounts {
  readonly n00: number;
  readonly n01: number;
  readonly n10: number;
  readonly n11: number;
}

/** n_ij = #{t : I_{t−1} = i, I_t = j} over consecutive observations. */
export function transitionCounts(indicators: ArrayLike<number>): TransitionCounts {
  const counts = [0, 0, 0, 0];
  for (let t = 1; t < indicators.length; t++) {
    const from = indicators[t - 1] ? 1 : 0;
    const to = indicators[t] ? 1 : 0;
    counts[from * 2 + to] = (counts[from * 2 + to] as number) + 1;
  }
  return { n00: counts[0] as number, n01: counts[1] as number, n10: counts[2] as number, n11: counts[3] as number };
}

export interface ChristoffersenResult extends TransitionCounts {
  readonly pi01: number;
  readonly pi11: number;
  readonly pi: number;
  /** LR_ind ~ χ²(1). */
  readonly independence: number;
  readonly independencePValue: number;
  /** LR_uc over the same T−1 observations (I_2..I_T) the transitions count, so LR_cc = LR_uc + LR_ind exactly. */
  readonly unconditionalOnTransitions: number;
  /** LR_cc ~ χ²(2). */
  readonly conditionalCoverage: number;
  readonly conditionalCoveragePValue: number;
  readonly rejectIndependence95: boolean;
  readonly rejectConditionalCoverage95: boolean;
  readonly rejectConditionalCoverage99: boolean;
}

/** Christoffersen's independence and conditional-coverage tests from the transition counts. */
export function christoffersenFromCounts(counts: TransitionCounts, expectedRate: number): ChristoffersenResult {
  const { n00, n01, n10, n11 } = counts;
  const pi01 = n00 + n01 === 0 ? 0 : n01 / (n00 + n01);
  const pi11 = n10 + n11 === 0 ? 0 : n11 / (n10 + n11);
  const total = n00 + n01 + n10 + n11;
  const pi = total === 0 ? 0 : (n01 + n11) / total;
  const restricted = xlog(n00 + n10, 1 - pi) + xlog(n01 + n11, pi);
  const unrestricted = xlog(n00, 1 - pi01) + xlog(n01, pi01) + xlog(n10, 1 - pi11) + xlog(n11, pi11);
  const independence = Math.max(0, -2 * restricted + 2 * unrestricted);
  const unconditional = kupiecPof(total, n01 + n11, expectedRate).statistic;
  const conditionalCoverage = unconditional + independence;
  return {
    ...counts,
    pi01,
    pi11,
    pi,
    independence,
    independencePValue: chiSquare1Tail(independence),
    unconditionalOnTransitions: unconditional,
    conditionalCoverage,
    conditionalCoveragePValue: chiSquare2Tail(conditionalCoverage),
    rejectIndependence95: independence > CHI2_CRITICAL.df1.p95,
    rejectConditionalCoverage95: conditionalCoverage > CHI2_CRITICAL.df2.p95,
    rejectConditionalCoverage99: conditionalCoverage > CHI2_CRITICAL.df2.p99,
  };
}

export function christoffersen(indicators: ArrayLike<number>, expectedRate: number): ChristoffersenResult {
  return christoffersenFromCounts(transitionCounts(indicators), expectedRate);
}

export type TrafficLightZone = 'green' | 'yellow' | 'red';

export interface TrafficLightResult {
  readonly zone: TrafficLightZone;
  /** P(X ≤ exceptions) under the model's expected rate. */
  readonly cumulativeProbability: number;
  /** First exception count in the yellow zone (cumulative probability ≥ 95%). */
  readonly yellowFrom: number;
  /** First exception count in the red zone (cumulative probability ≥ 99.99%). */
  readonly redFrom: number;
}

export const TRAFFIC_LIGHT_YELLOW = 0.95;
export const TRAFFIC_LIGHT_RED = 0.9999;

/** The Basel traffic-light zone of `exceptions` in `observations` at rate p: green < 95% ≤ yellow < 99.99% ≤ red. */
export function trafficLight(observations: number, exceptions: number, expectedRate: number): TrafficLightResult {
  const cdfs = binomialCdfs(observations, expectedRate, observations);
  let yellowFrom = observations + 1;
  let redFrom = observations + 1;
  for (let k = 0; k <= observations; k++) {
    const c = cdfs[k] as number;
    if (yellowFrom > observations && c >= TRAFFIC_LIGHT_YELLOW) yellowFrom = k;
    if (c >= TRAFFIC_LIGHT_RED) {
      redFrom = k;
      break;
    }
  }
  const zone: TrafficLightZone = exceptions >= redFrom ? 'red' : exceptions >= yellowFrom ? 'yellow' : 'green';
  return { zone, cumulativeProbability: (cdfs[Math.min(exceptions, observations)] as number) ?? 1, yellowFrom, redFrom };
}
