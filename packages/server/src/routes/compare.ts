/**
 * GET /v1/accounts/{account}/compare: the account's committed positions under every venue record
 * that can hold them (the engine writes the account as a `margin risk` input, core compares it:
 * docs/compare.md). `asset` picks the settle asset, `premium` the funding window's average
 * premium (default 0). A known account no venue can hold answers 200 with every venue's refusal.
 * Reads the committed state; changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { InputError, decimalProblem, parseFixed } from '@margin/core';
import { compareAccount } from '@margin/engine';
import { ACCOUNT_ID_LENGTH_MAX, compareResultSchema, jsonSchemaOf } from '@margin/wire';
import { assertCanReadAccount, requirePrincipal } from '../auth/authorize.js';
import type { ServerContext } from '../context.js';
import { accountNotFound, assetNotFound, fieldProblem } from '../problem.js';
import { queryText } from '../query.js';
import { accountParams, errorResponses, security } from './schemas.js';

const compareResponse = jsonSchemaOf(compareResultSchema);

function premiumOf(query: unknown): bigint | undefined {
  const text = queryText(query, 'premium');
  if (text === undefined) return undefined;
  const problem = decimalProblem(text.startsWith('-') ? text.slice(1) : text);
  if (problem !== null) throw fieldProblem('query', ['premium'], problem);
  return parseFixed(text);
}

export async function compareRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get<{ Params: { account: string } }>('/v1/accounts/:account/compare', {
    schema: {
      tags: ['accounts'],
      summary: "The account under every venue record that can hold it: IM, MM, available, liquidation and bankruptcy prices, funding at each venue's current rule, what differs and why (margin compare); changes nothing",
      security,
      params: accountParams,
      querystring: { type: 'object', properties: { asset: { type: 'string' }, premium: { type: 'string' } } },
      response: { 200: compareResponse, ...errorResponses },
    },
  }, async (request) => {
    const principal = requirePrincipal(request);
    const account = request.params.account;
    if (account.length > ACCOUNT_ID_LENGTH_MAX) throw fieldProblem('params', ['account'], `must be at most ${ACCOUNT_ID_LENGTH_MAX} characters`);
    assertCanReadAccount(principal, account);
    const asset = queryText(request.query, 'asset');
    const premium = premiumOf(request.query);
    const answer = await ctx.host.read(({ state }) => {
      if (!state.accounts.has(account)) return null;
      if (asset !== undefined && !state.assets.has(asset)) throw assetNotFound(asset);
      try {
        const report = compareAccount(state, account, { ...(asset === undefined ? {} : { asset }), ...(premium === undefined ? {} : { premium }) });
        return report === null ? null : { account, asOfSeq: state.lastSeq, ...report };
      } catch (error) {
        if (error instanceof InputError) throw fieldProblem('params', ['account'], error.message);
        throw error;
      }
    });
    if (answer === null) throw accountNotFound(account);
    return answer;
  });
}
