/** Small query-string readers that fail with a 400 naming `query.<field>`. */
import { fieldProblem } from './problem.js';

type Query = Record<string, unknown>;

export function queryInt(query: unknown, name: string, fallback: number, min: number, max: number): number {
  const raw = (query as Query | undefined)?.[name];
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw fieldProblem('query', [name], `must be an integer from ${min} to ${max}, got "${String(raw)}"`);
  const value = Number(raw);
  if (value < min || value > max) throw fieldProblem('query', [name], `must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

export function queryText(query: unknown, name: string): string | undefined {
  const raw = (query as Query | undefined)?.[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw fieldProblem('query', [name], 'must be given once');
  return raw;
}
