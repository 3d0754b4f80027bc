/**
 * Commands of the shortfall protocol (cross-partition ADL, docs/scale-out.md, ADR 0032): a
 * partition in `hold` mode keeps what its fund cannot cover of a bankruptcy in the system account
 * `deficit-pending` (a `shortfall` event) instead of deleveraging its own holders; the cluster's
 * coordinator then closes counterparties in their own partitions (`adlClose`, the haircut goes to
 * the system account `transfers`) and pays `deficit-pending` off from `transfers`
 * (`shortfallSettle`, applied by the bankrupt's partition). Socialised losses: each holder's
 * share is a `lossShare` to `transfers`, then settled the same way.
 */
import { z } from 'zod';
import { decimal, oneOf, record, text } from '@margin/core';

const id = text('a unique command id string').max(200, { error: 'must be at most 200 characters' });
const account = text('an account id string').max(200, { error: 'must be at most 200 characters' });
const asset = text('an asset name string').max(32, { error: 'must be at most 32 characters' });
const symbol = text('a symbol string').max(64, { error: 'must be at most 64 characters' });
const positionKey = text('a position key string').max(80, { error: 'must be at most 80 characters' });
const shortfallId = text('a shortfall id string').max(200, { error: 'must be at most 200 characters' });
const partition = z.number({ error: 'must be a whole number from 0 to 1023' }).int({ error: 'must be a whole number from 0 to 1023' }).min(0, { error: 'must be a whole number from 0 to 1023' }).max(1023, { error: 'must be a whole number from 0 to 1023' });
const rank = z.number({ error: 'must be a whole number of at least 1' }).int({ error: 'must be a whole number of at least 1' }).min(1, { error: 'must be a whole number of at least 1' });

/**
 * What a liquidation does with the part of a deficit its insurance fund cannot cover: `local`
 * (default) deleverages or socialises over this engine's own holders; `hold` keeps it in
 * `deficit-pending` with a `shortfall` event, for a coordinator across engine instances.
 */
export const liquidationModeCommandSchema = record({
  type: z.literal('liquidationMode'),
  id,
  shortfall: oneOf(['local', 'hold']),
});

/**
 * A counterparty's side of a cross-partition ADL: close `quantity` of the position at `price`
 * (the shortfall's mark) and move `haircut` (settle-asset units) from its holder to `transfers`.
 * Refused unapplied when the position is not on `side` or holds less than `quantity`.
 */
export const adlCloseCommandSchema = record({
  type: z.literal('adlClose'),
  id,
  account,
  symbol,
  positionKey,
  side: oneOf(['long', 'short']),
  quantity: decimal('positive'),
  price: decimal('positive'),
  bankruptcyPrice: decimal('positive').optional(),
  haircut: decimal('nonNegative'),
  shortfallId,
  bankruptAccount: account,
  bankruptPositionKey: positionKey,
  rank,
  queue: rank,
});

/**
 * A holder's share of a socialised loss decided across engine instances (socialize profiles):
 * `amount` (settle-asset units) from the position's holder to `transfers`, on its way to the
 * bankrupt's instance. `size` is the position's size the shares were computed on (unsigned).
 */
export const lossShareCommandSchema = record({
  type: z.literal('lossShare'),
  id,
  account,
  symbol,
  positionKey,
  size: decimal('positive'),
  amount: decimal('nonNegative'),
  shortfallId,
});

/**
 * The bankrupt partition's leg: `amount` from `transfers` to `deficit-pending` (refused when it
 * would pay more than is pending). `from` is the partition that sent the money, `to` this one.
 */
export const shortfallSettleCommandSchema = record({
  type: z.literal('shortfallSettle'),
  id,
  shortfallId,
  asset,
  amount: decimal('positive'),
  from: partition,
  to: partition,
  /** `socialized-rounding`: what pro-rata shares collected beyond the loss (default `deficit-pending`). */
  into: oneOf(['deficit-pending', 'socialized-rounding']).optional(),
});

export type LiquidationModeCommand = z.output<typeof liquidationModeCommandSchema>;
export type AdlCloseCommand = z.output<typeof adlCloseCommandSchema>;
export type LossShareCommand = z.output<typeof lossShareCommandSchema>;
export type ShortfallSettleCommand = z.output<typeof shortfallSettleCommandSchema>;
