/** The `margin settle` input documents, one per `kind` (docs/market-data.md). */
import { z } from 'zod';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { FUNDING_AGGREGATES, INDEX_FUTURE_KINDS } from '../market/index-futures.js';
import { timeField, wholeField } from './market-fields.js';
import { positionRow, priceRow } from './market-rows.js';

export const SETTLE_KINDS = ['dated-future', ...INDEX_FUTURE_KINDS] as const;

export const settleKindSchema = z.looseObject({ kind: oneOf(SETTLE_KINDS) });

const common = {
  kind: oneOf(SETTLE_KINDS),
  profile: text('a profile name').optional(),
  symbol: text('a symbol string').optional(),
  settle: text('an asset name').optional(),
  assetDecimals: wholeField(18).optional(),
  contractSize: decimal('positive').optional(),
  /** The instrument's tick: the settlement price is published on it (nearest tick, ties to even). */
  tickSize: decimal('positive').optional(),
  positions: list(positionRow).optional(),
};

const TWAP_METHODS = ['time-weighted', 'mean'] as const;

export const datedFutureSchema = record({
  ...common,
  instrumentKind: oneOf(['linear-future', 'inverse-future']).optional(),
  expiry: timeField,
  windowMinutes: decimal('positive', 3).optional(),
  averaging: oneOf(TWAP_METHODS).optional(),
  samples: list(priceRow).optional(),
  settlementPrice: decimal('positive').optional(),
  futuresPrice: decimal('positive').optional(),
  indexPrice: decimal('positive').optional(),
  time: timeField.optional(),
  daysPerYear: wholeField(366).optional(),
});

const quoteRow = record({
  strike: decimal('positive'),
  callBid: decimal('nonNegative'),
  callAsk: decimal('nonNegative'),
  putBid: decimal('nonNegative'),
  putAsk: decimal('nonNegative'),
});

const termSchema = record({ expiry: timeField, riskFreeRate: decimal('any'), quotes: list(quoteRow, 3) });

export const volatilityFutureSchema = record({
  ...common,
  time: timeField,
  nearTerm: termSchema,
  nextTerm: termSchema.optional(),
  targetDays: wholeField(3650).optional(),
  daysPerYear: wholeField(366).optional(),
});

export const fundingRateFutureSchema = record({
  ...common,
  start: timeField,
  end: timeField,
  aggregate: oneOf(FUNDING_AGGREGATES).optional(),
  rateScale: decimal('positive').optional(),
  rates: list(record({ time: timeField, rate: decimal('any') }), 1),
});

export const gasFeeFutureSchema = record({
  ...common,
  start: timeField,
  end: timeField,
  averaging: oneOf(TWAP_METHODS).optional(),
  samples: list(priceRow, 1),
});

export type DatedFutureInput = z.output<typeof datedFutureSchema>;
export type VolatilityFutureInput = z.output<typeof volatilityFutureSchema>;
export type FundingRateFutureInput = z.output<typeof fundingRateFutureSchema>;
export type GasFeeFutureInput = z.output<typeof gasFeeFutureSchema>;
