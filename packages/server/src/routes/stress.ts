/**
 * POST /v1/stress: what percent shocks to the marks do to the whole book, answered from the
 * committed state (`host.read`) by the engine (`stressTest`: the shocked marks previewed and rolled
 * back). Changes nothing. A population read, so the roles that read the population (admin, venue).
 */
import type { FastifyInstance } from 'fastify';
import { parseWithSchema } from '@margin/core';
import { parseShocks, shockSpecs, stressTest, type ShockSpec } from '@margin/engine';
import { stressRequestSchema } from '@margin/wire';
import { allowRoles } from '../auth/authorize.js';
import type { ServerContext } from '../context.js';
import { errorResponses, security, stressBody, stressResponse } from './schemas.js';

/** The request's shocks: the CLI grammar as one string, or an object of symbol to percent. */
export function parseStressRequest(json: unknown): ShockSpec[] {
  const { value } = parseWithSchema(stressRequestSchema, json ?? {}, ['body']);
  const path = ['body', 'shocks'];
  return typeof value.shocks === 'string' ? parseShocks(value.shocks, path) : shockSpecs(Object.entries(value.shocks), path);
}

export async function stressRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.post('/v1/stress', {
    preParsing: allowRoles('admin', 'venue'),
    schema: {
      tags: ['risk'],
      summary: 'Stress test: percent shocks to the marks previewed by the engine on the committed state; margin calls, liquidations, bankruptcies, deficit, insurance used and ADL per symbol and settle asset. Changes nothing',
      security,
      body: { ...stressBody, examples: [{ shocks: 'BTCUSDT=-10%,ETHUSDT=-15%' }, { shocks: { ALL: '-5%', BTCUSDT: '-10%' } }] },
      response: { 200: stressResponse, ...errorResponses },
    },
  }, async (request) => {
    const specs = parseStressRequest(request.body);
    return ctx.host.read(({ state }) => stressTest(state, specs));
  });
}
