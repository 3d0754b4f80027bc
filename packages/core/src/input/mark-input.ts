/** The `margin mark` input document (docs/market-data.md). */
import { z } from 'zod';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { MARK_METHODS } from '../market/market-profile.js';
import { hoursField, millisecondsField, timeField } from './market-fields.js';

export const markSampleRow = record({
  time: timeField,
  indexPrice: decimal('positive').optional(),
  oraclePrice: decimal('positive').optional(),
  bid: decimal('positive').optional(),
  ask: decimal('positive').optional(),
  mid: decimal('positive').optional(),
  lastPrice: decimal('positive').optional(),
});
export type MarkSampleRow = z.output<typeof markSampleRow>;

export const markInputSchema = record({
  profile: text('a profile name').optional(),
  method: oneOf(MARK_METHODS).optional(),
  symbol: text('a symbol string').optional(),
  indexPrice: decimal('positive').optional(),
  oraclePrice: decimal('positive').optional(),
  fundingRate: decimal('any').optional(),
  intervalHours: hoursField.optional(),
  time: timeField.optional(),
  fundingTime: timeField.optional(),
  hoursUntilFunding: decimal('nonNegative', 6).optional(),
  basisAverage: decimal('any').optional(),
  basisWindowMs: millisecondsField.optional(),
  samples: list(markSampleRow).optional(),
  lastPrice: decimal('positive').optional(),
  bestBid: decimal('positive').optional(),
  bestAsk: decimal('positive').optional(),
  externalMids: list(decimal('positive')).optional(),
  emaBasis: decimal('any').optional(),
  localEma: decimal('positive').optional(),
  bandRate: decimal('nonNegative').optional(),
});
export type MarkInput = z.output<typeof markInputSchema>;
