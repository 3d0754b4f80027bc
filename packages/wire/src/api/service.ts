/** Service, key and position answers: health, the calling key, API keys, an account's positions. */
import { z } from 'zod';
import { positionJsonSchema } from '../report/risk-json.js';

export const ROLES = ['admin', 'venue', 'account'] as const;
export type Role = (typeof ROLES)[number];

export const healthSchema = z.strictObject({
  status: z.literal('ok'),
  version: z.string(),
  profile: z.string(),
  lastSeq: z.number().int(),
  journal: z.string(),
});

export const meSchema = z.strictObject({ keyId: z.string(), role: z.enum(ROLES), account: z.string().nullable() });

/** An API key as listed: never its secret, salt or hash. */
export const apiKeyJsonSchema = z.strictObject({
  id: z.string(),
  role: z.enum(ROLES),
  account: z.string().nullable(),
  label: z.string(),
  createdAt: z.string(),
  rateLimitPerMinute: z.number().int().nullable(),
});
export const apiKeyListSchema = z.strictObject({ keys: z.array(apiKeyJsonSchema) });
/** The answer to a key creation: the key text, shown this once. */
export const createdApiKeySchema = apiKeyJsonSchema.extend({ key: z.string() });

export const newApiKeyRequestSchema = z.strictObject({
  role: z.enum(ROLES),
  account: z.string().optional().meta({ description: 'required for role "account"' }),
  label: z.string().max(200).optional(),
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000_000).optional(),
});

export const accountPositionsSchema = z.strictObject({ account: z.string(), settle: z.string().nullable(), positions: z.array(positionJsonSchema) });
