/** Events of reference data and market data: assets, instruments, prices, books, expiry. */
import { z } from 'zod';
import { countText, decimalText, entries, isoText } from './fields.js';

export const assetDefinedEventSchema = z.strictObject({ type: z.literal('assetDefined'), asset: z.string(), decimals: countText });

export const instrumentDefinedEventSchema = z.strictObject({
  type: z.literal('instrumentDefined'),
  symbol: z.string(),
  kind: z.string(),
  settle: z.string(),
  contractSize: decimalText,
  tiers: countText,
  tiersSource: z.string(),
  /** True when an existing definition was replaced. */
  updated: z.boolean(),
});

export const priceUpdatedEventSchema = z.strictObject({
  type: z.literal('priceUpdated'),
  symbol: z.string(),
  markPrice: decimalText,
  indexPrice: decimalText.nullable(),
  time: isoText,
});

export const bookUpdatedEventSchema = z.strictObject({
  type: z.literal('bookUpdated'),
  symbol: z.string(),
  bids: countText,
  asks: countText,
  bestBid: decimalText.nullable(),
  bestAsk: decimalText.nullable(),
  time: isoText,
});

export const positionSettledEventSchema = z.strictObject({
  type: z.literal('positionSettled'),
  account: z.string(),
  symbol: z.string(),
  positionKey: z.string(),
  size: decimalText,
  entryPrice: decimalText,
  price: decimalText,
  realizedPnl: decimalText,
  entries,
});

export const expirySettledEventSchema = z.strictObject({
  type: z.literal('expirySettled'),
  symbol: z.string(),
  price: decimalText,
  time: isoText,
  positions: countText,
});
