/** Population risk: overview, accounts at risk, margin-ratio distribution. */
import type { FastifyInstance } from 'fastify';
import { allowRoles } from '../auth/authorize.js';
import type { ServerContext } from '../context.js';
import { queryInt } from '../query.js';
import { valueFunds } from '../views/fund-valuation.js';
import { ratioDistribution, type AccountSummary } from '../views/risk-board.js';
import { MARGIN_MODES, RISK_SORT_KEYS, filterRiskAccounts, parseRiskFilter } from '../views/risk-filter.js';
import { errorResponses, overviewResponse, riskAccountsResponse, riskDistributionResponse, security } from './schemas.js';

/** Bucket edges of the distribution, in percent of margin ratio (MM / equity). */
export const RATIO_EDGES_PERCENT = [0, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] as const;

function summaryJson(s: AccountSummary): Record<string, unknown> {
  const { ratioValue: _ratioValue, ...rest } = s;
  return rest;
}

/** What the risk routes read (the cluster gateway passes its merged board and history). */
export interface RiskRoutesContext {
  readonly board: { readonly snapshot: ServerContext['board']['snapshot'] };
  readonly history: ServerContext['history'];
  readonly host: { readonly profile: string; readonly lastSeq: number };
  readonly startedAtMs: number;
  readonly demo: boolean;
}

export async function riskRoutes(app: FastifyInstance, ctx: RiskRoutesContext): Promise<void> {
  const readers = allowRoles('admin', 'venue');

  app.get('/v1/overview', {
    preParsing: readers,
    schema: {
      tags: ['risk'],
      summary: 'Accounts, open interest, insurance fund, funding rates and system balances',
      security,
      response: { 200: overviewResponse, ...errorResponses },
    },
  }, async () => {
    const board = ctx.board.snapshot;
    const insuranceFund: Record<string, string> = {};
    for (const [asset, system] of Object.entries(board.system)) insuranceFund[asset] = system['insurance'] ?? '0';
    const funding = [...ctx.history.fundingRates.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([symbol, { rate, timeMs }]) => ({ symbol, rate, time: new Date(timeMs).toISOString() }));
    const marks = [...ctx.history.marks.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([symbol, ring]) => {
        const last = ring.latest(1)[0];
        return { symbol, markPrice: last?.markPrice ?? null, indexPrice: last?.indexPrice ?? null, time: last === undefined ? null : new Date(last.timeMs).toISOString() };
      });
    return {
      profile: ctx.host.profile,
      lastSeq: ctx.host.lastSeq,
      asOfSeq: board.asOfSeq,
      computedAt: board.computedAtMs === 0 ? null : new Date(board.computedAtMs).toISOString(),
      passMs: Math.round(board.durationMs),
      accounts: board.accounts,
      accountsWithPositions: board.accountsWithPositions,
      liquidatable: board.liquidatable,
      openInterest: board.interest.map((row) => ({
        symbol: row.symbol,
        settle: row.settle,
        contracts: String(Number(row.longContracts.toPrecision(12))),
        notional: row.longNotional.toFixed(2),
        holders: row.holders,
        markPrice: row.markPrice,
      })),
      insuranceFund,
      insuranceFundValued: valueFunds(insuranceFund, (symbol) => ctx.history.marks.get(symbol)?.latest(1)[0]?.markPrice ?? null),
      system: board.system,
      funding,
      marks,
      eventCounts: Object.fromEntries([...ctx.history.feedCounts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
      demo: ctx.demo,
      uptimeMs: Date.now() - ctx.startedAtMs,
    };
  });

  app.get('/v1/risk/accounts', {
    preParsing: readers,
    schema: {
      tags: ['risk'],
      summary: 'Accounts with positions sorted by the margin ratio of their riskiest pool (cross, or one isolated position), highest first; `pool` names that pool with its own equity and maintenance',
      security,
      querystring: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 1000 },
          offset: { type: 'integer', minimum: 0 },
          symbol: { type: 'string', description: 'only accounts holding this symbol' },
          asset: { type: 'string', description: 'only accounts whose settle asset (or riskiest pool asset) is this' },
          mode: { type: 'string', enum: [...MARGIN_MODES], description: 'only accounts with a position in this margin mode' },
          sort: { type: 'string', enum: [...RISK_SORT_KEYS], description: 'sort key (default ratio)' },
          order: { type: 'string', enum: ['asc', 'desc'], description: 'default desc (asc for account)' },
        },
      },
      response: { 200: riskAccountsResponse, ...errorResponses },
    },
  }, async (request) => {
    const limit = queryInt(request.query, 'limit', 50, 1, 1000);
    const offset = queryInt(request.query, 'offset', 0, 0, 10_000_000);
    const filter = parseRiskFilter(request.query);
    const board = ctx.board.snapshot;
    const rows = filterRiskAccounts(board.atRisk, filter);
    return {
      asOfSeq: board.asOfSeq,
      total: rows.length,
      offset,
      accounts: rows.slice(offset, offset + limit).map(summaryJson),
    };
  });

  app.get('/v1/risk/distribution', {
    preParsing: readers,
    schema: {
      tags: ['risk'],
      summary: 'Histogram of margin ratios (MM / equity, percent) over accounts with positions',
      security,
      response: { 200: riskDistributionResponse, ...errorResponses },
    },
  }, async () => {
    const board = ctx.board.snapshot;
    return { asOfSeq: board.asOfSeq, accounts: board.atRisk.length, buckets: ratioDistribution(board, RATIO_EDGES_PERCENT) };
  });
}
