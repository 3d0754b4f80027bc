/** Events of trading: fills, orders, account and symbol settings, isolated margin. */
import { z } from 'zod';
import { decimalText, entries, isoText, marginMode, positionSide, tradeSide } from './fields.js';

export const filledEventSchema = z.strictObject({
  type: z.literal('filled'),
  account: z.string(),
  symbol: z.string(),
  side: tradeSide,
  /** Set in hedge mode only. */
  positionSide: positionSide.nullable(),
  size: decimalText,
  price: decimalText,
  fee: decimalText,
  orderId: z.string().nullable(),
  orderRemaining: decimalText.nullable(),
  realizedPnl: decimalText,
  position: z.strictObject({
    key: z.string(),
    size: decimalText,
    entryPrice: decimalText,
    margin: marginMode,
    isolatedBalance: decimalText.nullable(),
  }),
  walletBalance: decimalText,
  entries,
  time: isoText,
});

export const orderPlacedEventSchema = z.strictObject({
  type: z.literal('orderPlaced'),
  account: z.string(),
  orderId: z.string(),
  symbol: z.string(),
  side: tradeSide,
  positionSide: positionSide.nullable(),
  size: decimalText,
  price: decimalText,
  reduceOnly: z.boolean(),
  orderInitialMargin: decimalText,
  openOrderMargin: decimalText,
});

export const ORDER_CANCEL_REASONS = ['canceled', 'expired', 'liquidation'] as const;

export const orderCanceledEventSchema = z.strictObject({
  type: z.literal('orderCanceled'),
  account: z.string(),
  orderId: z.string(),
  symbol: z.string(),
  remaining: decimalText,
  reason: z.enum(ORDER_CANCEL_REASONS),
});

export const leverageSetEventSchema = z.strictObject({ type: z.literal('leverageSet'), account: z.string(), symbol: z.string(), leverage: decimalText });
export const marginModeSetEventSchema = z.strictObject({ type: z.literal('marginModeSet'), account: z.string(), symbol: z.string(), mode: marginMode });
export const positionModeSetEventSchema = z.strictObject({ type: z.literal('positionModeSet'), account: z.string(), mode: z.enum(['one-way', 'hedge']) });
/** The account's portfolio model (a portfolio profile name), or null when back to per-position margin. */
export const portfolioMarginSetEventSchema = z.strictObject({
  type: z.literal('portfolioMarginSet'),
  account: z.string(),
  model: z.string().nullable(),
  /** `span` only: the parameter set and account class (absent for other models, so their events keep their text). */
  parameterSet: z.string().optional(),
  accountClass: z.enum(['member', 'hedger', 'speculator']).optional(),
});

const isolatedMarginChange = {
  account: z.string(),
  symbol: z.string(),
  positionKey: z.string(),
  amount: decimalText,
  isolatedBalance: decimalText,
  entries,
};
export const isolatedMarginAddedEventSchema = z.strictObject({ type: z.literal('isolatedMarginAdded'), ...isolatedMarginChange });
export const isolatedMarginRemovedEventSchema = z.strictObject({ type: z.literal('isolatedMarginRemoved'), ...isolatedMarginChange });
