/**
 * OpenAPI fragments of the route schemas, generated from the wire contract (@margin/wire). They
 * document; they do not validate (the server validates with the contract's own parsers so every
 * error names the field and rule). Bodies and answers point at the contract's components
 * (`#/components/schemas/Command`, `EngineEvent`, `RiskJson`, `Problem`...).
 */
import {
  ACCOUNT_ID_LENGTH_MAX,
  accountEventsSchema,
  accountPositionsSchema,
  apiKeyListSchema,
  createdApiKeySchema,
  healthSchema,
  meSchema,
  newApiKeyRequestSchema,
  accountListSchema,
  commandsRequestSchema,
  commandsResponseSchema,
  eventFeedSchema,
  fundingHistorySchema,
  instrumentRequestSchema,
  spanParametersRequestSchema,
  jsonSchemaOf,
  marketsSchema,
  marksSchema,
  overviewSchema,
  ref,
  riskAccountsSchema,
  riskDistributionSchema,
  stressRequestSchema,
  stressResultSchema,
  whatIfRequestSchema,
  whatIfResultSchema,
  accountHistorySchema,
  demoMarketRequestSchema,
  demoMarketSchema,
  adlQueueSchema,
  exposureSchema,
  holdersSchema,
  insuranceHistorySchema,
} from '@margin/wire';

export const decimalString = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: 'decimal string (JSON numbers are refused)' } as const;

export const problem = ref('Problem');

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

/** The errors every route may answer, as RFC 9457 `application/problem+json`. */
export const errorResponses = {
  400: problemResponse('the request breaks an input rule: `errors` names each field and rule'),
  401: problemResponse('no key, or an unknown or revoked key'),
  403: problemResponse('the key may not do this'),
  404: problemResponse('no such account, symbol, route or key'),
  429: problemResponse('rate limit of the key reached'),
  500: problemResponse('internal error'),
} as const;

export const security = [{ apiKey: [] }];

export const accountParams = {
  type: 'object',
  properties: { account: { type: 'string', minLength: 1, maxLength: ACCOUNT_ID_LENGTH_MAX, description: `account id (at most ${ACCOUNT_ID_LENGTH_MAX} characters, URL-encoded)` } },
  required: ['account'],
} as const;

export const riskJson = ref('RiskJson');
export const commandBody = jsonSchemaOf(commandsRequestSchema);
export const instrumentBody = jsonSchemaOf(instrumentRequestSchema);
export const spanParametersBody = jsonSchemaOf(spanParametersRequestSchema);
export const commandsResponse = jsonSchemaOf(commandsResponseSchema);
export const overviewResponse = jsonSchemaOf(overviewSchema);
export const riskAccountsResponse = jsonSchemaOf(riskAccountsSchema);
export const riskDistributionResponse = jsonSchemaOf(riskDistributionSchema);
export const accountListResponse = jsonSchemaOf(accountListSchema);
export const accountEventsResponse = jsonSchemaOf(accountEventsSchema);
export const eventFeedResponse = jsonSchemaOf(eventFeedSchema);
export const marketsResponse = jsonSchemaOf(marketsSchema);
export const marksResponse = jsonSchemaOf(marksSchema);
export const fundingResponse = jsonSchemaOf(fundingHistorySchema);
export const healthResponse = jsonSchemaOf(healthSchema);
export const meResponse = jsonSchemaOf(meSchema);
export const keyListResponse = jsonSchemaOf(apiKeyListSchema);
export const createdKeyResponse = jsonSchemaOf(createdApiKeySchema);
export const newKeyBody = jsonSchemaOf(newApiKeyRequestSchema);
export const positionsResponse = jsonSchemaOf(accountPositionsSchema);

export const whatIfBody = jsonSchemaOf(whatIfRequestSchema);
export const whatIfResponse = jsonSchemaOf(whatIfResultSchema);

export const stressBody = jsonSchemaOf(stressRequestSchema);
export const stressResponse = jsonSchemaOf(stressResultSchema);
export const adlQueueResponse = jsonSchemaOf(adlQueueSchema);
export const holdersResponse = jsonSchemaOf(holdersSchema);
export const exposureResponse = jsonSchemaOf(exposureSchema);
export const insuranceHistoryResponse = jsonSchemaOf(insuranceHistorySchema);
export const accountHistoryResponse = jsonSchemaOf(accountHistorySchema);
export const demoMarketBody = jsonSchemaOf(demoMarketRequestSchema);
export const demoMarketResponse = jsonSchemaOf(demoMarketSchema);
