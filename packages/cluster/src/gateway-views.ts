/**
 * The gateway's reads beyond one account's risk, each answered by the partitions and merged here:
 * - `GET /v1/accounts`: every partition's account ids merged in id order, paged as `margin serve`
 *   pages them (after/limit, total, next);
 * - `GET /v1/accounts/{id}` (and `/risk`, `/positions`), `POST /v1/accounts/{id}/what-if`: the owning
 *   partition answers on its committed state with the server's own functions (`computeWhatIf`);
 *   a what-if previews the account's own verdict and margin exactly; what it would do to others
 *   (a liquidation's ADL counterparties) is limited to its partition;
 * - `GET /v1/cluster/adl/{symbol}`: the cluster's ADL queue merged from the partitions' summaries
 *   (adl-merge.ts);
 * - `GET /v1/cluster/insurance`: each partition's funds, the cluster total and the money in flight
 *   between partitions (fund-float.ts).
 * Role rules and problem+json are the server's.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { formatUnits, parseUnits } from '@margin/core';
import type { AdlRankJson } from '@margin/engine';
import { ACCOUNT_ID_LENGTH_MAX } from '@margin/wire';
import { HttpProblem, accountNotFound, assetNotFound, assertCanReadAccount, fieldProblem, parseWhatIf, requirePrincipal } from '@margin/server';
import { mergeAdlRanks } from './adl-merge.js';
import type { ClusterClient } from './cluster-client.js';
import { partitionOf } from './partition-map.js';

const DIGITS = 18;

function readers(request: FastifyRequest): void {
  const principal = requirePrincipal(request);
  if (principal.role !== 'admin' && principal.role !== 'venue') throw new HttpProblem(403, 'forbidden', `this endpoint needs a key with role "admin" or "venue"; the key has role "${principal.role}"`);
}

function queryNumber(query: unknown, name: string, fallback: number, min: number, max: number): number {
  const raw = (query as Record<string, unknown> | undefined)?.[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || value < min || value > max) throw fieldProblem('query', [name], `must be an integer from ${min} to ${max}`);
  return value;
}

function checkAccount(request: FastifyRequest<{ Params: { account: string } }>): string {
  const principal = requirePrincipal(request);
  const account = request.params.account;
  if (account.length > ACCOUNT_ID_LENGTH_MAX) throw fieldProblem('params', ['account'], `must be at most ${ACCOUNT_ID_LENGTH_MAX} characters`);
  assertCanReadAccount(principal, account);
  return account;
}

export function registerGatewayViews(app: FastifyInstance, client: ClusterClient): void {
  const partitions = client.partitions;

  app.get('/v1/accounts', async (request) => {
    readers(request);
    const limit = queryNumber(request.query, 'limit', 100, 1, 10_000);
    const after = (request.query as Record<string, unknown>)['after'];
    const lists: string[][] = [];
    for (let p = 0; p < partitions; p++) lists.push((await client.read(p, { op: 'accounts' })) as string[]);
    const ids = lists.flat().sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let start = 0;
    if (typeof after === 'string') {
      start = ids.findIndex((id) => id > after);
      if (start < 0) start = ids.length;
    }
    const page = ids.slice(start, start + limit);
    return { accounts: page, total: ids.length, next: start + limit < ids.length ? (page[page.length - 1] ?? null) : null };
  });

  const riskOf = async (request: FastifyRequest<{ Params: { account: string } }>): Promise<{ account: { settle?: string | null }; positions: { settle?: string }[] }> => {
    const account = checkAccount(request);
    const asset = (request.query as Record<string, unknown>)['asset'];
    const answer = (await client.read(partitionOf(account, partitions), { op: 'risk', account, ...(typeof asset === 'string' ? { asset } : {}) })) as { found: boolean; asset?: boolean; risk?: never };
    if (!answer.found) throw accountNotFound(account);
    if (answer.asset === false) throw assetNotFound(asset as string);
    return answer.risk as never;
  };
  app.get<{ Params: { account: string } }>('/v1/accounts/:account', riskOf);
  app.get<{ Params: { account: string } }>('/v1/accounts/:account/positions', async (request) => {
    const risk = await riskOf(request);
    return { account: request.params.account, settle: risk.account.settle ?? risk.positions[0]?.settle ?? null, positions: risk.positions };
  });

  app.post<{ Params: { account: string } }>('/v1/accounts/:account/what-if', async (request) => {
    const account = checkAccount(request);
    const input = parseWhatIf(request.body); // the server's parser: the same 400s, before anything is asked
    const answer = (await client.read(partitionOf(account, partitions), { op: 'whatIf', account, body: request.body })) as { found: boolean; asset?: boolean; result?: unknown; error?: string };
    if (answer.error !== undefined) throw new Error(answer.error);
    if (!answer.found) throw accountNotFound(account);
    if (answer.asset === false) throw assetNotFound(input.asset as string);
    return answer.result;
  });

  app.get<{ Params: { symbol: string } }>('/v1/cluster/adl/:symbol', async (request) => {
    readers(request);
    const perPartition: AdlRankJson[][] = [];
    for (let p = 0; p < partitions; p++) perPartition.push((await client.read(p, { op: 'adl', symbol: request.params.symbol })) as AdlRankJson[]);
    return { symbol: request.params.symbol, partitions, queue: mergeAdlRanks(perPartition) };
  });

  app.get('/v1/cluster/insurance', async (request) => {
    readers(request);
    const rows: { partition: number; streamSeq: number; funds: Record<string, Record<string, string>>; transfers: Record<string, string> }[] = [];
    const total = new Map<string, bigint>();
    const inFlight = new Map<string, bigint>();
    for (let p = 0; p < partitions; p++) {
      const answer = (await client.read(p, { op: 'funds' })) as { streamSeq: number; funds: Record<string, Record<string, string>>; transfers: Record<string, string> };
      rows.push({ partition: p, streamSeq: answer.streamSeq, funds: answer.funds, transfers: answer.transfers });
      for (const [asset, funds] of Object.entries(answer.funds)) for (const [fund, balance] of Object.entries(funds)) total.set(`${asset}\u0000${fund}`, (total.get(`${asset}\u0000${fund}`) ?? 0n) + parseUnits(balance, DIGITS));
      for (const [asset, units] of Object.entries(answer.transfers)) inFlight.set(asset, (inFlight.get(asset) ?? 0n) + parseUnits(units, DIGITS));
    }
    const totals: Record<string, Record<string, string>> = {};
    for (const [key, units] of [...total.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [asset, fund] = key.split('\u0000') as [string, string];
      (totals[asset] ??= {})[fund] = formatUnits(units, DIGITS);
    }
    return { partitions: rows, total: totals, inFlight: Object.fromEntries([...inFlight.entries()].map(([asset, units]) => [asset, formatUnits(units, DIGITS)])) };
  });
}
