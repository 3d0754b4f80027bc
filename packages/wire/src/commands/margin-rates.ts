/**
 * `marginRates`: a margin model sets an instrument's rates at a stated time (dynamic margin in the
 * engine, docs/dynamic-margin.md, ADR 0025). Either `scale` (every tier's maintenance and initial
 * rate times the factor) or the first tier's `initialRate` and/or `maintenanceRate` (the other
 * tiers keep their ratio to the first; a rate left out moves by the same factor as the one given).
 * The venue's own tier table stays the base: a second command replaces the first, it does not
 * compound. `model`, `inputs` and `capShortfall` only explain the change (they are carried into
 * the `marginRatesChanged` event); the engine never recomputes them.
 */
import { z } from 'zod';
import { decimal, isoTime, record, text } from '@margin/core';

/** Names and values of a model's inputs (sigma, z, lookback...): short strings, a bounded set. */
export const MARGIN_RATES_INPUTS_MAX = 32;
export const MARGIN_RATES_TEXT_MAX = 200;

const shortText = (what: string) => text(what).max(MARGIN_RATES_TEXT_MAX, { error: `must be at most ${MARGIN_RATES_TEXT_MAX} characters` });

export const marginRatesInputsSchema = z
  .record(shortText('an input name'), z.string({ error: 'must be a string (write numbers as decimal strings)' }).max(MARGIN_RATES_TEXT_MAX, { error: `must be at most ${MARGIN_RATES_TEXT_MAX} characters` }), {
    error: 'must be an object of input name -> string value',
  })
  .refine((inputs) => Object.keys(inputs).length <= MARGIN_RATES_INPUTS_MAX, { error: `must have at most ${MARGIN_RATES_INPUTS_MAX} inputs` });

export const marginRatesCommandShape = {
  type: z.literal('marginRates'),
  time: isoTime,
  /** Every tier's rates times this factor (1 = the venue's table). */
  scale: decimal('positive').optional(),
  /** The first tier's initial rate (1 / max leverage); the other tiers keep their ratio to it. */
  initialRate: decimal('positive').optional(),
  /** The first tier's maintenance rate; the other tiers keep their ratio to it. */
  maintenanceRate: decimal('positive').optional(),
  /** Name of the model that chose the rates (`ewma`, `fhs`, `dydx-imf`...). */
  model: shortText('a model name string'),
  inputs: marginRatesInputsSchema.default({}),
  /** What a cap on increases left uncovered (model rate - applied rate), when a cap bound. */
  capShortfall: decimal('nonNegative').optional(),
};

/** The command schema over the contract's own `id` and `symbol` field types (schema.ts). */
export function marginRatesCommandSchemaWith<I extends z.ZodType, S extends z.ZodType>(id: I, symbol: S) {
  const { type, ...rest } = marginRatesCommandShape;
  return record({ type, id, symbol, ...rest });
}
