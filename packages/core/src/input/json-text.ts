/** Decode JSON text; a syntax error becomes an InputError with line and column. */
import { InputError } from '../errors.js';

export function decodeJson(text: string, what = 'input'): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const match = /position (\d+)/.exec(message);
    let where = '';
    if (match?.[1] !== undefined) {
      const offset = Number(match[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      const column = offset - before.lastIndexOf('\n');
      where = ` at line ${line} column ${column}`;
    }
    const reason = text.trim().length === 0 ? 'is empty' : `is not valid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
    throw new InputError([what], reason);
  }
}
