/**
 * OpenAPI fragments for the route schemas. They document; they do not validate (the server
 * validates with the engine's and core's own parsers so every error names the field and rule).
 */
export const decimalString = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: 'decimal string (JSON numbers are refused)' } as const;

export const problem = {
  description: 'RFC 9457 problem details (application/problem+json)',
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, rule: { type: 'string' } } } },
  },
} as const;

export const errorResponses = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  429: problem,
} as const;

export const security = [{ apiKey: [] }];

export const accountParams = {
  type: 'object',
  properties: { account: { type: 'string', description: 'account id' } },
  required: ['account'],
} as const;

export const riskJson = {
  description: 'the same shape as `margin risk --json`: every number a decimal string',
  type: 'object',
  properties: {
    profile: { type: 'string' },
    account: { type: 'object', additionalProperties: true },
    positions: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

export const commandBody = {
  description: 'one engine command, or { "commands": [ ... ] } with up to 1,000',
  type: 'object',
  additionalProperties: true,
  properties: {
    type: {
      type: 'string',
      enum: ['asset', 'instrument', 'deposit', 'withdraw', 'price', 'prices', 'fill', 'setLeverage', 'setMarginMode', 'setPositionMode', 'addIsolatedMargin', 'removeIsolatedMargin', 'placeOrder', 'cancelOrder', 'fundingRate', 'settleFunding', 'settleExpiry'],
    },
    id: { type: 'string', description: 'unique command id (idempotency key)' },
    commands: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
  examples: [{ type: 'deposit', id: 'd1', account: 'alice', asset: 'USDT', amount: '1000' }],
} as const;
