/** A fresh engine state for a profile and margin-call thresholds. */
import { InputError, PROFILE_NAMES, findProfile, fixedToNumber } from '@margin/core';
import { buildMarginCallConfig, type MarginCallThresholdsInput } from '../risk/margin-call-config.js';
import { ScanIndex } from '../scan/scan-index.js';
import type { EngineState } from './types.js';

export interface EngineOptions {
  /** Methodology profile name; default 'generic'. */
  readonly profile?: string;
  readonly marginCallThresholds?: MarginCallThresholdsInput;
}

export function createEngineState(options: EngineOptions = {}): EngineState {
  const name = options.profile ?? 'generic';
  const profile = findProfile(name);
  if (profile === undefined) throw new InputError(['profile'], `unknown profile "${name}" (known: ${PROFILE_NAMES.join(', ')})`);
  const marginCalls = buildMarginCallConfig(options.marginCallThresholds);
  return {
    profile,
    marginCalls,
    assets: new Map(),
    markets: new Map(),
    accounts: new Map(),
    appliedIds: new Set(),
    lastSeq: -1,
    scan: new ScanIndex(
      profile,
      marginCalls.levels.map((level) => fixedToNumber(level.ratio)),
      fixedToNumber(marginCalls.hysteresis),
    ),
  };
}
