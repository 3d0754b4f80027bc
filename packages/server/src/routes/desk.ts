/** The risk desk's population views: ADL queue, largest holders, net exposure (clearing), insurance fund history. */
import type { FastifyInstance } from 'fastify';
import { allowRoles, assertCanReadAccount, requirePrincipal } from '../auth/authorize.js';
import { ACCOUNT_ID_LENGTH_MAX } from '@margin/wire';
import { AccountHistory } from '../views/account-history.js';
import { accountNotFound } from '../problem.js';
import type { ServerContext } from '../context.js';
import { HttpProblem, fieldProblem } from '../problem.js';
import { queryInt, queryText } from '../query.js';
import { adlQueueOf, exposureOf, holdersOf } from '../views/desk-views.js';
import { journalPointJson } from '../views/journal-account-history.js';
import { accountHistoryResponse, accountParams, adlQueueResponse, errorResponses, exposureResponse, holdersResponse, insuranceHistoryResponse, security } from './schemas.js';

const symbolParams = { type: 'object', properties: { symbol: { type: 'string', minLength: 1 } }, required: ['symbol'] } as const;
const sideAndLimit = {
  type: 'object',
  properties: {
    side: { type: 'string', enum: ['long', 'short'], description: 'one side only (default both)' },
    limit: { type: 'integer', minimum: 1, maximum: 1000, description: 'rows (per side for the ADL queue), default 50' },
  },
} as const;

function sideOf(query: unknown): 'long' | 'short' | null {
  const side = queryText(query, 'side');
  if (side === undefined) return null;
  if (side !== 'long' && side !== 'short') throw fieldProblem('query', ['side'], `must be "long" or "short", got "${side}"`);
  return side;
}

export async function deskRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const readers = allowRoles('admin', 'venue');
  const accountHistory = new AccountHistory();
  ctx.board.onPass(accountHistory.onPass);

  app.get<{ Params: { account: string } }>('/v1/accounts/:account/history', {
    schema: {
      tags: ['accounts'],
      summary: "An account's equity, maintenance margin and margin ratio over time (its riskiest pool's own figures beside the totals), oldest first, from the risk board's passes",
      security,
      params: accountParams,
      querystring: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 500 },
          source: { type: 'string', enum: ['board', 'journal'], description: 'board (default): sampled from the risk board, in memory; journal: replayed from the journal, exact at each seq, the same after a restart (ADR 0027)' },
        },
      },
      response: { 200: accountHistoryResponse, ...errorResponses },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const account = request.params.account;
    if (account.length > ACCOUNT_ID_LENGTH_MAX) throw fieldProblem('params', ['account'], `must be at most ${ACCOUNT_ID_LENGTH_MAX} characters`);
    assertCanReadAccount(principal, account);
    const limit = queryInt(request.query, 'limit', 500, 1, 500);
    const exists = await ctx.host.read(({ state }) => state.accounts.has(account));
    if (!exists) throw accountNotFound(account);
    const source = queryText(request.query, 'source') ?? 'board';
    if (source === 'journal') {
      // The first request starts the replay (in the background); the answer says how far it is.
      if (!ctx.journalHistory.started) void ctx.journalHistory.catchUp();
      const status = ctx.journalHistory.status();
      if (status.error !== null) throw new HttpProblem(503, 'unavailable', `the journal history stopped at seq ${status.replayedSeq}: ${status.error}`);
      const points = ctx.journalHistory.points(account, limit).map(journalPointJson);
      return { account, tracked: points.length > 0, points, source, replayedToSeq: status.replayedSeq, journalSeq: Math.max(status.journalSeq, ctx.host.lastSeq), gridMs: ctx.journalHistory.gridMs };
    }
    if (source !== 'board') throw fieldProblem('query', ['source'], `must be "board" or "journal", got "${source}"`);
    return { account, ...accountHistory.ask(account, ctx.board.snapshot, limit), source };
  });

  app.get<{ Params: { symbol: string } }>('/v1/risk/adl/:symbol', {
    preParsing: readers,
    schema: {
      tags: ['risk'],
      summary: "The ADL queue of a symbol per side: each position's rank, quantile and indicator (1-5) as published to its account, first to be deleveraged first",
      security,
      params: symbolParams,
      querystring: sideAndLimit,
      response: { 200: adlQueueResponse, ...errorResponses },
    },
  }, async (request) => {
    const limit = queryInt(request.query, 'limit', 50, 1, 1000);
    const side = sideOf(request.query);
    const symbol = request.params.symbol;
    const settle = ctx.catalog.get(symbol)?.['settle'];
    const queue = await ctx.host.read(({ state, lastSeq }) =>
      state.markets.has(symbol) ? adlQueueOf(state, lastSeq, symbol, side, limit, typeof settle === 'string' ? settle : undefined) : null,
    );
    if (queue === null) throw new HttpProblem(404, 'not-found', `no instrument "${symbol}"`);
    return queue;
  });

  app.get<{ Params: { symbol: string } }>('/v1/risk/holders/:symbol', {
    preParsing: readers,
    schema: {
      tags: ['risk'],
      summary: 'The largest positions in a symbol by notional, with each one\'s share of its side (risk board pass)',
      security,
      params: symbolParams,
      querystring: sideAndLimit,
      response: { 200: holdersResponse, ...errorResponses },
    },
  }, async (request) => {
    const limit = queryInt(request.query, 'limit', 50, 1, 1000);
    const side = sideOf(request.query);
    const holders = holdersOf(ctx.board.snapshot, request.params.symbol, limit, side);
    if (holders === null) throw new HttpProblem(404, 'not-found', `no open positions in "${request.params.symbol}" (as of the last risk pass)`);
    return holders;
  });

  app.get('/v1/risk/exposure', {
    preParsing: readers,
    schema: {
      tags: ['risk'],
      summary: "The venue's net exposure per settle asset: what the clearing counterparty holds in each symbol (the opposite of the holders' net position) and its ledger balance",
      security,
      response: { 200: exposureResponse, ...errorResponses },
    },
  }, async () => exposureOf(ctx.board.snapshot));

  app.get('/v1/risk/insurance-fund', {
    preParsing: readers,
    schema: {
      tags: ['risk'],
      summary: 'Insurance fund balances over time per asset and fund, oldest first (the engine\'s insuranceFundChanged events, read back from the journal at start)',
      security,
      querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 2000 } } },
      response: { 200: insuranceHistoryResponse, ...errorResponses },
    },
  }, async (request) => {
    const limit = queryInt(request.query, 'limit', 500, 1, 2000);
    const board = ctx.board.snapshot;
    const funds: { asset: string; fund: string; points: { seq: number; time: string | null; balance: string; change: string; reason: string }[] }[] = [];
    const seen = new Set<string>();
    for (const asset of [...ctx.history.funds.keys()].sort()) {
      const byFund = ctx.history.funds.get(asset);
      if (byFund === undefined) continue;
      for (const fund of [...byFund.keys()].sort()) {
        seen.add(`${asset}\u0000${fund}`);
        const points = byFund.get(fund)?.latest(limit).reverse() ?? [];
        funds.push({ asset, fund, points: points.map((p) => ({ seq: p.seq, time: p.committedAtMs === null ? null : new Date(p.committedAtMs).toISOString(), balance: p.balance, change: p.change, reason: p.reason })) });
      }
    }
    // A fund last changed before the journal tail read at start: its current balance as one point.
    for (const [asset, system] of Object.entries(board.system)) {
      for (const [fund, balance] of Object.entries(system)) {
        if ((fund !== 'insurance' && !fund.startsWith('insurance:')) || seen.has(`${asset}\u0000${fund}`)) continue;
        funds.push({ asset, fund, points: [{ seq: board.asOfSeq, time: null, balance, change: '0', reason: 'balance' }] });
      }
    }
    funds.sort((a, b) => (a.asset === b.asset ? (a.fund < b.fund ? -1 : 1) : a.asset < b.asset ? -1 : 1));
    return { since: new Date(ctx.startedAtMs).toISOString(), funds };
  });
}
