/** `POST /v1/commands` and `PUT /v1/instruments/{symbol}`: request bodies and the outcome. */
import { z } from 'zod';
import { instrumentInputSchema } from '@margin/core';
import { COMMAND_TYPES, commandSchema } from '../commands/schema.js';
import { SPAN_CONTENT_LENGTH_MAX, spanParametersCommandSchema } from '../commands/span-parameters.js';
import { engineEventSchema, type EngineEvent } from '../events/engine-event.js';

export const COMMANDS_PER_REQUEST_MAX = 1_000;

/** One command, or `{ "commands": [...] }` with up to 1,000 (applied in order, one commit). */
export const commandsRequestSchema = z
  .union([commandSchema, z.strictObject({ commands: z.array(commandSchema).min(1).max(COMMANDS_PER_REQUEST_MAX) })])
  .meta({ description: 'one engine command, or { "commands": [ ... ] } with up to 1,000', examples: [{ type: 'deposit', id: 'd1', account: 'alice', asset: 'USDT', amount: '1000' }] });

/** `PUT /v1/instruments/{symbol}`: an `instrument` command whose symbol comes from the path. */
export const instrumentRequestSchema = z.strictObject({
  id: z.string().meta({ description: 'command id (idempotency key)' }),
  instrument: instrumentInputSchema.partial({ symbol: true }),
});

/** `PUT /v1/span-parameters/{set}`: a `spanParameters` command whose set comes from the path. */
export const spanParametersRequestSchema = spanParametersCommandSchema.omit({ type: true, set: true });

/**
 * Largest `PUT /v1/span-parameters/{set}` body: the longest content the command accepts, every
 * code unit JSON-escaped at its longest (`\uXXXX`, 6 bytes), plus the id and the symbol list.
 * Parameter files are far larger than the 1 MiB other requests may be; this route alone, admin
 * only (refused before the body is read), takes them.
 */
export const SPAN_REQUEST_BYTES_MAX = SPAN_CONTENT_LENGTH_MAX * 6 + 1024 * 1024;

export const COMMAND_STATUSES = ['accepted', 'rejected', 'duplicate'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

export const commandOutcomeSchema = z.strictObject({
  id: z.string(),
  type: z.enum(COMMAND_TYPES),
  /** Seq the command was journaled under (for a duplicate: the seq its events carry). */
  seq: z.number().int().nullable(),
  status: z.enum(COMMAND_STATUSES),
  events: z.array(engineEventSchema),
});

export const commandsResponseSchema = z.strictObject({ lastSeq: z.number().int(), results: z.array(commandOutcomeSchema) });

/** One command's answer: its status and its events (the rejection or the duplicate included). */
export interface CommandOutcome {
  id: string;
  type: string;
  seq: number | null;
  status: CommandStatus;
  events: EngineEvent[];
}

export interface CommandsResponse {
  lastSeq: number;
  results: CommandOutcome[];
}
