/**
 * Account views the dashboard's account page reads, on the gateway: `GET /v1/accounts/{id}/collateral`,
 * `/compare` and `/history` as `margin serve` answers them (server routes account-collateral.ts,
 * compare.ts, desk.ts): the same role rules, query rules and problems here, the figures computed
 * by the owning partition on its committed state (partition-account-views.ts). `/history` with
 * `source=board` (the default) samples the gateway's merged risk board as the server samples its
 * own; `source=journal` is replayed from the owning partition's journal.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { decimalProblem } from '@margin/core';
import { AccountHistory, HttpProblem, accountNotFound, assertCanReadAccount, assetNotFound, fieldProblem, queryInt, queryText, requirePrincipal } from '@margin/server';
import { ACCOUNT_ID_LENGTH_MAX } from '@margin/wire';
import type { ClusterClient } from './cluster-client.js';
import type { ClusterBoard } from './gateway-board.js';
import type { AccountViewAnswer, AccountViewRequest } from './partition-account-views.js';
import { partitionOf } from './partition-map.js';

function checkAccount(request: FastifyRequest<{ Params: { account: string } }>): string {
  const principal = requirePrincipal(request);
  const account = request.params.account;
  if (account.length > ACCOUNT_ID_LENGTH_MAX) throw fieldProblem('params', ['account'], `must be at most ${ACCOUNT_ID_LENGTH_MAX} characters`);
  assertCanReadAccount(principal, account);
  return account;
}

export function registerGatewayAccountViews(app: FastifyInstance, client: ClusterClient, board: ClusterBoard): void {
  const ask = async (request: AccountViewRequest): Promise<AccountViewAnswer> => {
    const answer = (await client.read(partitionOf(request.account, client.partitions), { op: 'accountView', ...request })) as AccountViewAnswer & { error?: string };
    if (answer.error !== undefined) throw new Error(answer.error);
    return answer;
  };

  app.get<{ Params: { account: string } }>('/v1/accounts/:account/collateral', async (request) => {
    const account = checkAccount(request);
    const answer = await ask({ view: 'collateral', account });
    if (!answer.found) throw accountNotFound(account);
    return answer.result;
  });

  app.get<{ Params: { account: string } }>('/v1/accounts/:account/compare', async (request) => {
    const account = checkAccount(request);
    const asset = queryText(request.query, 'asset');
    const premium = queryText(request.query, 'premium');
    if (premium !== undefined) {
      const problem = decimalProblem(premium.startsWith('-') ? premium.slice(1) : premium);
      if (problem !== null) throw fieldProblem('query', ['premium'], problem);
    }
    const answer = await ask({ view: 'compare', account, ...(asset === undefined ? {} : { asset }), ...(premium === undefined ? {} : { premium }) });
    if (answer.assetFound === false) throw assetNotFound(asset as string);
    if (answer.problem !== undefined) throw fieldProblem('params', ['account'], answer.problem);
    if (!answer.found) throw accountNotFound(account);
    return answer.result;
  });

  const accountHistory = new AccountHistory();
  board.onPass(accountHistory.onPass);
  app.get<{ Params: { account: string } }>('/v1/accounts/:account/history', async (request) => {
    const account = checkAccount(request);
    const limit = queryInt(request.query, 'limit', 500, 1, 500);
    const source = queryText(request.query, 'source') ?? 'board';
    if (source !== 'board' && source !== 'journal') throw fieldProblem('query', ['source'], `must be "board" or "journal", got "${source}"`);
    if (source === 'board') {
      const exists = (await client.read(partitionOf(account, client.partitions), { op: 'risk', account })) as { found: boolean };
      if (!exists.found) throw accountNotFound(account);
      return { account, ...accountHistory.ask(account, board.snapshot, limit), source };
    }
    const answer = await ask({ view: 'history', account, limit });
    if (!answer.found) throw accountNotFound(account);
    const { points, status, lastSeq, gridMs } = answer.result as { points: unknown[]; status: { replayedSeq: number; journalSeq: number; error: string | null }; lastSeq: number; gridMs: number };
    if (status.error !== null) throw new HttpProblem(503, 'unavailable', `the journal history stopped at seq ${status.replayedSeq}: ${status.error}`);
    return { account, tracked: points.length > 0, points, source, replayedToSeq: status.replayedSeq, journalSeq: Math.max(status.journalSeq, lastSeq), gridMs };
  });
}
