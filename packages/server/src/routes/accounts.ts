/** Accounts: list, one account's risk (the `margin risk --json` shape), what-if, its events. */
import type { FastifyInstance } from 'fastify';
import { accountIds, accountRiskJson } from '@margin/engine';
import { allowRoles, assertCanReadAccount, requirePrincipal } from '../auth/authorize.js';
import type { ServerContext } from '../context.js';
import { ACCOUNT_ID_LENGTH_MAX, redactForAccount } from '@margin/wire';
import { accountNotFound, assetNotFound, fieldProblem } from '../problem.js';
import { queryInt, queryText } from '../query.js';
import { computeWhatIf, parseWhatIf } from '../what-if.js';
import { accountEventsResponse, accountListResponse, accountParams, errorResponses, positionsResponse, riskJson, security, whatIfBody, whatIfResponse } from './schemas.js';

export async function accountRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get('/v1/accounts', {
    preParsing: allowRoles('admin', 'venue'),
    schema: {
      tags: ['accounts'],
      summary: 'List account ids (sorted), paged with after/limit',
      security,
      querystring: { type: 'object', properties: { after: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 10000 } } },
      response: { 200: accountListResponse, ...errorResponses },
    },
  }, async (request) => {
    const limit = queryInt(request.query, 'limit', 100, 1, 10_000);
    const after = queryText(request.query, 'after');
    const ids = await ctx.host.read(({ state }) => accountIds(state));
    let start = 0;
    if (after !== undefined) {
      start = ids.findIndex((id) => id > after);
      if (start < 0) start = ids.length;
    }
    const page = ids.slice(start, start + limit);
    const next = start + limit < ids.length ? (page[page.length - 1] ?? null) : null;
    return { accounts: page, total: ids.length, next };
  });

  app.get<{ Params: { account: string } }>('/v1/accounts/:account', {
    schema: {
      tags: ['accounts'],
      summary: "One account's risk: the same shape as `margin risk --json` (asset query: another settle asset)",
      security,
      params: accountParams,
      querystring: { type: 'object', properties: { asset: { type: 'string' } } },
      response: { 200: riskJson, ...errorResponses },
    },
  }, async (request) => riskOf(ctx, request.params.account, request));

  app.get<{ Params: { account: string } }>('/v1/accounts/:account/risk', {
    schema: {
      tags: ['accounts'],
      summary: 'Alias of GET /v1/accounts/{account}',
      security,
      params: accountParams,
      querystring: { type: 'object', properties: { asset: { type: 'string' } } },
      response: { 200: riskJson, ...errorResponses },
    },
  }, async (request) => riskOf(ctx, request.params.account, request));

  app.get<{ Params: { account: string } }>('/v1/accounts/:account/positions', {
    schema: {
      tags: ['accounts'],
      summary: "The account's positions in one settle asset, each with its tier, IM, MM, uPnL, liquidation and bankruptcy price",
      security,
      params: accountParams,
      querystring: { type: 'object', properties: { asset: { type: 'string' } } },
      response: { 200: positionsResponse, ...errorResponses },
    },
  }, async (request) => {
    const risk = await riskOf(ctx, request.params.account, request);
    return { account: request.params.account, settle: risk.account.settle ?? risk.positions[0]?.settle ?? null, positions: risk.positions };
  });

  app.post<{ Params: { account: string } }>('/v1/accounts/:account/what-if', {
    schema: {
      tags: ['accounts'],
      summary: "The engine's verdict, events and margin after a hypothetical order and/or prices (engine preview); changes nothing",
      security,
      params: accountParams,
      body: { ...whatIfBody, examples: [{ order: { symbol: 'BTCUSDT', side: 'buy', size: '0.5', price: '30000' } }, { prices: { BTCUSDT: '25000' } }] },
      response: {
        200: whatIfResponse,
        ...errorResponses,
      },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const account = request.params.account;
    checkAccountParam(account);
    assertCanReadAccount(principal, account);
    const input = parseWhatIf(request.body);
    const answer = await ctx.host.read(({ state }) => {
      if (!state.accounts.has(account)) return null;
      if (input.asset !== undefined && !state.assets.has(input.asset)) throw assetNotFound(input.asset);
      return computeWhatIf(state, account, input);
    });
    if (answer === null) throw accountNotFound(account);
    return answer;
  });

  app.get<{ Params: { account: string } }>('/v1/accounts/:account/events', {
    schema: {
      tags: ['accounts'],
      summary: "The account's recent risk events (margin calls, liquidations...), newest first",
      security,
      params: accountParams,
      querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 } } },
      response: { 200: accountEventsResponse, ...errorResponses },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const account = request.params.account;
    checkAccountParam(account);
    assertCanReadAccount(principal, account);
    if ((await ctx.host.read(({ state }) => accountRiskJson(state, account))) === null) throw accountNotFound(account);
    const limit = queryInt(request.query, 'limit', 100, 1, 1000);
    const items = ctx.history.feed.latest(limit, (item) => item.event['account'] === account);
    // An account key never sees another account's name (an ADL counterparty): redacted per the wire contract.
    const seen = principal.role === 'account' ? items.map((item) => ({ ...item, event: redactForAccount(item.event, account) })) : items;
    return { events: seen.map(feedJson) };
  });
}

async function riskOf(ctx: ServerContext, account: string, request: { query: unknown } & Parameters<typeof requirePrincipal>[0]) {
  const principal = requirePrincipal(request);
  checkAccountParam(account);
  assertCanReadAccount(principal, account);
  const asset = queryText(request.query, 'asset');
  const risk = await ctx.host.read(({ state }) => {
    // The account first, so a foreign key learns nothing about assets either.
    if (!state.accounts.has(account)) return null;
    if (asset !== undefined && !state.assets.has(asset)) throw assetNotFound(asset);
    return accountRiskJson(state, account, asset);
  });
  if (risk === null) throw accountNotFound(account);
  return risk;
}

/** The one account id limit of the wire contract, so an id that can be written can be read back. */
function checkAccountParam(account: string): void {
  if (account.length > ACCOUNT_ID_LENGTH_MAX) throw fieldProblem('params', ['account'], `must be at most ${ACCOUNT_ID_LENGTH_MAX} characters`);
}

export function feedJson(item: { event: Record<string, unknown>; committedAtMs: number | null }): Record<string, unknown> {
  return { ...item.event, committedAt: item.committedAtMs === null ? null : new Date(item.committedAtMs).toISOString() };
}
