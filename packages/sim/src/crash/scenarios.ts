/**
 * Price paths of the crash simulation: seeded, in float (scenario maths, docs/precision.md),
 * rounded onto the instrument tick when they become commands. Each scenario is a list of steps
 * (time offset, price multiple of the start price).
 */
import type { Rng } from '../rng.js';

export interface ScenarioStep {
  /** Seconds since the start. */
  readonly atSeconds: number;
  /** Mark as a multiple of the start price. */
  readonly level: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly stepSeconds: number;
  /** Time of the start, epoch ms (a path file's first row); the built-in scenarios start 2026-01-01. */
  readonly startMs?: number;
  path(rng: Rng): ScenarioStep[];
}

/** A random walk of `steps` steps (log-price volatility `vol` per step) with a drift to `target` by the end. */
function walk(rng: Rng, from: number, to: number, steps: number, vol: number): number[] {
  const levels: number[] = [];
  let noise = 0;
  for (let i = 1; i <= steps; i++) {
    noise = noise * 0.97 + vol * rng.normal();
    const trend = Math.log(from) + ((Math.log(to) - Math.log(from)) * i) / steps;
    levels.push(Math.exp(trend + (i === steps ? 0 : noise)));
  }
  return levels;
}

/** 30 calm minutes of 10 s steps, then `move` (from the last calm level), then a drift by the factor `after` over the rest of 90 minutes. */
function calmMoveDrift(rng: Rng, move: (before: number) => number[], after: number, driftVol: number): ScenarioStep[] {
  const calm = walk(rng, 1, 1 + 0.01 * rng.normal(), 180, 0.0008);
  const moved = move(calm[calm.length - 1] ?? 1);
  const end = moved[moved.length - 1] ?? 1;
  const drift = walk(rng, end, end * after, 540 - calm.length - moved.length, driftVol);
  return stepsOf([...calm, ...moved, ...drift], 10);
}

function stepsOf(levels: readonly number[], stepSeconds: number): ScenarioStep[] {
  return levels.map((level, i) => ({ atSeconds: (i + 1) * stepSeconds, level }));
}

const GAP_DOWN_40: Scenario = {
  name: 'gap-down-40',
  description: '30 calm minutes, then 40% down within 5 minutes (a 12% gap first), then a partial rebound; 10 s steps over 90 minutes',
  stepSeconds: 10,
  path(rng) {
    return calmMoveDrift(rng, (before) => [before * 0.88, ...walk(rng, before * 0.88, before * 0.6, 29, 0.004)], 1.12, 0.0012);
  },
};

const SLOW_GRIND: Scenario = {
  name: 'slow-grind',
  description: '35% down over 8 hours in one-minute steps, with noise and no single large gap',
  stepSeconds: 60,
  path(rng) {
    return stepsOf(walk(rng, 1, 0.65, 480, 0.0025), 60);
  },
};

const SQUEEZE_UP: Scenario = {
  name: 'squeeze-up',
  description: '30 calm minutes, then 45% up within 8 minutes (short squeeze), then a fade of a third of it; 10 s steps over 90 minutes',
  stepSeconds: 10,
  path(rng) {
    return calmMoveDrift(rng, (before) => walk(rng, before, before * 1.45, 48, 0.004), 0.9, 0.0015);
  },
};

export const SCENARIOS: readonly Scenario[] = [GAP_DOWN_40, SLOW_GRIND, SQUEEZE_UP];
export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((scenario) => scenario.name);

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
