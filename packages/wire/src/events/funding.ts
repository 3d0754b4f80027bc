/** Events of funding: a rate set, each payment, the settlement of a symbol. */
import { z } from 'zod';
import { countText, decimalText, entries, isoText } from './fields.js';

export const fundingRateSetEventSchema = z.strictObject({ type: z.literal('fundingRateSet'), symbol: z.string(), rate: decimalText, time: isoText });

export const fundingPaidEventSchema = z.strictObject({
  type: z.literal('fundingPaid'),
  account: z.string(),
  symbol: z.string(),
  positionKey: z.string(),
  /** Positive: received; negative: paid. */
  amount: decimalText,
  entries,
});

export const fundingSettledEventSchema = z.strictObject({
  type: z.literal('fundingSettled'),
  symbol: z.string(),
  rate: decimalText,
  price: decimalText,
  time: isoText,
  positions: countText,
  paid: decimalText,
  received: decimalText,
  clearing: decimalText,
  rounding: decimalText,
  entries,
});
