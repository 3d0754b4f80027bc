/** API key management (admin): create, list, revoke. The key text is shown once, at creation. */
import type { FastifyInstance } from 'fastify';
import { oneOf, parseWithSchema, record } from '@margin/core';
import { accountIdSchema } from '@margin/wire';
import { z } from 'zod';
import { KeyWriteError, publicKeyRecord } from '../auth/api-keys.js';
import { allowRoles, requirePrincipal } from '../auth/authorize.js';
import type { ServerContext } from '../context.js';
import { HttpProblem, fieldProblem } from '../problem.js';
import { createdKeyResponse, errorResponses, keyListResponse, meResponse, newKeyBody, security } from './schemas.js';

const RATE_RULE = 'must be an integer from 1 to 1000000000';

const newKeySchema = record({
  role: oneOf(['admin', 'venue', 'account']),
  account: accountIdSchema.optional(),
  label: z.string({ error: 'must be a string' }).max(200, { error: 'must be at most 200 characters' }).optional(),
  rateLimitPerMinute: z.number({ error: RATE_RULE }).int({ error: RATE_RULE }).min(1, { error: RATE_RULE }).max(1_000_000_000, { error: RATE_RULE }).optional(),
});

export async function keyRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const admin = allowRoles('admin');

  app.get('/v1/me', {
    schema: { tags: ['keys'], summary: 'The calling key: id, role, account', security, response: { 200: meResponse, ...errorResponses } },
  }, async (request) => {
    const principal = requirePrincipal(request);
    return { keyId: principal.keyId, role: principal.role, account: principal.account };
  });

  app.get('/v1/keys', {
    preParsing: admin,
    schema: { tags: ['keys'], summary: 'List API keys (never their secrets)', security, response: { 200: keyListResponse, ...errorResponses } },
  }, async () => ({ keys: ctx.keys.list().map(publicKeyRecord) }));

  app.post('/v1/keys', {
    preParsing: admin,
    schema: {
      tags: ['keys'],
      summary: 'Create an API key; the response holds the key text, shown this once',
      security,
      body: newKeyBody,
      response: { 201: createdKeyResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    requirePrincipal(request);
    const { value } = parseWithSchema(newKeySchema, request.body ?? {}, ['body']);
    if (value.role === 'account' && value.account === undefined) throw fieldProblem('body', ['account'], 'is required for role "account"');
    if (value.role !== 'account' && value.account !== undefined) throw fieldProblem('body', ['account'], `is only allowed for role "account", got role "${value.role}"`);
    const created = await durably(() =>
      ctx.keys.create({
        role: value.role,
        account: value.account ?? null,
        ...(value.label === undefined ? {} : { label: value.label }),
        ...(value.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: value.rateLimitPerMinute }),
      }),
    );
    reply.code(201);
    return { key: created.key, ...publicKeyRecord(created.record) };
  });

  app.delete<{ Params: { id: string } }>('/v1/keys/:id', {
    preParsing: admin,
    schema: {
      tags: ['keys'],
      summary: 'Revoke an API key',
      security,
      params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      response: { 204: { type: 'null', description: 'revoked' }, ...errorResponses },
    },
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    if (request.params.id === principal.keyId) throw new HttpProblem(400, 'invalid-request', 'a key cannot revoke itself', [{ path: 'params.id', rule: 'must not be the calling key' }]);
    if (!(await durably(() => ctx.keys.revoke(request.params.id)))) throw new HttpProblem(404, 'not-found', `no key "${request.params.id}"`);
    reply.code(204);
    return null;
  });
}

/** A key change the journal did not take is a 503: nothing changed, the caller may retry. */
async function durably<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof KeyWriteError) {
      throw new HttpProblem(503, 'unavailable', `the key change was not written to the journal (${error.message}); nothing changed, retry when the journal is writable`);
    }
    throw error;
  }
}
