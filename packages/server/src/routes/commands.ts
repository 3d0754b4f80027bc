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
import { COMMANDS_PER_REQUEST_MAX } from '@margin/wire';
import { commandBody, commandsResponse, errorResponses, instrumentBody, security } from './schemas.js';

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
}

/** `{ lastSeq, results }` as JSON text, each result around its events' journaled texts. */
function outcomesJson(ctx: ServerContext, outcomes: readonly CommandOutcome[]): string {
  return `{"lastSeq":${ctx.host.lastSeq},"results":[${outcomes.map(outcomeJson).join(',')}]}`;
}
