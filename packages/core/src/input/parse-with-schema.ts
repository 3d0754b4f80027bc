/**
 * Run a zod schema and turn the first problem into one `InputError` (field path + rule).
 * Unknown fields are not fatal: they are dropped and returned as warnings, so a typo is visible
 * (`warning: positions[0].isolatedBalanse: unknown field, ignored`) without refusing the input.
 */
import type { z } from 'zod';
import { InputError, formatPath, type PathSegment } from '../errors.js';

export interface Parsed<T> {
  readonly value: T;
  readonly warnings: readonly string[];
}

function dropKey(root: unknown, path: readonly PropertyKey[], key: string): void {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  if (node !== null && typeof node === 'object') delete (node as Record<string, unknown>)[key];
}

function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

export function parseWithSchema<S extends z.ZodType>(schema: S, input: unknown, basePath: readonly PathSegment[] = []): Parsed<z.output<S>> {
  const warnings: string[] = [];
  let data = input;
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { value: result.data, warnings };
    const issues = result.error.issues;
    const fatal = issues.find((issue) => issue.code !== 'unrecognized_keys');
    if (fatal !== undefined) throw new InputError([...basePath, ...toSegments(fatal.path)], fatal.message);
    if (attempt === 0) data = JSON.parse(JSON.stringify(input)) as unknown; // input came from JSON
    for (const issue of issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      for (const key of issue.keys) {
        warnings.push(`${formatPath([...basePath, ...toSegments(issue.path), key])}: unknown field, ignored`);
        dropKey(data, issue.path, key);
      }
    }
  }
  throw new InputError(basePath, 'could not be validated');
}
