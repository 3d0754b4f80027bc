/**
 * API key management on the gateway, as `margin serve` serves it (GET /v1/me, GET/POST /v1/keys,
 * DELETE /v1/keys/{id}): the same body rules, roles and answers, over the gateway's own key store
 * (its `--db` journal). The server's route module carries OpenAPI references the gateway does not
 * serve, so the handlers are restated here over the server's exported key store and problems.
 */
import type { FastifyInstance } from 'fastify';
import { oneOf, parseWithSchema, record } from '@margin/core';
import { accountIdSchema } from '@margin/wire';
import { ApiKeyStore, HttpProblem, KeyWriteError, fieldProblem, publicKeyRecord, requirePrincipal } from '@margin/server';
import { z } from 'zod';

const RATE_RULE = 'must be an integer from 1 to 1000000000';

const newKeySchema = record({
  role: oneOf(['admin', 'venue', 'account']),
  account: accountIdSchema.optional(),
  label: z.string({ error: 'must be a string' }).max(200, { error: 'must be at most 200 characters' }).optional(),
  rateLimitPerMinute: z.number({ error: RATE_RULE }).int({ error: RATE_RULE }).min(1, { error: RATE_RULE }).max(1_000_000_000, { error: RATE_RULE }).optional(),
});

function requireAdmin(request: Parameters<typeof requirePrincipal>[0]): void {
  const principal = requirePrincipal(request);
  if (principal.role !== 'admin') throw new HttpProblem(403, 'forbidden', `this endpoint needs a key with role "admin"; the key has role "${principal.role}"`);
}

async function durably<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof KeyWriteError) throw new HttpProblem(503, 'unavailable', `the key change was not written to the journal (${error.message}); nothing changed, retry when the journal is writable`);
    throw error;
  }
}

export function registerGatewayKeys(app: FastifyInstance, keys: ApiKeyStore): void {
  app.get('/v1/me', async (request) => {
    const principal = requirePrincipal(request);
    return { keyId: principal.keyId, role: principal.role, account: principal.account };
  });

  app.get('/v1/keys', async (request) => {
    requireAdmin(request);
    return { keys: keys.list().map(publicKeyRecord) };
  });

  app.post('/v1/keys', async (request, reply) => {
    requireAdmin(request);
    const { value } = parseWithSchema(newKeySchema, request.body ?? {}, ['body']);
    if (value.role === 'account' && value.account === undefined) throw fieldProblem('body', ['account'], 'is required for role "account"');
    if (value.role !== 'account' && value.account !== undefined) throw fieldProblem('body', ['account'], `is only allowed for role "account", got role "${value.role}"`);
    const created = await durably(() =>
      keys.create({
        role: value.role,
        account: value.account ?? null,
        ...(value.label === undefined ? {} : { label: value.label }),
        ...(value.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: value.rateLimitPerMinute }),
      }),
    );
    reply.code(201);
    return { key: created.key, ...publicKeyRecord(created.record) };
  });

  app.delete<{ Params: { id: string } }>('/v1/keys/:id', async (request, reply) => {
    requireAdmin(request);
    const principal = requirePrincipal(request);
    if (request.params.id === principal.keyId) throw new HttpProblem(400, 'invalid-request', 'a key cannot revoke itself', [{ path: 'params.id', rule: 'must not be the calling key' }]);
    if (!(await durably(() => keys.revoke(request.params.id)))) throw new HttpProblem(404, 'not-found', `no key "${request.params.id}"`);
    return reply.code(204).send();
  });
}
