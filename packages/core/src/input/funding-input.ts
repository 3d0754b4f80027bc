/** The `margin funding` input document (docs/market-data.md). */
import { z } from 'zod';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { hoursField, timeField, wholeField } from './market-fields.js';
import { positionRow } from './market-rows.js';

/** One order-book level as exchanges print it: ["price", "size"]. */
const level = z.tuple([decimal('positive'), decimal('positive')], {
  error: (issue) => (issue.input === undefined ? 'is required' : 'must be a ["price", "size"] pair of decimal strings'),
});

export const fundingSampleRow = record({
  time: timeField,
  premium: decimal('any').optional(),
  impactBid: decimal('positive').optional(),
  impactAsk: decimal('positive').optional(),
  indexPrice: decimal('positive').optional(),
  markPrice: decimal('positive').optional(),
  bids: list(level).optional(),
  asks: list(level).optional(),
});
export type FundingSampleRow = z.output<typeof fundingSampleRow>;

export const fundingInputSchema = record({
  profile: text('a profile name').optional(),
  symbol: text('a symbol string').optional(),
  kind: oneOf(['linear', 'inverse']).optional(),
  contractSize: decimal('positive').optional(),
  settle: text('an asset name').optional(),
  assetDecimals: wholeField(18).optional(),
  intervalHours: hoursField.optional(),
  interestRate: decimal('any').optional(),
  interestRatePerDay: decimal('any').optional(),
  interestQuoteRatePerDay: decimal('any').optional(),
  interestBaseRatePerDay: decimal('any').optional(),
  clampBound: decimal('nonNegative').optional(),
  maintenanceRate: decimal('nonNegative').optional(),
  initialRate: decimal('positive').optional(),
  maxLeverage: decimal('positive').optional(),
  capMultiplier: decimal('positive').optional(),
  capRate: decimal('any').optional(),
  floorRate: decimal('any').optional(),
  previousRate: decimal('any').optional(),
  impactNotional: decimal('positive').optional(),
  impactMargin: decimal('positive').optional(),
  premiumIndex: decimal('any').optional(),
  samples: list(fundingSampleRow).optional(),
  fundingRate: decimal('any').optional(),
  time: timeField.optional(),
  fundingTime: timeField.optional(),
  markPrice: decimal('positive').optional(),
  oraclePrice: decimal('positive').optional(),
  positions: list(positionRow).optional(),
  roundingAccount: text('an account name').optional(),
});
export type FundingInput = z.output<typeof fundingInputSchema>;
