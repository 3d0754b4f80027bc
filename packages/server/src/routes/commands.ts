/**
 * Commands in: one command or a batch, answered after the batch is committed to the journal,
 * with each command's status and events. A business rejection (e.g. insufficient margin) is a
 * 200 with status "rejected" and the engine's code: the command was journaled; only a request
 * that breaks the input rules is a 400, and then nothing of it was applied.
 */
import type { FastifyInstance } from 'fastify';
import { outcomeJson, type CommandOutcome } from '@margin/host';
import { allowRoles, requirePrincipal } from '../auth/authorize.js';
import type { ServerContext } from '../context.js';
import { commandsOfBody } from '../command-body.js';
import { fieldProblem } from '../problem.js';
import { COMMANDS_PER_REQUEST_MAX, SPAN_REQUEST_BYTES_MAX } from '@margin/wire';
import { commandBody, commandsResponse, errorResponses, instrumentBody, security, spanParametersBody } from './schemas.js';

export { COMMANDS_PER_REQUEST_MAX };

export async function commandRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post('/v1/commands', {
    preParsing: allowRoles('admin', 'venue'),
    schema: {
      tags: ['commands'],
      summary: 'Submit one command or { commands: [...] }; answered once committed (instrument and asset need an admin key)',
      security,
      body: commandBody,
      response: { 200: commandsResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const body = request.body as unknown;
    const { commands, basePath, indexed } = commandsOfBody(body);
    return reply.type('application/json').send(outcomesJson(ctx, await ctx.gateway.submit(commands, principal, basePath, indexed)));
  });

  app.put<{ Params: { symbol: string } }>('/v1/instruments/:symbol', {
    preParsing: allowRoles('admin'),
    schema: {
      tags: ['parameters'],
      summary: 'Define or change an instrument (tiers, sizes, fees): an `instrument` command (admin)',
      security,
      params: { type: 'object', properties: { symbol: { type: 'string' } }, required: ['symbol'] },
      body: instrumentBody,
      response: { 200: commandsResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const body = request.body as { id?: unknown; instrument?: unknown } | null;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw fieldProblem('body', [], 'must be an object with "id" and "instrument"');
    const instrument = body.instrument;
    if (instrument !== null && typeof instrument === 'object' && !Array.isArray(instrument)) {
      const symbol = (instrument as Record<string, unknown>)['symbol'];
      if (symbol !== undefined && symbol !== request.params.symbol) {
        throw fieldProblem('body', ['instrument', 'symbol'], `must match the path symbol "${request.params.symbol}", got ${JSON.stringify(symbol)}`);
      }
    }
    const command = { type: 'instrument', id: body.id, instrument: { symbol: request.params.symbol, ...(instrument as object) } };
    return reply.type('application/json').send(outcomesJson(ctx, await ctx.gateway.submit([command], principal, ['body'], false)));
  });

  // A SPAN parameter file is megabytes: this route alone lifts the body limit, for admins only
  // (the role is checked in preParsing, before any of the body is read).
  app.put<{ Params: { set: string } }>('/v1/span-parameters/:set', {
    preParsing: allowRoles('admin'),
    bodyLimit: SPAN_REQUEST_BYTES_MAX,
    schema: {
      tags: ['parameters'],
      summary: `Load or replace a SPAN risk parameter set: a \`spanParameters\` command whose set comes from the path (admin; bodies up to ${SPAN_REQUEST_BYTES_MAX} bytes)`,
      security,
      params: { type: 'object', properties: { set: { type: 'string' } }, required: ['set'] },
      body: spanParametersBody,
      response: { 200: commandsResponse, ...errorResponses },
    },
  }, async (request, reply) => {
    const principal = requirePrincipal(request);
    const body = request.body as Record<string, unknown> | null;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw fieldProblem('body', [], 'must be an object with "id", "format", "content" and "symbols"');
    if ('type' in body || 'set' in body) throw fieldProblem('body', ['type' in body ? 'type' : 'set'], 'must be left out: the command is spanParameters and the set is the path\'s');
    const command = { type: 'spanParameters', ...body, set: request.params.set };
    return reply.type('application/json').send(outcomesJson(ctx, await ctx.gateway.submit([command], principal, ['body'], false)));
  });
}

/** `{ lastSeq, results }` as JSON text, each result around its events' journaled texts. */
function outcomesJson(ctx: ServerContext, outcomes: readonly CommandOutcome[]): string {
  return `{"lastSeq":${ctx.host.lastSeq},"results":[${outcomes.map(outcomeJson).join(',')}]}`;
}
