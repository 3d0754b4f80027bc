/** `GET|PUT /v1/demo/market`: whether the demo market ticks, and a switch to pause it (admin). */
import type { FastifyInstance } from 'fastify';
import { parseWithSchema } from '@margin/core';
import { demoMarketRequestSchema, type DemoMarket } from '@margin/wire';
import { allowRoles } from '../auth/authorize.js';
import type { ServerContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import { demoMarketBody, demoMarketResponse, errorResponses, security } from './schemas.js';

function noDemo(): HttpProblem {
  return new HttpProblem(404, 'not-found', 'no demo market: start the server with margin serve --demo');
}

export async function demoMarketRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get('/v1/demo/market', {
    preParsing: allowRoles('admin', 'venue'),
    schema: { tags: ['service'], summary: 'Whether the demo market (margin serve --demo) ticks', security, response: { 200: demoMarketResponse, ...errorResponses } },
  }, async (): Promise<DemoMarket> => {
    if (!ctx.demoMarket.attached) throw noDemo();
    return { paused: ctx.demoMarket.isPaused, seq: ctx.host.lastSeq };
  });

  app.put('/v1/demo/market', {
    preParsing: allowRoles('admin'),
    schema: {
      tags: ['service'],
      summary: 'Pauses or resumes the demo market; a pause answers once the last tick is committed and the risk board has read the state after it, so every view then holds still',
      security,
      body: { ...demoMarketBody, examples: [{ paused: true }] },
      response: { 200: demoMarketResponse, ...errorResponses },
    },
  }, async (request): Promise<DemoMarket> => {
    const { value } = parseWithSchema(demoMarketRequestSchema, request.body ?? {}, ['body']);
    if (!ctx.demoMarket.attached) throw noDemo();
    await ctx.demoMarket.set(value.paused);
    const seq = ctx.host.lastSeq;
    // A pass already running when the pause came may have read the state before the last tick:
    // wait for one that has read it (nothing is committed meanwhile, so it stays the latest).
    if (value.paused) while (ctx.board.snapshot.asOfSeq < seq) await ctx.board.nextPass();
    return { paused: ctx.demoMarket.isPaused, seq };
  });
}
