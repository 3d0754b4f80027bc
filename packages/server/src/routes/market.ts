/** Market data and event history: marks, funding, the risk-event feed, instruments and profiles. */
import type { FastifyInstance } from 'fastify';
import { VENUES, findVenue, missingPartMessage, venueParts } from '@margin/core';
import { allowRoles, requirePrincipal } from '../auth/authorize.js';
import type { ServerContext } from '../context.js';
import { HttpProblem } from '../problem.js';
import { queryInt, queryText } from '../query.js';
import { feedJson } from './accounts.js';
import { errorResponses, eventFeedResponse, fundingResponse, marketsResponse, marksResponse, security } from './schemas.js';

const symbolParams = { type: 'object', properties: { symbol: { type: 'string' } }, required: ['symbol'] } as const;

/** What the market routes read (the cluster gateway passes its history and partition 0's catalogue). */
export interface MarketRoutesContext {
  readonly history: ServerContext['history'];
  readonly catalog: Pick<ServerContext['catalog'], 'get' | 'list'>;
  readonly host: { readonly profile: string };
}

export async function marketRoutes(app: FastifyInstance, ctx: MarketRoutesContext): Promise<void> {
  app.get('/v1/markets', {
    schema: { tags: ['market'], summary: 'Symbols with their last mark, index and funding rate', security, response: { 200: marketsResponse, ...errorResponses } },
  }, async (request) => {
    requirePrincipal(request);
    const symbols = new Set([...ctx.history.marks.keys(), ...ctx.catalog.list().map((i) => i.symbol)]);
    return {
      markets: [...symbols].sort().map((symbol) => {
        const last = ctx.history.marks.get(symbol)?.latest(1)[0];
        const funding = ctx.history.fundingRates.get(symbol);
        const instrument = ctx.catalog.get(symbol);
        return {
          symbol,
          kind: instrument?.['kind'] ?? null,
          settle: instrument?.['settle'] ?? null,
          markPrice: last?.markPrice ?? null,
          indexPrice: last?.indexPrice ?? null,
          time: last === undefined ? null : new Date(last.timeMs).toISOString(),
          fundingRate: funding?.rate ?? null,
        };
      }),
    };
  });

  app.get<{ Params: { symbol: string } }>('/v1/markets/:symbol/marks', {
    schema: {
      tags: ['market'],
      summary: 'Recent mark and index prices of a symbol, oldest first',
      security,
      params: symbolParams,
      querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 3000 } } },
      response: { 200: marksResponse, ...errorResponses },
    },
  }, async (request) => {
    requirePrincipal(request);
    const limit = queryInt(request.query, 'limit', 500, 1, 3000);
    const ring = ctx.history.marks.get(request.params.symbol);
    if (ring === undefined) throw new HttpProblem(404, 'not-found', `no prices for symbol "${request.params.symbol}"`);
    const points = ring.latest(limit).reverse();
    return { symbol: request.params.symbol, marks: points.map((p) => ({ time: new Date(p.timeMs).toISOString(), markPrice: p.markPrice, indexPrice: p.indexPrice })) };
  });

  app.get('/v1/funding', {
    schema: {
      tags: ['market'],
      summary: 'Funding history: rates set and settlements, per symbol, oldest first',
      security,
      querystring: { type: 'object', properties: { symbol: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
      response: { 200: fundingResponse, ...errorResponses },
    },
  }, async (request) => {
    requirePrincipal(request);
    const limit = queryInt(request.query, 'limit', 200, 1, 1000);
    const only = queryText(request.query, 'symbol');
    const symbols = only === undefined ? [...ctx.history.funding.keys()].sort() : [only];
    const funding: Record<string, unknown[]> = {};
    for (const symbol of symbols) {
      const ring = ctx.history.funding.get(symbol);
      funding[symbol] = (ring?.latest(limit) ?? []).reverse().map((p) => ({
        kind: p.kind,
        time: new Date(p.timeMs).toISOString(),
        rate: p.rate,
        seq: p.seq,
        ...(p.event === null ? {} : { settlement: p.event }),
      }));
    }
    return { funding };
  });

  app.get('/v1/events', {
    preParsing: allowRoles('admin', 'venue'),
    schema: {
      tags: ['events'],
      summary: 'Risk events (margin calls, liquidations, insurance fund, ADL, expiry...), newest first; every non-routine engine event type appears here',
      security,
      querystring: {
        type: 'object',
        properties: { type: { type: 'string' }, account: { type: 'string' }, symbol: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 1000 } },
      },
      response: { 200: eventFeedResponse, ...errorResponses },
    },
  }, async (request) => {
    const limit = queryInt(request.query, 'limit', 100, 1, 1000);
    const type = queryText(request.query, 'type');
    const account = queryText(request.query, 'account');
    const symbol = queryText(request.query, 'symbol');
    const events = ctx.history.feed.latest(limit, ({ event }) =>
      (type === undefined || event.type === type) && (account === undefined || event['account'] === account) && (symbol === undefined || event['symbol'] === symbol),
    );
    return { events: events.map(feedJson), counts: Object.fromEntries(ctx.history.feedCounts) };
  });

  app.get('/v1/instruments', {
    schema: { tags: ['parameters'], summary: 'Instrument definitions (tiers, sizes, fees) accepted through this server', security, response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses } },
  }, async (request) => {
    requirePrincipal(request);
    return { instruments: ctx.catalog.list() };
  });

  app.get('/v1/profiles', {
    schema: { tags: ['parameters'], summary: 'Methodology profiles, and the one this engine runs', security, response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses } },
  }, async (request) => {
    requirePrincipal(request);
    const profiles = VENUES.map((v) => ({ name: v.name, title: v.margin?.title ?? v.title, description: v.margin?.description ?? v.market?.title ?? v.title, parts: venueParts(v) }));
    return { active: ctx.host.profile, profiles };
  });

  app.get<{ Params: { name: string } }>('/v1/profiles/:name', {
    schema: {
      tags: ['parameters'],
      summary: 'One profile with its formula switches, sources and tier snapshots',
      security,
      params: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
      response: { 200: { type: 'object', additionalProperties: true }, ...errorResponses },
    },
  }, async (request) => {
    requirePrincipal(request);
    const venue = findVenue(request.params.name);
    if (venue === undefined) throw new HttpProblem(404, 'not-found', `no profile "${request.params.name}"`);
    if (venue.margin === null) throw new HttpProblem(404, 'not-found', missingPartMessage(venue, 'margin'));
    return venue.margin;
  });
}
