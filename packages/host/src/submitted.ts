/**
 * Commands at the boundary of the host: parsed once, with the JSON text they are journaled as
 * (replay parses that text). A bad command is an `InputError` whose path names where it came from.
 */
import { InputError } from '@margin/core';
import { parseCommand, type Command } from '@margin/engine';

/** A command ready to apply, with the JSON text it is journaled as. */
export interface SubmittedCommand {
  readonly command: Command;
  readonly text: string;
}

/**
 * Parses JSON commands; nothing is returned when one is bad. Paths are `[...basePath, index,
 * field...]`, or without the index when `indexed` is false (a single command as the whole body).
 */
export function parseSubmitted(commands: readonly unknown[], basePath: readonly (string | number)[] = [], indexed = true): SubmittedCommand[] {
  return commands.map((json, index) => {
    try {
      return { command: parseCommand(json), text: JSON.stringify(json) };
    } catch (error) {
      if (error instanceof InputError) throw new InputError([...basePath, ...(indexed ? [index] : []), ...fieldPath(json, error.path)], error.rule);
      throw error;
    }
  });
}

/**
 * The engine names fields after the command type (`fill.size`); in a JSON document the field is
 * just `size` of that object, so the type segment is dropped.
 */
function fieldPath(json: unknown, path: readonly (string | number)[]): (string | number)[] {
  const type = json !== null && typeof json === 'object' ? (json as Record<string, unknown>)['type'] : undefined;
  const [head, ...rest] = path;
  if (head === 'command' || head === type) return rest;
  // Unknown-field errors arrive as one dotted segment: "deposit.amout".
  if (typeof type === 'string' && typeof head === 'string' && head.startsWith(`${type}.`)) return [head.slice(type.length + 1), ...rest];
  return [...path];
}
