/**
 * Whether a repeated command id carries the same command: a retry is a `duplicate`, a different
 * command under a used id is refused (`id_reused`). Commands compare as parsed (kernel values,
 * epoch milliseconds, schema key order), so "1.0" and "1", key order, whitespace and time zones
 * do not make a retry different; any other difference does.
 */
import { parseCommand } from '@margin/engine';

/** The parsed command as one text; the raw text when it no longer parses (an old journal's). */
export function commandDigest(text: string): string {
  try {
    return JSON.stringify(parseCommand(JSON.parse(text)), (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
  } catch {
    return text;
  }
}

/** The same command in two JSON texts (the journaled one and a repeat). */
export function sameCommand(journaledText: string, repeatText: string): boolean {
  return journaledText === repeatText || commandDigest(journaledText) === commandDigest(repeatText);
}
