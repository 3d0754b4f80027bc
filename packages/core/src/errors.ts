/**
 * Two kinds of failure, kept apart (docs/errors.md):
 * - `InputError`: the caller's input breaks a rule; carries the field path and the rule, and is
 *   shown as one line (`positions[1].size: must be greater than 0, got "-2"`).
 * - `InvariantError`: the kernel's own promise is broken (a bug); it stops the program.
 */
export type PathSegment = string | number;

/** `['positions', 1, 'size']` -> `positions[1].size` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out.length === 0 ? segment : `.${segment}`;
  }
  return out.length === 0 ? '(input)' : out;
}

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly path: readonly PathSegment[];
  readonly rule: string;

  constructor(path: readonly PathSegment[], rule: string) {
    super(`${formatPath(path)}: ${rule}`);
    this.path = path;
    this.rule = rule;
  }
}

export class InvariantError extends Error {
  override readonly name = 'InvariantError';
  constructor(rule: string) {
    super(`invariant: ${rule}`);
  }
}

/** Assert an invariant; stays on in production. */
export function invariant(condition: boolean, rule: string): asserts condition {
  if (!condition) throw new InvariantError(rule);
}
