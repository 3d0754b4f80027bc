/**
 * The risk desk's population views on the gateway, as `margin serve` serves them (server
 * routes/desk.ts), over the cluster: the largest holders and the net exposure from the gateway's
 * merged board (the server's `holdersOf`, `exposureOf`), the insurance fund history from the
 * gateway's history of the partitions' events, and the ADL queue of a symbol merged from each
 * partition's queue (the server's `adlQueueOf` there, ranks merged by adl-merge.ts over every
 * holder of the cluster, then the first `limit` of each side). Roles, query rules and problems are
 * the server's.
 */
import type { FastifyInstance } from 'fastify';
import type { AdlRankJson } from '@margin/engine';
import { HttpProblem, allowRoles, exposureOf, fieldProblem, holdersOf, queryInt, queryText, type History } from '@margin/server';
import type { AdlQueue } from '@margin/wire';
import { mergeAdlRanks } from './adl-merge.js';
import type { ClusterBoard } from './gateway-board.js';
import type { ClusterClient } from './cluster-client.js';

function sideOf(query: unknown): 'long' | 'short' | null {
  const side = queryText(query, 'side');
  if (side === undefined) return null;
  if (side !== 'long' && side !== 'short') throw fieldProblem('query', ['side'], `must be "long" or "short", got "${side}"`);
  return side;
}

export function registerGatewayDeskViews(app: FastifyInstance, client: ClusterClient, board: ClusterBoard, history: History, startedAtMs: number): void {
  const readers = allowRoles('admin', 'venue');

  app.get<{ Params: { symbol: string } }>('/v1/risk/adl/:symbol', { preParsing: readers }, async (request) => {
    const limit = queryInt(request.query, 'limit', 50, 1, 1000);
    const side = sideOf(request.query);
    const symbol = request.params.symbol;
    const queues: AdlQueue[] = [];
    for (let p = 0; p < client.partitions; p++) {
      const answer = (await client.read(p, { op: 'adlQueue', symbol })) as AdlQueue | null | { error: string };
      if (answer !== null && 'error' in answer) throw new Error(`partition ${p}: ${answer.error}`);
      if (answer === null) throw new HttpProblem(404, 'not-found', `no instrument "${symbol}"`);
      queues.push(answer);
    }
    // Each row keeps its figures; rank, count, quantile and indicator are recomputed over the cluster.
    const merged = mergeAdlRanks(queues.map((queue) => queue.rows as unknown as AdlRankJson[])) as unknown as AdlQueue['rows'];
    const counts = { long: 0, short: 0 };
    for (const row of merged) counts[row.side]++;
    const perSide = { long: 0, short: 0 };
    const rows: AdlQueue['rows'] = [];
    for (const row of merged) {
      if ((side !== null && row.side !== side) || perSide[row.side] >= limit) continue;
      perSide[row.side]++;
      rows.push(row);
    }
    return { symbol, seq: queues.reduce((sum, queue) => sum + queue.seq, 0), counts, rows };
  });

  app.get<{ Params: { symbol: string } }>('/v1/risk/holders/:symbol', { preParsing: readers }, async (request) => {
    const limit = queryInt(request.query, 'limit', 50, 1, 1000);
    const side = sideOf(request.query);
    const holders = holdersOf(board.snapshot, request.params.symbol, limit, side);
    if (holders === null) throw new HttpProblem(404, 'not-found', `no open positions in "${request.params.symbol}" (as of the last risk pass)`);
    return holders;
  });

  app.get('/v1/risk/exposure', { preParsing: readers }, async () => exposureOf(board.snapshot));

  app.get('/v1/risk/insurance-fund', { preParsing: readers }, async (request) => {
    const limit = queryInt(request.query, 'limit', 500, 1, 2000);
    const snapshot = board.snapshot;
    const funds: { asset: string; fund: string; points: { seq: number; time: string | null; balance: string; change: string; reason: string; partition?: number }[] }[] = [];
    const seen = new Set<string>();
    for (const asset of [...history.funds.keys()].sort()) {
      const byFund = history.funds.get(asset);
      if (byFund === undefined) continue;
      for (const fund of [...byFund.keys()].sort()) {
        seen.add(`${asset}\u0000${fund}`);
        const points = byFund.get(fund)?.latest(limit).reverse() ?? [];
        funds.push({ asset, fund, points: points.map((p) => ({ seq: p.seq, time: p.committedAtMs === null ? null : new Date(p.committedAtMs).toISOString(), balance: p.balance, change: p.change, reason: p.reason })) });
      }
    }
    // A fund with no change in the gateway's history: its current balance (summed over the partitions) as one point.
    for (const [asset, system] of Object.entries(snapshot.system)) {
      for (const [fund, balance] of Object.entries(system)) {
        if ((fund !== 'insurance' && !fund.startsWith('insurance:')) || seen.has(`${asset}\u0000${fund}`)) continue;
        funds.push({ asset, fund, points: [{ seq: snapshot.asOfSeq, time: null, balance, change: '0', reason: 'balance' }] });
      }
    }
    funds.sort((a, b) => (a.asset === b.asset ? (a.fund < b.fund ? -1 : 1) : a.asset < b.asset ? -1 : 1));
    return { since: new Date(startedAtMs).toISOString(), funds };
  });
}
