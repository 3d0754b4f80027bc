/** The two events that stand for a whole command: a rejection, or a duplicate id. */
import { z } from 'zod';
import { COMMAND_TYPES } from '../commands/schema.js';
import { REJECT_CODE_LIST } from '../codes.js';

const commandType = z.enum(COMMAND_TYPES);

/** The only event of a rejected command; nothing changed. */
export const rejectedEventSchema = z.strictObject({
  type: z.literal('rejected'),
  command: commandType,
  code: z.enum(REJECT_CODE_LIST),
  reason: z.string(),
});

/** The only event of a command whose id was applied before; nothing changed. */
export const duplicateEventSchema = z.strictObject({ type: z.literal('duplicate'), command: commandType });
