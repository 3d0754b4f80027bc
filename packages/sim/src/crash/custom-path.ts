/**
 * A crash-simulation scenario from a price series (`margin simulate --path FILE`): the series is
 * parsed by core's series parser (times ISO 8601 and increasing, prices positive, no gap longer
 * than the largest step allowed: each bad row named by line and field). The first row is the
 * start; every later row is one step, at its own time, moving every market by the series' return
 * since the start (the mark is the market's start price x price / first price).
 */
import type { PriceSeries } from '@margin/core';
import type { Scenario, ScenarioStep } from './scenarios.js';

export function pathScenario(series: PriceSeries, name: string): Scenario {
  const first = series.prices[0] as number;
  const startMs = series.timesMs[0] as number;
  const steps: ScenarioStep[] = [];
  for (let i = 1; i < series.prices.length; i++) steps.push({ atSeconds: ((series.timesMs[i] as number) - startMs) / 1000, level: (series.prices[i] as number) / first });
  const stepSeconds = steps.length === 0 ? 0 : (steps[steps.length - 1] as ScenarioStep).atSeconds / steps.length;
  return {
    name,
    description: `the price path of ${series.label}: ${series.prices.length} rows from ${series.times[0] ?? ''} to ${series.times[series.times.length - 1] ?? ''}`,
    stepSeconds,
    startMs,
    path: () => steps,
  };
}
