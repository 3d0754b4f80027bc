/**
 * zod types for decimal strings at the boundary. JSON numbers are refused (they lose precision in
 * transit); strings must match the strict decimal grammar; the result is a kernel value.
 */
import { z } from 'zod';
import { DECIMAL_INTEGER_DIGITS_MAX, decimalProblem, parseFixed } from '../num/decimal.js';
import { SCALE } from '../num/fixed.js';

export type DecimalSign = 'positive' | 'nonNegative' | 'any';

function describe(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (input === null) return 'null';
  if (typeof input === 'number') return `number ${String(input)}`;
  if (typeof input === 'string') return `"${input}"`;
  return Array.isArray(input) ? 'an array' : typeof input;
}

/**
 * A decimal string field: at most `maxFractionDigits` fraction digits and less than
 * 10^`maxIntegerDigits` in magnitude (docs/precision.md, "Limits"); too long a string is refused
 * by its length before anything else reads it.
 */
export function decimal(sign: DecimalSign = 'any', maxFractionDigits: number = SCALE, maxIntegerDigits: number = DECIMAL_INTEGER_DIGITS_MAX) {
  return z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'is required'
          : `must be a decimal string like "123.45" (JSON numbers are not accepted), got ${describe(issue.input)}`,
    })
    .superRefine((text, ctx) => {
      const problem = decimalProblem(text, maxFractionDigits, maxIntegerDigits);
      if (problem !== null) {
        ctx.addIssue({ code: 'custom', message: problem });
        return;
      }
      const negative = text.startsWith('-') && /[1-9]/.test(text);
      const zero = !/[1-9]/.test(text);
      if (sign === 'positive' && (negative || zero)) ctx.addIssue({ code: 'custom', message: `must be greater than 0, got "${text}"` });
      if (sign === 'nonNegative' && negative) ctx.addIssue({ code: 'custom', message: `must not be negative, got "${text}"` });
    })
    .transform((text) => parseFixed(text));
}

// NUL and unpaired surrogates cannot be stored as text (SQLite/PostgreSQL journals refuse them):
// refused here, at the boundary, so such a string can never reach a journal and stop it.
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be refused
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function text(what = 'a string') {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}, got ${describe(issue.input)}`) })
    .min(1, { error: 'must not be empty' })
    .refine((value) => !UNSTORABLE.test(value), { error: 'must not contain NUL or unpaired surrogate characters' });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const list = values.map((value) => `"${value}"`).join(', ');
  return z.enum(values, {
    error: (issue) => (issue.input === undefined ? 'is required' : `must be one of ${list}, got ${describe(issue.input)}`),
  });
}

export function list<T extends z.ZodType>(item: T, minItems = 0) {
  return z
    .array(item, { error: (issue) => (issue.input === undefined ? 'is required' : `must be an array, got ${describe(issue.input)}`) })
    .min(minItems, { error: `must have at least ${minItems} item${minItems === 1 ? '' : 's'}` });
}

export function record<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => (issue.input === undefined ? 'is required' : `must be an object, got ${describe(issue.input)}`),
  });
}
