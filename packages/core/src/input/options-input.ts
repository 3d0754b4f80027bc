/** The `margin options` input document: a chain of European options to price (docs/options.md). */
import type { z } from 'zod';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { timeField } from './market-fields.js';

export const OPTION_KINDS = ['call', 'put'] as const;
export const OPTION_SETTLEMENTS = ['linear', 'inverse'] as const;

/** A smile point by strike, or by forward call delta (0 < delta < 1): one of the two. */
export const smilePointRow = record({ strike: decimal('positive').optional(), delta: decimal('positive').optional(), volatility: decimal('positive') });

export const optionChainRow = record({
  id: text('an option name').optional(),
  kind: oneOf(OPTION_KINDS),
  strike: decimal('positive'),
  expiry: timeField,
  forward: decimal('positive').optional(),
  volatility: decimal('positive').optional(),
  price: decimal('nonNegative').optional(),
});
export type OptionChainRow = z.output<typeof optionChainRow>;

export const optionsInputSchema = record({
  time: timeField,
  settlement: oneOf(OPTION_SETTLEMENTS).optional(),
  rate: decimal('any').optional(),
  forward: decimal('positive').optional(),
  surface: list(record({ expiry: timeField, forward: decimal('positive').optional(), points: list(smilePointRow, 1) })).optional(),
  chain: list(optionChainRow, 1),
});
export type OptionsInput = z.output<typeof optionsInputSchema>;
