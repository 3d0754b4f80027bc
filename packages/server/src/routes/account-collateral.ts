/** `GET /v1/accounts/{account}/collateral`: the account's collateral breakdown and credit (engine's `accountCollateralJson`). */
import type { FastifyInstance } from 'fastify';
import { accountCollateralJson } from '@margin/engine';
import { ACCOUNT_ID_LENGTH_MAX, accountCollateralSchema, jsonSchemaOf } from '@margin/wire';
import { assertCanReadAccount, requirePrincipal } from '../auth/authorize.js';
import type { ServerContext } from '../context.js';
import { accountNotFound, fieldProblem } from '../problem.js';
import { accountParams, errorResponses, security } from './schemas.js';

const accountCollateralResponse = jsonSchemaOf(accountCollateralSchema);

export async function accountCollateralRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get<{ Params: { account: string } }>('/v1/accounts/:account/collateral', {
    schema: {
      tags: ['accounts'],
      summary: "An account's multi-asset pool in the reference currency: each collateral asset's quantity, index, haircut and value, loans, own equity and credit apart (pool null without collateral rules)",
      security,
      params: accountParams,
      response: { 200: accountCollateralResponse, ...errorResponses },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const account = request.params.account;
    if (account.length > ACCOUNT_ID_LENGTH_MAX) throw fieldProblem('params', ['account'], `must be at most ${ACCOUNT_ID_LENGTH_MAX} characters`);
    assertCanReadAccount(principal, account);
    const answer = await ctx.host.read(({ state }) => (state.accounts.has(account) ? { pool: accountCollateralJson(state, account) } : null));
    if (answer === null) throw accountNotFound(account);
    return { account, pool: answer.pool };
  });
}
