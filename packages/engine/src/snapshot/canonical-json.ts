/**
 * Canonical JSON: object keys sorted (UTF-16 code unit order), no white space, bigints as decimal
 * strings, `undefined` fields dropped. The same value always gives the same text, so its SHA-256
 * is a state hash.
 */
import { InvariantError } from '@margin/core';

function write(value: unknown, parts: string[]): void {
  if (value === null) {
    parts.push('null');
    return;
  }
  switch (typeof value) {
    case 'string':
      parts.push(JSON.stringify(value));
      return;
    case 'bigint':
      parts.push(`"${value.toString()}"`);
      return;
    case 'boolean':
      parts.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isSafeInteger(value)) throw new InvariantError(`canonical JSON holds only safe integers, got ${value}`);
      parts.push(String(value));
      return;
    case 'object':
      break;
    default:
      throw new InvariantError(`canonical JSON cannot hold a ${typeof value}`);
  }
  if (Array.isArray(value)) {
    parts.push('[');
    value.forEach((item, index) => {
      if (index > 0) parts.push(',');
      write(item, parts);
    });
    parts.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  parts.push('{');
  keys.forEach((key, index) => {
    if (index > 0) parts.push(',');
    parts.push(JSON.stringify(key), ':');
    write(record[key], parts);
  });
  parts.push('}');
}

export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  write(value, parts);
  return parts.join('');
}
