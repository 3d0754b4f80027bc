/**
 * The body of `POST /v1/commands`: one command, or `{ commands: [...] }` of at most
 * COMMANDS_PER_REQUEST_MAX. One reading for `margin serve` and `margin gateway`, so both name the
 * same paths in their problems.
 */
import { COMMANDS_PER_REQUEST_MAX } from '@margin/wire';
import { fieldProblem } from './problem.js';

export interface CommandsBody {
  readonly commands: unknown[];
  /** Where each command sits, for problem paths: `body` or `body.commands`. */
  readonly basePath: (string | number)[];
  /** Whether the commands are a list (problem paths then carry the index). */
  readonly indexed: boolean;
}

export function commandsOfBody(body: unknown): CommandsBody {
  if (body !== null && typeof body === 'object' && !Array.isArray(body) && 'commands' in body) {
    const list = (body as { commands: unknown }).commands;
    if (!Array.isArray(list)) throw fieldProblem('body', ['commands'], 'must be an array of commands');
    if (list.length === 0) throw fieldProblem('body', ['commands'], 'must have at least 1 item');
    if (list.length > COMMANDS_PER_REQUEST_MAX) throw fieldProblem('body', ['commands'], `must have at most ${COMMANDS_PER_REQUEST_MAX} items, got ${list.length}`);
    return { commands: list, basePath: ['body', 'commands'], indexed: true };
  }
  return { commands: [body], basePath: ['body'], indexed: false };
}
