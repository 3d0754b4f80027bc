/**
 * One NDJSON input line to a command ready for the engine, or the reason it is refused, as the
 * line `line N: <field path>: <rule>` that `margin run` prints on stderr. Blank lines are skipped.
 */
import { InputError, findDuplicateKey, formatPath } from '@margin/core';
import { parseCommand } from '@margin/wire';
import type { SubmittedCommand } from '@margin/host';
import type { NumberedLine } from './line-chunks.js';

export type LineOutcome =
  | { readonly kind: 'command'; readonly submitted: SubmittedCommand }
  | { readonly kind: 'bad'; readonly message: string }
  | { readonly kind: 'blank' };

export function parseCommandLine(line: NumberedLine): LineOutcome {
  if (line.unreadable !== undefined) return { kind: 'bad', message: `line ${line.lineNumber}: command: ${line.unreadable}` };
  if (line.text.trim().length === 0) return { kind: 'blank' };
  let json: unknown;
  try {
    json = JSON.parse(line.text);
  } catch (error) {
    return { kind: 'bad', message: `line ${line.lineNumber}: command: is not valid JSON (${(error as Error).message})` };
  }
  // JSON.parse keeps the last of two equal keys: a line that has one twice is refused instead.
  const duplicate = findDuplicateKey(line.text);
  if (duplicate !== null) {
    return { kind: 'bad', message: `line ${line.lineNumber}: ${formatPath(['command', ...duplicate.path])}: has the key "${duplicate.key}" twice (refused: one value would be lost)` };
  }
  try {
    const command = parseCommand(json);
    // Journaled as the line itself (valid JSON, just parsed): replay parses exactly this text.
    return { kind: 'command', submitted: { command, text: line.text.trim() } };
  } catch (error) {
    if (error instanceof InputError) return { kind: 'bad', message: `line ${line.lineNumber}: ${error.message}` };
    throw error;
  }
}
