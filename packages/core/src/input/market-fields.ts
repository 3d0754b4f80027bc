/** zod fields of the market-data inputs (beyond core's decimal/text/oneOf/list/record). */
import { z } from 'zod';
import { decimal } from './decimal-schema.js';

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A time: ISO 8601 text ("2024-03-01T08:00:00Z") or epoch milliseconds as digits ("1709280000000"). */
export const timeField = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be an ISO 8601 time string or epoch milliseconds as a string') })
  .refine((value) => /^\d{1,15}$/.test(value) || (ISO_8601.test(value) && Number.isFinite(Date.parse(value))), {
    error: (issue) => `must be an ISO 8601 time like "2024-03-01T08:00:00Z" or epoch milliseconds, got "${String(issue.input)}"`,
  })
  .transform((value) => (/^\d+$/.test(value) ? Number(value) : Date.parse(value)));

/** Hours as a decimal string with at most 3 fraction digits ("8", "0.5"), > 0. */
export const hoursField = decimal('positive', 3).transform((value) => Number(value / 10n ** 15n) / 1000);

/** Whole milliseconds as a decimal string ("10000"). */
export const millisecondsField = decimal('nonNegative', 0).transform((value) => Number(value / 10n ** 18n));

/** A whole count such as asset decimals ("8"). */
export function wholeField(max: number) {
  return decimal('nonNegative', 0)
    .transform((value) => Number(value / 10n ** 18n))
    .refine((value) => value <= max, { error: `must be at most ${max}` });
}
