/**
 * The OpenAPI document is generated from the wire contract and covers it: a component for every
 * command and event type, a typed request body for every command (a oneOf over the command
 * union), typed events in the answers, errors as application/problem+json on every operation,
 * and no dangling reference. The live answers parse strictly against the same contract schemas.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COMMAND_TYPES,
  EVENT_TYPES,
  accountPositionsSchema,
  apiKeyListSchema,
  healthSchema,
  meSchema,
  commandComponent,
  commandsResponseSchema,
  eventComponent,
  eventFeedSchema,
  marketsSchema,
  overviewSchema,
  riskAccountsSchema,
  riskDistributionSchema,
  riskJsonSchema,
} from '@margin/wire';
import { startHarness, type Harness } from './testing/harness.js';

type Json = Record<string, unknown>;

function resolve(doc: Json, pointer: string): Json {
  assert.ok(pointer.startsWith('#/'), `local reference expected, got ${pointer}`);
  let node: unknown = doc;
  for (const part of pointer.slice(2).split('/')) node = (node as Json | undefined)?.[part];
  assert.ok(node !== undefined && node !== null, `dangling reference ${pointer}`);
  return node as Json;
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') out.push(item);
      else refsIn(item, out);
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  let h: Harness;
  let doc: Json;
  before(async () => {
    h = await startHarness();
    doc = (await h.call('GET', '/openapi.json', { key: null })).json;
  });
  after(async () => h.close());

  test('has a component for every command and event type, and the two unions over them', () => {
    const schemas = (doc['components'] as Json)['schemas'] as Record<string, Json>;
    for (const type of COMMAND_TYPES) assert.ok(schemas[commandComponent(type)], `command ${type}`);
    for (const type of EVENT_TYPES) assert.ok(schemas[eventComponent(type)], `event ${type}`);
    const members = (name: string) => ((schemas[name]?.['oneOf'] ?? []) as Json[]).map((member) => String(member['$ref']).split('/').pop());
    assert.deepEqual(members('Command').sort(), COMMAND_TYPES.map(commandComponent).sort());
    assert.deepEqual(members('EngineEvent').sort(), EVENT_TYPES.map(eventComponent).sort());
    for (const type of EVENT_TYPES) {
      const properties = schemas[eventComponent(type)]?.['properties'] as Json;
      // @fastify/swagger writes a `const` as a one-value `enum`.
      const discriminant = properties['type'] as Json;
      assert.deepEqual(discriminant['const'] ?? (discriminant['enum'] as unknown[] | undefined)?.[0], type);
      assert.ok(properties['seq'] !== undefined && properties['commandId'] !== undefined, `${type} is stamped`);
    }
  });

  test('POST /v1/commands takes any command of the union, or a batch of them; answers typed events', () => {
    const post = ((doc['paths'] as Json)['/v1/commands'] as Json)['post'] as Json;
    const body = (((post['requestBody'] as Json)['content'] as Json)['application/json'] as Json)['schema'] as Json;
    assert.deepEqual(refsIn(body).sort(), ['#/components/schemas/Command', '#/components/schemas/Command']);
    const ok = (((post['responses'] as Json)['200'] as Json)['content'] as Json)['application/json'] as Json;
    assert.ok(refsIn(ok).includes('#/components/schemas/EngineEvent'));
  });

  test('every operation documents its errors as application/problem+json', () => {
    let operations = 0;
    for (const [path, item] of Object.entries(doc['paths'] as Json)) {
      for (const [method, operation] of Object.entries(item as Json)) {
        operations++;
        const responses = (operation as Json)['responses'] as Json;
        for (const status of ['400', '401', '404', '429']) {
          const content = (responses[status] as Json | undefined)?.['content'] as Json | undefined;
          assert.deepEqual(content?.['application/problem+json'], { schema: { $ref: '#/components/schemas/Problem' } }, `${method} ${path} ${status}`);
        }
      }
    }
    assert.ok(operations >= 20, `${operations} operations`);
  });

  test('every reference resolves', () => {
    for (const pointer of new Set(refsIn(doc))) resolve(doc, pointer);
  });

  test('the live answers parse strictly against the contract', async () => {
    const answer = await h.call('POST', '/v1/commands', {
      body: { commands: [{ type: 'deposit', id: 'oa-1', account: 'carol', asset: 'USDT', amount: '10' }, { type: 'withdraw', id: 'oa-2', account: 'nobody', asset: 'USDT', amount: '1' }] },
    });
    commandsResponseSchema.parse(answer.json);
    const again = commandsResponseSchema.parse((await h.call('POST', '/v1/commands', { body: { type: 'deposit', id: 'oa-1', account: 'carol', asset: 'USDT', amount: '10' } })).json);
    assert.equal(again.results[0]?.status, 'duplicate');
    await h.call('POST', '/v1/commands', { body: { type: 'price', id: 'oa-3', symbol: 'BTCUSDT', markPrice: '27400', time: '2026-01-01T00:01:00Z' } });
    await h.call('POST', '/v1/commands', { body: { type: 'insuranceDeposit', id: 'oa-4', asset: 'USDT', amount: '100' } });
    await new Promise((done) => setTimeout(done, 150)); // the risk board refreshes every 50 ms
    overviewSchema.parse((await h.call('GET', '/v1/overview')).json);
    riskAccountsSchema.parse((await h.call('GET', '/v1/risk/accounts')).json);
    riskDistributionSchema.parse((await h.call('GET', '/v1/risk/distribution')).json);
    marketsSchema.parse((await h.call('GET', '/v1/markets')).json);
    riskJsonSchema.parse((await h.call('GET', '/v1/accounts/alice')).json);
    accountPositionsSchema.parse((await h.call('GET', '/v1/accounts/alice/positions')).json);
    healthSchema.parse((await h.call('GET', '/v1/health', { key: null })).json);
    meSchema.parse((await h.call('GET', '/v1/me')).json);
    apiKeyListSchema.parse((await h.call('GET', '/v1/keys')).json);
    const feed = eventFeedSchema.parse((await h.call('GET', '/v1/events')).json);
    assert.ok(feed.events.length > 0);
  });
});
