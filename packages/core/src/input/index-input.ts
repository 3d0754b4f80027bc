/** The `margin index` input document (docs/market-data.md). */
import { z } from 'zod';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { INDEX_METHODS } from '../market/market-profile.js';
import { millisecondsField, timeField } from './market-fields.js';

export const indexSourceRow = record({
  name: text('a source name'),
  price: decimal('positive'),
  weight: decimal('nonNegative').optional(),
  time: timeField,
});

export const indexInputSchema = record({
  profile: text('a profile name').optional(),
  symbol: text('a symbol string').optional(),
  time: timeField.optional(),
  method: oneOf(INDEX_METHODS).optional(),
  staleAfterMs: millisecondsField.optional(),
  maxDeviation: decimal('nonNegative').optional(),
  sources: list(indexSourceRow, 1),
});
export type IndexInput = z.output<typeof indexInputSchema>;
