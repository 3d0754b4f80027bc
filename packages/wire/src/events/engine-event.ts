/**
 * The closed union of every event the engine emits. A handler can only emit a member of this
 * union (the engine's `Sink.emit` takes `EmittedEventBody`), and `engineEventSchema` parses any
 * journaled or published event strictly: an unknown type or an unknown field is refused.
 */
import { z } from 'zod';
import { marginRatesChangedEventSchema } from './dynamic.js';
import { fundingPaidEventSchema, fundingRateSetEventSchema, fundingSettledEventSchema } from './funding.js';
import {
  autoDeleveragedEventSchema,
  bankruptcyEventSchema,
  deficitCoveredEventSchema,
  deficitUnresolvedEventSchema,
  isolatedMarginReleasedEventSchema,
  liquidationEndedEventSchema,
  liquidationFeeEventSchema,
  liquidationFillEventSchema,
  liquidationStartedEventSchema,
  lossSharedEventSchema,
  lossSocializedEventSchema,
} from './liquidation.js';
import { assetDefinedEventSchema, bookUpdatedEventSchema, expirySettledEventSchema, instrumentDefinedEventSchema, positionSettledEventSchema, priceUpdatedEventSchema } from './market.js';
import { depositedEventSchema, insuranceDepositedEventSchema, insuranceFundChangedEventSchema, insuranceTransferredEventSchema, withdrawnEventSchema } from './money.js';
import { duplicateEventSchema, rejectedEventSchema } from './outcome.js';
import {
  collateralAssetSetEventSchema,
  collateralConvertedEventSchema,
  collateralModeSetEventSchema,
  collateralPricesUpdatedEventSchema,
  creditBandChangedEventSchema,
  creditLineSetEventSchema,
  interestChargedEventSchema,
} from './collateral.js';
import { marginCallClearedEventSchema, marginCallEventSchema } from './risk.js';
import { spanParametersLoadedEventSchema } from './span.js';
import { liquidationModeSetEventSchema, shortfallEventSchema, shortfallSettledEventSchema } from './shortfall.js';
import {
  filledEventSchema,
  isolatedMarginAddedEventSchema,
  isolatedMarginRemovedEventSchema,
  leverageSetEventSchema,
  marginModeSetEventSchema,
  orderCanceledEventSchema,
  orderPlacedEventSchema,
  positionModeSetEventSchema,
  portfolioMarginSetEventSchema,
} from './trading.js';

/** Every event body by its `type` (without the `seq` and `commandId` stamp). */
export const EVENT_SCHEMAS = {
  assetDefined: assetDefinedEventSchema,
  instrumentDefined: instrumentDefinedEventSchema,
  deposited: depositedEventSchema,
  withdrawn: withdrawnEventSchema,
  priceUpdated: priceUpdatedEventSchema,
  bookUpdated: bookUpdatedEventSchema,
  filled: filledEventSchema,
  orderPlaced: orderPlacedEventSchema,
  orderCanceled: orderCanceledEventSchema,
  leverageSet: leverageSetEventSchema,
  marginModeSet: marginModeSetEventSchema,
  positionModeSet: positionModeSetEventSchema,
  portfolioMarginSet: portfolioMarginSetEventSchema,
  isolatedMarginAdded: isolatedMarginAddedEventSchema,
  isolatedMarginRemoved: isolatedMarginRemovedEventSchema,
  fundingRateSet: fundingRateSetEventSchema,
  fundingPaid: fundingPaidEventSchema,
  fundingSettled: fundingSettledEventSchema,
  positionSettled: positionSettledEventSchema,
  expirySettled: expirySettledEventSchema,
  marginCall: marginCallEventSchema,
  marginCallCleared: marginCallClearedEventSchema,
  liquidationStarted: liquidationStartedEventSchema,
  liquidationFill: liquidationFillEventSchema,
  liquidationFee: liquidationFeeEventSchema,
  isolatedMarginReleased: isolatedMarginReleasedEventSchema,
  liquidationEnded: liquidationEndedEventSchema,
  bankruptcy: bankruptcyEventSchema,
  deficitCovered: deficitCoveredEventSchema,
  deficitUnresolved: deficitUnresolvedEventSchema,
  autoDeleveraged: autoDeleveragedEventSchema,
  lossShared: lossSharedEventSchema,
  lossSocialized: lossSocializedEventSchema,
  insuranceDeposited: insuranceDepositedEventSchema,
  insuranceFundChanged: insuranceFundChangedEventSchema,
  marginRatesChanged: marginRatesChangedEventSchema,
  insuranceTransferred: insuranceTransferredEventSchema,
  collateralConverted: collateralConvertedEventSchema,
  interestCharged: interestChargedEventSchema,
  collateralAssetSet: collateralAssetSetEventSchema,
  collateralPricesUpdated: collateralPricesUpdatedEventSchema,
  creditLineSet: creditLineSetEventSchema,
  liquidationModeSet: liquidationModeSetEventSchema,
  shortfall: shortfallEventSchema,
  shortfallSettled: shortfallSettledEventSchema,
  collateralModeSet: collateralModeSetEventSchema,
  creditBandChanged: creditBandChangedEventSchema,
  spanParametersLoaded: spanParametersLoadedEventSchema,
  rejected: rejectedEventSchema,
  duplicate: duplicateEventSchema,
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

/** The body of one event type, as a handler builds it. */
export type EventBodyOf<K extends EventType> = z.output<(typeof EVENT_SCHEMAS)[K]>;
/** Any event body (before `applyCommand` stamps it). */
export type EngineEventBody = { [K in EventType]: EventBodyOf<K> }[EventType];
/** What a handler may emit: every body except the two that stand for a whole command. */
export type EmittedEventBody = Exclude<EngineEventBody, { type: 'rejected' | 'duplicate' }>;

/** What `applyCommand` adds to every event: the journal sequence number and the command id. */
export const eventStampShape = { seq: z.number().int().min(0), commandId: z.string() };
export type EventStamp = { seq: number; commandId: string };

/**
 * One stamped event of one type. Reading a field by name (`event['account']`) is allowed on the
 * whole union and yields `unknown` until the event is narrowed by `type`; writing is closed (see
 * `EmittedEventBody` and the strict schemas).
 */
export type EventOf<K extends EventType> = EventBodyOf<K> & EventStamp & { readonly [field: string]: unknown };
/** An event as `applyCommand` returns it, the journal stores it and the API publishes it. */
export type EngineEvent = { [K in EventType]: EventOf<K> }[EventType];

function stamped<S extends z.ZodObject>(schema: S) {
  return schema.extend(eventStampShape);
}

/** Every stamped event schema by its `type` (the members of `engineEventSchema`). */
export const STAMPED_EVENT_SCHEMAS = Object.fromEntries(Object.entries(EVENT_SCHEMAS).map(([type, schema]) => [type, stamped(schema)])) as unknown as {
  readonly [K in EventType]: z.ZodObject;
};

/** Strict parser of a stamped event: the union discriminated by `type`. */
export const engineEventSchema = z.discriminatedUnion('type', Object.values(STAMPED_EVENT_SCHEMAS) as [z.ZodObject, ...z.ZodObject[]]);

/** Strict parser of one event body of a known type (no stamp). */
export const engineEventBodySchema = z.discriminatedUnion('type', Object.values(EVENT_SCHEMAS) as unknown as [z.ZodObject, ...z.ZodObject[]]);

/**
 * The stamped union with more fields on every member (the API's feed adds `committedAt`); the
 * members stay strict, so an intersection would refuse the extra field.
 */
export function engineEventSchemaWith<X extends z.ZodRawShape>(extra: X) {
  return z.discriminatedUnion(
    'type',
    Object.values(EVENT_SCHEMAS).map((schema) => stamped(schema).extend(extra)) as unknown as [z.ZodObject, ...z.ZodObject[]],
  );
}

/** Parse one event strictly (throws a ZodError naming the path on any mismatch). */
export function parseEngineEvent(json: unknown): EngineEvent {
  return engineEventSchema.parse(json) as EngineEvent;
}
