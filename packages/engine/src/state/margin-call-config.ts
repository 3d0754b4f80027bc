/**
 * Margin-call thresholds on the margin ratio MM / equity, with hysteresis.
 *
 * A pool (a cross account per asset, or one isolated position) has a level: 0 none, then one per
 * threshold in increasing order (default warning 0.8, call 0.9, liquidation 1.0). The level rises
 * to the highest threshold the ratio reaches (ratio >= threshold; for the last, liquidation level
 * ratio > threshold, which at 1 is the liquidation trigger), emitting `marginCall`; it falls
 * level by level while the ratio is below that level's `threshold - hysteresis`, emitting one
 * `marginCallCleared` for the change. A ratio hovering at a threshold therefore emits one event, not a flood.
 * Equity <= 0 with MM > 0 counts as an infinite ratio; MM = 0 as ratio 0.
 */
import { InputError, ONE, decimalProblem, formatFixed, parseFixed, type Fixed } from '@margin/core';

export interface MarginCallThresholdsInput {
  /** Ratios as decimal strings, increasing; defaults 0.8 / 0.9 / 1. */
  readonly warning?: string;
  readonly call?: string;
  readonly liquidation?: string;
  /** Re-arm band below each threshold; default 0.05. */
  readonly hysteresis?: string;
}

export interface MarginCallLevel {
  readonly name: string;
  readonly ratio: Fixed;
}

export interface MarginCallConfig {
  /** Increasing ratios; level k (1-based) is `levels[k - 1]`. */
  readonly levels: readonly MarginCallLevel[];
  readonly hysteresis: Fixed;
}

export const LEVEL_NAMES = ['none', 'warning', 'call', 'liquidation'] as const;

function ratioField(input: MarginCallThresholdsInput, field: keyof MarginCallThresholdsInput, fallback: string): Fixed {
  const text = input[field] ?? fallback;
  const problem = decimalProblem(text);
  if (problem !== null) throw new InputError(['marginCallThresholds', field], problem);
  const value = parseFixed(text);
  if (value <= 0n) throw new InputError(['marginCallThresholds', field], `must be greater than 0, got "${text}"`);
  return value;
}

export function buildMarginCallConfig(input: MarginCallThresholdsInput = {}): MarginCallConfig {
  const warning = ratioField(input, 'warning', '0.8');
  const call = ratioField(input, 'call', '0.9');
  const liquidation = ratioField(input, 'liquidation', '1');
  const hysteresisText = input.hysteresis ?? '0.05';
  const problem = decimalProblem(hysteresisText);
  if (problem !== null) throw new InputError(['marginCallThresholds', 'hysteresis'], problem);
  const hysteresis = parseFixed(hysteresisText);
  if (!(warning < call && call < liquidation)) {
    throw new InputError(['marginCallThresholds'], 'must increase: warning < call < liquidation');
  }
  if (hysteresis < 0n || hysteresis >= warning) {
    throw new InputError(['marginCallThresholds', 'hysteresis'], `must be at least 0 and below the warning ratio ${formatFixed(warning)}`);
  }
  return {
    levels: [
      { name: 'warning', ratio: warning },
      { name: 'call', ratio: call },
      { name: 'liquidation', ratio: liquidation },
    ],
    hysteresis,
  };
}

/** ratio >= threshold, exactly: MM > 0 and MM - threshold x equity >= 0 (cross-multiplied). */
export function ratioAtLeast(maintenance: Fixed, equity: Fixed, threshold: Fixed): boolean {
  return maintenance > 0n && maintenance * ONE - threshold * equity >= 0n;
}

/** ratio > threshold, exactly (at threshold 1: equity < MM, the liquidation trigger). */
export function ratioAbove(maintenance: Fixed, equity: Fixed, threshold: Fixed): boolean {
  return maintenance > 0n && maintenance * ONE - threshold * equity > 0n;
}

/** ratio < bound, exactly: MM <= 0, or equity > 0 and MM < bound x equity. */
export function ratioBelow(maintenance: Fixed, equity: Fixed, bound: Fixed): boolean {
  return maintenance <= 0n || (equity > 0n && maintenance * ONE < bound * equity);
}

/** The level after seeing (MM, equity), from `current` (0..levels.length). */
export function nextLevel(config: MarginCallConfig, current: number, maintenance: Fixed, equity: Fixed): number {
  let reached = 0;
  config.levels.forEach((level, index) => {
    // The last level (liquidation) is reached only strictly above its ratio: at the default 1 that
    // is exactly when the engine liquidates (equity < MM), so a `liquidation` margin call never
    // appears at the reported liquidation price itself.
    const last = index === config.levels.length - 1;
    if (last ? ratioAbove(maintenance, equity, level.ratio) : ratioAtLeast(maintenance, equity, level.ratio)) reached = index + 1;
  });
  if (reached > current) return reached;
  let level = current;
  while (level > 0) {
    const threshold = config.levels[level - 1];
    if (threshold === undefined || !ratioBelow(maintenance, equity, threshold.ratio - config.hysteresis)) break;
    level--;
  }
  return level;
}
