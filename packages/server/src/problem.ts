/**
 * RFC 9457 problem details: every error the API returns is `application/problem+json` with a
 * stable `type` URI, the HTTP status, a human `detail`, and for bad input the field path and the
 * rule it broke (`errors: [{ path: "commands[0].fill.size", rule: "must be greater than 0" }]`).
 */
import { formatPath, type PathSegment } from '@margin/core';
import type { FieldError, Problem } from '@margin/wire';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
const TYPE_BASE = 'https://margin-engine.dev/problems/';

/** A field path in the request (`body.commands[0].fill.size`, `query.limit`) and the broken rule. */
export type FieldProblem = FieldError;

/** RFC 9457 problem details, as the wire contract defines them (extension members allowed). */
export type ProblemBody = Problem;

export const PROBLEM_TITLES = {
  'invalid-request': 'The request breaks a rule',
  unauthenticated: 'An API key is required',
  forbidden: 'The API key may not do this',
  'not-found': 'Not found',
  'method-not-allowed': 'Method not allowed',
  'misdirected-request': 'This server does not answer that Host',
  'payload-too-large': 'Request body too large',
  'unsupported-media-type': 'Unsupported media type',
  'rate-limited': 'Too many requests',
  unavailable: 'The engine is not accepting commands',
  internal: 'Internal error',
} as const;

export type ProblemKind = keyof typeof PROBLEM_TITLES;

/** An error a route throws to answer with a problem document. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly status: number;
  readonly kind: ProblemKind;
  readonly errors: FieldProblem[] | undefined;
  readonly extensions: Record<string, unknown>;

  constructor(status: number, kind: ProblemKind, detail: string, errors?: FieldProblem[], extensions: Record<string, unknown> = {}) {
    super(detail);
    this.status = status;
    this.kind = kind;
    this.errors = errors;
    this.extensions = extensions;
  }
}

export function problemBody(status: number, kind: ProblemKind, detail: string, instance?: string, errors?: FieldProblem[]): ProblemBody {
  const body: ProblemBody = { type: `${TYPE_BASE}${kind}`, title: PROBLEM_TITLES[kind], status, detail };
  if (instance !== undefined) body.instance = instance;
  if (errors !== undefined && errors.length > 0) body.errors = errors;
  return body;
}

/** A 400 for one field: `where` is `body`, `query` or `params`, `path` the segments inside it. */
export function fieldProblem(where: 'body' | 'query' | 'params', path: readonly PathSegment[], rule: string): HttpProblem {
  const fieldPath = formatPath([where, ...path]);
  return new HttpProblem(400, 'invalid-request', `${fieldPath}: ${rule}`, [{ path: fieldPath, rule }]);
}

/** The "not found" every hidden or missing account gets, so a foreign key learns nothing. */
export function accountNotFound(account: string): HttpProblem {
  return new HttpProblem(404, 'not-found', `no account "${account}" visible to this key`);
}

/** An asset no command has named: a read never creates one (reads leave the state hash alone). */
export function assetNotFound(asset: string): HttpProblem {
  return new HttpProblem(404, 'not-found', `no asset "${asset}" in the engine`);
}
