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
} from '@margin/core';
