/** Events of SPAN parameter sets in the engine (docs/portfolio-margin.md, "SPAN accounts in the engine", ADR 0035). */
import { z } from 'zod';

/**
 * `spanParameters` applied: the set `set` is loaded (`replaced`: it replaced a set of that id).
 * `accounts` are the accounts in SPAN margin on this set (sorted), whose requirements now come from
 * the new parameters; `digest` is the SHA-256 of the content text, so two loads can be told apart.
 */
export const spanParametersLoadedEventSchema = z.strictObject({
  type: z.literal('spanParametersLoaded'),
  set: z.string(),
  format: z.enum(['pa2', 'spn', 'json']),
  exchangeComplex: z.string(),
  businessDate: z.string(),
  digest: z.string(),
  contracts: z.number().int().min(0),
  symbols: z.array(z.strictObject({ symbol: z.string(), contract: z.string(), ratio: z.string() })),
  replaced: z.boolean(),
  accounts: z.array(z.string()),
});
