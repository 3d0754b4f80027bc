/** Events of the shortfall protocol (cross-partition ADL, docs/scale-out.md, ADR 0032). */
import { z } from 'zod';
import { decimalText, entries, positionSide, systemAccount } from './fields.js';

/** `liquidationMode` applied: what a liquidation does with a deficit its fund cannot cover. */
export const liquidationModeSetEventSchema = z.strictObject({
  type: z.literal('liquidationModeSet'),
  shortfall: z.enum(['local', 'hold']),
});

/**
 * What the fund could not cover of a bankrupt position's deficit share, advanced to the account
 * from `deficit-pending` (in `hold` mode) for the coordinator to deleverage or share across
 * partitions. `share` is the position's whole deficit share, `amount` the part still uncovered
 * after the fund, `size` the contracts the bankrupt position closed, at `markPrice`.
 */
export const shortfallEventSchema = z.strictObject({
  type: z.literal('shortfall'),
  account: z.string(),
  asset: z.string(),
  positionKey: z.string().nullable(),
  bankruptPositionKey: z.string(),
  symbol: z.string(),
  side: positionSide,
  size: decimalText,
  share: decimalText,
  amount: decimalText,
  markPrice: decimalText,
  bankruptcyPrice: decimalText.nullable(),
  rule: z.enum(['adl', 'socialize']),
  fund: systemAccount,
  entries,
});

/** `shortfallSettle` applied: money from `transfers` paid into `deficit-pending`. */
export const shortfallSettledEventSchema = z.strictObject({
  type: z.literal('shortfallSettled'),
  shortfallId: z.string(),
  asset: z.string(),
  amount: decimalText,
  from: z.number().int(),
  to: z.number().int(),
  into: z.enum(['deficit-pending', 'socialized-rounding']),
  /** What `deficit-pending` still waits for after this leg (all shortfalls of the asset). */
  pending: decimalText,
  entries,
});
