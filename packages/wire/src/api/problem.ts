/** RFC 9457 problem details: the body of every API error (`application/problem+json`). */
import { z } from 'zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const fieldErrorSchema = z.strictObject({
  /** Where: `body.amount`, `query.limit`, `body.commands[3].size`. */
  path: z.string(),
  /** The broken rule: `must be greater than 0, got "0"`. */
  rule: z.string(),
});

/** Extension members are allowed (RFC 9457 section 3.2). */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ description: 'RFC 9457 problem details (application/problem+json); `errors` names each field and rule' });

export type Problem = z.output<typeof problemSchema>;
export type FieldError = z.output<typeof fieldErrorSchema>;
