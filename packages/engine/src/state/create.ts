/** A fresh engine state for a profile, margin-call thresholds and liquidation executors. */
import { DEFAULT_VENUE_NAME, InputError, fixedToNumber, venueLiquidation, venueMargin } from '@margin/core';
import { buildMarginCallConfig, type MarginCallThresholdsInput } from './margin-call-config.js';
import { ScanIndex } from '../scan/scan-index.js';
import { PositionColumns } from './position-columns.js';
import type { EngineState, ExecutorName, LiquidationConfig } from './types.js';
import { ID_WINDOW_DEFAULT } from './id-window.js';

export interface LiquidationOptions {
  /**
   * Executors tried in order for each liquidation close: `book` fills against the symbol's last
   * order-book snapshot (never beyond the bankruptcy price), `backstop` hands the rest to the
   * insurance fund at the bankruptcy price. Default `["book", "backstop"]`; must end with `backstop`.
   */
  readonly executors?: readonly string[];
}

export interface EngineOptions {
  /** Methodology profile name; default 'generic'. */
  readonly profile?: string;
  readonly marginCallThresholds?: MarginCallThresholdsInput;
  readonly liquidation?: LiquidationOptions;
  /** Ids per generation of the idempotency window (id-window.ts); default `ID_WINDOW_DEFAULT`. */
  readonly idWindow?: number;
}

export const DEFAULT_EXECUTORS: readonly ExecutorName[] = ['book', 'backstop'];
const EXECUTOR_NAMES: readonly string[] = ['book', 'backstop'];

function buildLiquidationConfig(profileName: string, options: LiquidationOptions = {}): LiquidationConfig {
  const executors = options.executors ?? DEFAULT_EXECUTORS;
  executors.forEach((name, i) => {
    if (!EXECUTOR_NAMES.includes(name)) throw new InputError(['liquidation', 'executors', i], `must be "book" or "backstop", got "${name}"`);
    if (executors.indexOf(name) !== i) throw new InputError(['liquidation', 'executors', i], `"${name}" is listed twice`);
  });
  if (executors[executors.length - 1] !== 'backstop') {
    throw new InputError(['liquidation', 'executors'], 'must end with "backstop" (something has to take what the book cannot)');
  }
  return { rules: venueLiquidation(profileName), executors: executors as readonly ExecutorName[] };
}

export function createEngineState(options: EngineOptions = {}): EngineState {
  const name = options.profile ?? DEFAULT_VENUE_NAME;
  const profile = venueMargin(name);
  const marginCalls = buildMarginCallConfig(options.marginCallThresholds);
  const idWindow = options.idWindow ?? ID_WINDOW_DEFAULT;
  if (!Number.isSafeInteger(idWindow) || idWindow < 1) throw new InputError(['idWindow'], `must be a whole number of at least 1, got ${idWindow}`);
  return {
    profile,
    liquidation: buildLiquidationConfig(name, options.liquidation),
    marginCalls,
    assets: new Map(),
    markets: new Map(),
    accounts: new Map(),
    appliedIds: new Set(),
    previousIds: new Set(),
    idWindow,
    lastSeq: -1,
    scan: new ScanIndex(
      profile,
      marginCalls.levels.map((level) => fixedToNumber(level.ratio)),
      fixedToNumber(marginCalls.hysteresis),
    ),
    positionColumns: new PositionColumns(),
  };
}
