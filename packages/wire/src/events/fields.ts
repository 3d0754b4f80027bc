/**
 * Field types of engine events: what the engine writes, so plain strings (no transform to kernel
 * values): decimals as decimal strings, counts as integer strings, times as ISO 8601.
 */
import { z } from 'zod';

/** A decimal string as the engine formats it: `-12.5`, `0`, never a JSON number or an exponent. */
export const decimalText = z.string().regex(/^-?\d+(\.\d+)?$/).meta({ description: 'decimal string' });
/** A count, written as a string like every other number of an event. */
export const countText = z.string().regex(/^\d+$/).meta({ description: 'non-negative integer as a string' });
export const isoText = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/).meta({ description: 'ISO 8601 UTC time' });

export const tradeSide = z.enum(['buy', 'sell']);
export const positionSide = z.enum(['long', 'short']);
export const marginMode = z.enum(['cross', 'isolated']);
/** A ledger account of the venue: `clearing`, `insurance`, `insurance:<symbol>`, `world`... */
export const systemAccount = z.string().min(1);

/** One double-entry movement: `amount` of `asset` from one ledger account to another. */
export const entrySchema = z.strictObject({ asset: z.string(), from: z.string(), to: z.string(), amount: decimalText });
export const entries = z.array(entrySchema);
export type EntryJson = z.output<typeof entrySchema>;
