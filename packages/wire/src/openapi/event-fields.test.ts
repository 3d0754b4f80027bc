/**
 * The OpenAPI document states each event's fields once (event-fields.ts). Each event component,
 * and each event of `FeedEvent`, read back as one closed object (its own properties plus those of
 * the fields it takes with `allOf`, nothing else), is the schema generated inline from the zod
 * contract: the same fields with the same schemas, the same required ones, no other field. And
 * `FeedEvent` no longer repeats the events' fields.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_TYPES } from '../events/engine-event.js';
import { contractComponents, eventComponent, inlineContractComponents, type JsonSchema } from './components.js';
import { eventFieldsComponent } from './event-fields.js';

const schemas = contractComponents();
const inline = inlineContractComponents();
const PREFIX = '#/components/schemas/';

interface Closed {
  properties: Record<string, unknown>;
  required: string[];
}

/** `schema` (+ `outer`, the union's own keywords) as one closed object, following `allOf` references. */
function readBack(schema: JsonSchema, outer: JsonSchema = {}): Closed {
  const properties: Record<string, unknown> = { ...(outer['properties'] as object | undefined) };
  const required = [...((outer['required'] as string[] | undefined) ?? [])];
  const parts = [schema, ...((schema['allOf'] as JsonSchema[] | undefined) ?? []).map((part) => {
    const name = String(part['$ref']).slice(PREFIX.length);
    assert.ok(schemas[name], `${name} exists`);
    return schemas[name] as JsonSchema;
  })];
  for (const part of parts) {
    for (const [field, value] of Object.entries((part['properties'] as Record<string, unknown> | undefined) ?? {})) {
      // The union states `type` as a string; the member narrows it to its constant.
      if (field in properties && field !== 'type') assert.fail(`${field} stated twice`);
      properties[field] = value;
    }
    required.push(...((part['required'] as string[] | undefined) ?? []));
  }
  assert.equal(outer['unevaluatedProperties'] ?? schema['unevaluatedProperties'], false, 'closed');
  return { properties, required: [...new Set(required)].sort() };
}

/** A closed object schema as generated. */
function closed(json: JsonSchema | undefined): Closed {
  assert.ok(json);
  assert.equal(json['additionalProperties'], false);
  return { properties: json['properties'] as Record<string, unknown>, required: [...(json['required'] as string[])].sort() };
}

describe('OpenAPI event components', () => {
  it('each event component is its generated schema', () => {
    for (const type of EVENT_TYPES) {
      const name = eventComponent(type);
      assert.ok(schemas[eventFieldsComponent(name)], `${name} has its fields component`);
      assert.deepEqual(readBack(schemas[name] as JsonSchema), closed(inline[name]), name);
    }
  });

  it('each event of FeedEvent is its generated schema (the event and committedAt)', () => {
    const feed = schemas['FeedEvent'] as JsonSchema;
    const members = feed['oneOf'] as JsonSchema[];
    assert.equal(members.length, EVENT_TYPES.length);
    const typeOf = (m: JsonSchema): unknown => (m['properties'] as Record<string, { const?: string }>)['type']?.const;
    const inlineMembers = inline['FeedEvent']?.['oneOf'] as JsonSchema[];
    assert.deepEqual(inlineMembers.map(typeOf), EVENT_TYPES);
    for (const type of EVENT_TYPES) {
      const member = members.find((m) => typeOf(m) === type);
      assert.ok(member, type);
      assert.deepEqual(readBack(member, feed), closed(inlineMembers.find((m) => typeOf(m) === type)), type);
    }
  });

  it('FeedEvent refers to the fields instead of repeating them', () => {
    const feed = JSON.stringify(schemas['FeedEvent']);
    const fields = EVENT_TYPES.reduce((sum, type) => sum + JSON.stringify(schemas[eventFieldsComponent(eventComponent(type))]).length, 0);
    assert.ok(feed.length * 4 < fields, `FeedEvent ${feed.length} characters, the fields ${fields}`);
  });
});
