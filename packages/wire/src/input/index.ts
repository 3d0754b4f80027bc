/**
 * The file and request input schemas that core owns (core depends on no other package, so they
 * are defined there and re-exported here: one place to find every input shape).
 */
export {
  instrumentInputSchema,
  tierInputSchema,
  isoTime,
  riskInputSchema,
  positionInputSchema,
  decimal,
  parseWithSchema,
  type InstrumentInput,
  type RiskInput,
  // The market-data files of `margin index|mark|funding|settle`.
  indexInputSchema,
  markInputSchema,
  fundingInputSchema,
  datedFutureSchema,
  volatilityFutureSchema,
  fundingRateFutureSchema,
  gasFeeFutureSchema,
  type IndexInput,
  type MarkInput,
  type FundingInput,
  type DatedFutureInput,
  type VolatilityFutureInput,
  type FundingRateFutureInput,
  type GasFeeFutureInput,
} from '@margin/core';
