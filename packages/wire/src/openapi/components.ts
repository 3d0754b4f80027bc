/**
 * The OpenAPI components generated from the contract's zod schemas (z.toJSONSchema, JSON Schema
 * 2020-12 as OpenAPI 3.1 uses it): one schema per command and per event, the `Command` and
 * `EngineEvent` unions over them, `Problem` and `RiskJson`. Route schemas point at them with
 * `$ref: '#/components/schemas/<Name>'`.
 */
import { z } from 'zod';
import { formatFixed, isoTime } from '@margin/core';
import { COMMAND_SCHEMAS, commandSchema, type CommandType } from '../commands/schema.js';
import { EVENT_TYPES, STAMPED_EVENT_SCHEMAS, engineEventSchema, type EventType } from '../events/engine-event.js';
import { feedEventSchema } from '../api/views.js';
import { problemSchema } from '../api/problem.js';
import { riskJsonSchema } from '../report/risk-json.js';
import { shareEventFields } from './event-fields.js';

export type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
/** `deposit` -> `DepositCommand`. */
export const commandComponent = (type: CommandType): string => `${pascal(type)}Command`;
/** `deposited` -> `DepositedEvent`. */
export const eventComponent = (type: EventType): string => `${pascal(type)}Event`;

/** Every named schema of the contract, by component name. */
const registry = z.registry<{ id: string }>();
const named = new Map<string, z.ZodType>();
function register(id: string, schema: z.ZodType): void {
  registry.add(schema, { id });
  named.set(id, schema);
}
for (const [type, schema] of Object.entries(COMMAND_SCHEMAS)) register(commandComponent(type as CommandType), schema);
for (const [type, schema] of Object.entries(STAMPED_EVENT_SCHEMAS)) register(eventComponent(type as EventType), schema);
register('Command', commandSchema);
register('EngineEvent', engineEventSchema);
register('FeedEvent', feedEventSchema);
register('Problem', problemSchema);
register('RiskJson', riskJsonSchema);

/** The parsers turn decimal strings into kernel values: document the string they read. */
function documentInput(ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }): void {
  const json = ctx.jsonSchema as JsonSchema;
  if (typeof json['default'] === 'bigint') json['default'] = formatFixed(json['default']);
  if (ctx.zodSchema._zod.def.type !== 'pipe' || json['type'] !== 'string' || json['description'] !== undefined) return;
  json['description'] =
    (ctx.zodSchema as unknown) === isoTime ? 'ISO 8601 time, e.g. "2026-03-27T08:00:00Z"' : 'decimal string like "123.45" (JSON numbers are refused)';
}

const OPTIONS = { target: 'draft-2020-12', io: 'input', unrepresentable: 'any', override: documentInput } as const;

/** JSON Schema of one contract schema; named sub-schemas become component references. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { ...OPTIONS, metadata: registry }) as JsonSchema;
  delete json['$schema'];
  delete json['$defs'];
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${COMPONENTS}`)) as JsonSchema;
}

/** `{ $ref }` to a component. */
export const ref = (name: string): JsonSchema => ({ $ref: `${COMPONENTS}${name}` });

/** The components as generated, every event's fields inline in its component and in `FeedEvent`. */
export function inlineContractComponents(): Record<string, JsonSchema> {
  const generated = z.toJSONSchema(registry, { ...OPTIONS, uri: (id) => `${COMPONENTS}${id}` }) as { schemas: Record<string, JsonSchema> };
  const schemas: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(generated.schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = schema;
    schemas[name] = rest;
  }
  return schemas;
}

/** Every component: each command, each event (its fields once: event-fields.ts), the two unions, Problem and RiskJson. */
export function contractComponents(): Record<string, JsonSchema> {
  const schemas = inlineContractComponents();
  shareEventFields(schemas, new Map(EVENT_TYPES.map((type) => [type, eventComponent(type)])));
  describeUnion(schemas, 'Command', 'one engine command; `type` selects the shape');
  describeUnion(schemas, 'EngineEvent', 'one engine event (the closed union); `type` selects the shape');
  describeUnion(schemas, 'FeedEvent', 'an engine event with `committedAt` (ISO time of its commit, null when committed before this process)');
  return schemas;
}

function describeUnion(schemas: Record<string, JsonSchema>, name: string, description: string): void {
  const schema = schemas[name];
  if (schema !== undefined) Object.assign(schema, { description, discriminator: { propertyName: 'type' } });
}

export const COMPONENT_NAMES = (): string[] => [...named.keys()];
