/**
 * `parseCommand`: one decoded JSON value to a validated `Command`, or an `InputError` naming the
 * field path and the broken rule (`fill.size: must be greater than 0, got "0"`). Paths start with
 * the command type so a journal line points at its field. Unknown fields are refused: a command
 * is replayed forever, so a typo must not be silently dropped.
 */
import { InputError, parseWithSchema } from '@margin/core';
import { COMMAND_SCHEMAS, COMMAND_TYPES, type Command, type CommandType } from './schema.js';
import { optionCommandSchema } from './option-commands.js';

function isCommandType(value: unknown): value is CommandType {
  return typeof value === 'string' && Object.hasOwn(COMMAND_SCHEMAS, value);
}

export function parseCommand(json: unknown): Command {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputError(['command'], 'must be a JSON object with a "type" field');
  }
  const type = (json as Record<string, unknown>)['type'];
  if (!isCommandType(type)) {
    const got = typeof type === 'string' ? `"${type}"` : type === undefined ? 'nothing' : typeof type;
    throw new InputError(['command', 'type'], `must be one of ${COMMAND_TYPES.map((name) => `"${name}"`).join(', ')}, got ${got}`);
  }
  const schema = optionCommandSchema(json as Record<string, unknown>) ?? COMMAND_SCHEMAS[type];
  const { value, warnings } = parseWithSchema(schema, json, [type]);
  const [warning] = warnings;
  if (warning !== undefined) {
    const field = warning.slice(0, warning.indexOf(': '));
    throw new InputError([field], 'unknown field, not accepted in commands');
  }
  return value as Command;
}
