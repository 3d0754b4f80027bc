/**
 * Who may do what. admin: everything; venue: read every account and submit market and account
 * commands; account: read its own account (risk, what-if, events) and public market data.
 * A key asking for an account it may not see gets the same 404 as for a missing account.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem, accountNotFound } from '../problem.js';
import type { Principal, Role } from './api-keys.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** Command types only an admin may submit: they change risk parameters, or are legs of the cluster's shortfall protocol (docs/scale-out.md). */
export const ADMIN_COMMAND_TYPES: ReadonlySet<string> = new Set(['asset', 'instrument', 'marginRates', 'liquidationMode', 'adlClose', 'lossShare', 'shortfallSettle', 'spanParameters']);

/** The key text from `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match !== null) return match[1] as string;
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0) return apiKey.trim();
  return null;
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (request.principal !== null) return request.principal;
  const presented = presentedKey(request) !== null;
  throw new HttpProblem(401, 'unauthenticated', presented ? 'the API key is not valid' : 'send an API key as "Authorization: Bearer <key>"');
}

/**
 * A preParsing hook that lets only the given roles through (401 without a key, 403 with another
 * role). preParsing runs after the onRequest hooks (key lookup, rate limit) and before the body is
 * read, so a key without the role gets 403 whatever its body holds, never a 400 about the body.
 */
export function allowRoles(...roles: Role[]) {
  return async <Payload>(request: FastifyRequest, _reply: FastifyReply, payload: Payload): Promise<Payload> => {
    const principal = requirePrincipal(request);
    if (!roles.includes(principal.role)) {
      throw new HttpProblem(403, 'forbidden', `this endpoint needs a key with role ${roles.map((r) => `"${r}"`).join(' or ')}; the key has role "${principal.role}"`);
    }
    return payload;
  };
}

/** Throws the same 404 as a missing account when the principal may not read `account`. */
export function assertCanReadAccount(principal: Principal, account: string): void {
  if (principal.role === 'account' && principal.account !== account) throw accountNotFound(account);
}

export function canSubmitCommand(principal: Principal, type: unknown): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'venue') return typeof type !== 'string' || !ADMIN_COMMAND_TYPES.has(type);
  return false;
}
