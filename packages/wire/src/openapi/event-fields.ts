/**
 * The event schemas once in the OpenAPI document. `FeedEvent` is every stamped event plus
 * `committedAt`; generated as is, it repeats every event's fields inline (a quarter of the
 * document, which Swagger UI resolves slowly). JSON Schema cannot reuse a closed schema for a
 * document with one more field, so each event's fields other than `type` and the stamp move to
 * an open `<Name>Fields` component, and the two places that use them close it again with
 * `unevaluatedProperties: false` (which, unlike `additionalProperties`, sees the fields an
 * `allOf` evaluated; `allOf` rather than a `$ref` beside other keywords, which @fastify/swagger
 * drops as OpenAPI 3.0 would):
 *
 * - `<Name>Event`: `type`, `seq`, `commandId` and `allOf` its fields; no other field.
 * - `FeedEvent`: `type`, `seq`, `commandId`, `committedAt`, and one of the events' fields
 *   (selected by the `type` constant); no other field.
 *
 * Both accept exactly the documents the inline schemas accepted. An event whose generated
 * schemas are not of that form (checked here) is left inline.
 */
import type { JsonSchema } from './components.js';

const COMPONENTS = '#/components/schemas/';
/** Every stamped event has these (engine-event.ts `eventStampShape` and the discriminant). */
const HEAD = ['type', 'seq', 'commandId'] as const;
const FEED_EXTRA = 'committedAt';

/** Equal as generated JSON (the schemas come from one generator, so key order is stable). */
const same = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y);

/** `DepositedEvent` -> `DepositedEventFields`. */
export const eventFieldsComponent = (eventComponentName: string): string => `${eventComponentName}Fields`;

interface ObjectSchema {
  readonly type: 'object';
  readonly properties: Record<string, JsonSchema>;
  readonly required: string[];
  readonly additionalProperties: false;
}

function closedObject(schema: JsonSchema | undefined): ObjectSchema | null {
  if (schema === undefined) return null;
  const keys = Object.keys(schema).sort();
  if (!same(keys, ['additionalProperties', 'properties', 'required', 'type'])) return null;
  if (schema['type'] !== 'object' || schema['additionalProperties'] !== false) return null;
  return schema as unknown as ObjectSchema;
}

function pick(properties: Record<string, JsonSchema>, names: readonly string[], keep: boolean): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(properties).filter(([name]) => names.includes(name) === keep));
}

/**
 * Rewrites `schemas` (the generated components) in place as described above. `eventComponents`:
 * event type -> its component name.
 */
export function shareEventFields(schemas: Record<string, JsonSchema>, eventComponents: ReadonlyMap<string, string>): void {
  const feed = schemas['FeedEvent'];
  const members = feed?.['oneOf'];
  if (feed === undefined || !Array.isArray(members) || Object.keys(feed).some((key) => key !== 'oneOf')) return;
  let extra: JsonSchema | undefined;
  const rewritten: JsonSchema[] = [];
  const moves: Array<{ name: string; event: ObjectSchema }> = [];
  for (const member of members as JsonSchema[]) {
    const feedMember = closedObject(member);
    const type = (feedMember?.properties['type'] as { const?: unknown } | undefined)?.const;
    const name = typeof type === 'string' ? eventComponents.get(type) : undefined;
    const event = closedObject(name === undefined ? undefined : schemas[name]);
    // The member must be the event plus committedAt; committedAt and the stamp the same in every member.
    const matches =
      feedMember !== null && event !== null && name !== undefined &&
      HEAD.every((field) => event.required.includes(field) && event.properties[field] !== undefined) &&
      same(pick(feedMember.properties, [FEED_EXTRA], false), event.properties) &&
      same(feedMember.required.filter((field) => field !== FEED_EXTRA), event.required) &&
      feedMember.required.includes(FEED_EXTRA) &&
      (extra === undefined || same(extra, feedMember.properties[FEED_EXTRA])) &&
      (moves[0] === undefined || same(pick(moves[0].event.properties, HEAD.slice(1), true), pick(event.properties, HEAD.slice(1), true)));
    if (!matches) return; // not of the expected form: leave the document as generated
    extra = feedMember.properties[FEED_EXTRA];
    moves.push({ name, event });
    rewritten.push({ properties: { type: event.properties['type'] }, allOf: [{ $ref: `${COMPONENTS}${eventFieldsComponent(name)}` }] });
  }
  const first = moves[0]?.event;
  if (first === undefined || extra === undefined) return;
  for (const { name, event } of moves) {
    schemas[eventFieldsComponent(name)] = {
      type: 'object',
      description: `${name} without type and stamp; open, closed where used`,
      properties: pick(event.properties, HEAD, false),
      required: event.required.filter((field) => !(HEAD as readonly string[]).includes(field)),
    };
    schemas[name] = {
      type: 'object',
      properties: pick(event.properties, HEAD, true),
      required: event.required.filter((field) => (HEAD as readonly string[]).includes(field)),
      allOf: [{ $ref: `${COMPONENTS}${eventFieldsComponent(name)}` }],
      unevaluatedProperties: false,
    };
  }
  schemas['FeedEvent'] = {
    type: 'object',
    properties: { type: { type: 'string' }, seq: first.properties['seq'], commandId: first.properties['commandId'], [FEED_EXTRA]: extra },
    required: [...HEAD, FEED_EXTRA],
    oneOf: rewritten,
    unevaluatedProperties: false,
  };
}
