/**
 * Venue parameter overrides of a crypto portfolio-margin input (`params` in the `margin risk`
 * portfolio file): a published example states its own parameters (Deribit's `model_params`, OKX's
 * notice of the day), so the file may replace any parameter of the profile's set for its currency
 * or risk unit. Every number is a decimal string; an unknown name is warned and ignored; a bad
 * value names its field (`params.priceRange: must be greater than 0, got "0"`).
 */
import { z } from 'zod';
import { InputError, type PathSegment } from '../errors.js';
import { fixedToNumber, formatFixed } from '../num/decimal.js';
import { decimal, list, oneOf, record } from './decimal-schema.js';
import { parseWithSchema, type Parsed } from './parse-with-schema.js';
import type { DeribitPmParams } from '../portfolio/deribit-pm/params.js';
import type { OkxPmParams } from '../portfolio/okx-pm/params.js';

const num = (sign: 'positive' | 'nonNegative' | 'any') => decimal(sign).transform((v) => fixedToNumber(v));
const factor = decimal('positive').transform((v) => formatFixed(v));
const settlement = oneOf(['linear', 'inverse']);

/** Fields of a Deribit-style grid set (names of `DeribitPmParams`; Deribit's `model_params` name in the comment). */
export const gridParamsSchema = record({
  settlement: settlement.optional(),
  priceRange: num('positive').optional(), // price_range
  bucketsPerSide: num('positive').optional(), // buckets_count
  volRangeUp: num('nonNegative').optional(), // volatility_range_up
  volRangeDown: num('nonNegative').optional(), // volatility_range_down
  shortTermVegaPower: num('nonNegative').optional(), // short_term_vega_power
  longTermVegaPower: num('nonNegative').optional(), // long_term_vega_power
  vegaPowerSwitchDays: num('positive').optional(),
  minVolatilityForShockUp: num('nonNegative').optional(), // min_volatility_for_shock_up
  extendedMoves: list(num('any')).optional(),
  extendedDampener: num('nonNegative').optional(), // extended_dampener (USD)
  pnlOffset: num('nonNegative').optional(), // pnl_offset
  minAnnualisedMove: num('nonNegative').optional(), // min_annualised_move
  maintenanceFactor: factor.optional(), // mm_factor
});

/** Fields of an OKX-style components set (names of `OkxPmParams`). */
export const componentsParamsSchema = record({
  settlement: settlement.optional(),
  spotShocks: list(num('positive'), 1).optional(),
  volShockUp: num('nonNegative').optional(),
  volShockDown: num('nonNegative').optional(),
  annualisedMoveRisk: num('nonNegative').optional(),
  basisMinimum: num('nonNegative').optional(),
  extremeMove: num('positive').optional(),
  extremeFraction: num('nonNegative').optional(),
  reductionRate: num('nonNegative').optional(),
  reductionTiers: list(record({ upToNotional: z.union([z.null(), num('positive')]), multiplier: num('positive') }), 1).optional(),
  borrowMaintenanceRate: num('nonNegative').optional(),
  borrowInitialRate: num('nonNegative').optional(),
  initialFactor: factor.optional(),
});

type Defined<T> = { [K in keyof T]: Exclude<T[K], undefined> };
const defined = <T extends object>(value: T): Partial<Defined<T>> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<Defined<T>>;

const PATH: readonly PathSegment[] = ['params'];

/** The grid set `base` with the file's `params` applied (`input` undefined: `base` unchanged). */
export function gridParamsWith(base: DeribitPmParams, input: unknown): Parsed<DeribitPmParams> {
  if (input === undefined) return { value: base, warnings: [] };
  const { value, warnings } = parseWithSchema(gridParamsSchema, input, PATH);
  if (value.bucketsPerSide !== undefined && !Number.isInteger(value.bucketsPerSide)) {
    throw new InputError([...PATH, 'bucketsPerSide'], `must be a whole number, got "${String(value.bucketsPerSide)}"`);
  }
  return { value: { ...base, ...defined(value) }, warnings };
}

/** The components set `base` with the file's `params` applied; tiers must rise and end open (null). */
export function componentsParamsWith(base: OkxPmParams, input: unknown): Parsed<OkxPmParams> {
  if (input === undefined) return { value: base, warnings: [] };
  const { value, warnings } = parseWithSchema(componentsParamsSchema, input, PATH);
  const tiers = value.reductionTiers;
  if (tiers !== undefined) {
    tiers.forEach((t, i) => {
      const last = i === tiers.length - 1;
      if (last !== (t.upToNotional === null)) throw new InputError([...PATH, 'reductionTiers', i, 'upToNotional'], last ? 'must be null on the last tier (open-ended)' : 'must be a number on every tier but the last');
      const before = i > 0 ? tiers[i - 1]?.upToNotional : null;
      if (t.upToNotional !== null && before !== null && before !== undefined && t.upToNotional <= before) {
        throw new InputError([...PATH, 'reductionTiers', i, 'upToNotional'], `must be greater than the tier before (${String(before)})`);
      }
    });
  }
  return { value: { ...base, ...defined(value) }, warnings };
}
