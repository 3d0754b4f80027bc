/**
 * The risk desk's views (issue 15): the ADL queue per symbol and side, the largest holders per
 * symbol, the venue's net exposure (the engine's `clearing` counterparty) per asset and the
 * insurance fund over time; and the alerts of the WebSocket `alerts` channel (and webhook). The
 * OpenAPI document is generated from these schemas; docs/api.md shows examples.
 */
import { z } from 'zod';
import { decimalText, isoText, marginMode, positionSide, systemAccount } from '../events/fields.js';
import { marginCallEventSchema } from '../events/risk.js';
import { eventStampShape } from '../events/engine-event.js';
import { autoDeleveragedEventSchema, liquidationStartedEventSchema, liquidationEndedEventSchema } from '../events/liquidation.js';

/** One position in the ADL queue of its symbol and side, ranked as published to its account (`margin state --adl`). */
export const adlQueueRowSchema = z.strictObject({
  account: z.string(),
  positionKey: z.string(),
  side: positionSide,
  /** 1 = deleveraged first. */
  rank: z.number().int().min(1),
  count: z.number().int().min(1),
  quantile: decimalText,
  /** 5 = top fifth of the queue ... 1 = last fifth (the venues' lights). */
  indicator: z.number().int().min(1).max(5),
  score: decimalText,
  size: decimalText,
  notional: decimalText,
  unrealizedPnl: decimalText,
  margin: marginMode,
});
export const adlQueueSchema = z.strictObject({
  symbol: z.string(),
  /** The state the ranks were read from (committed). */
  seq: z.number().int(),
  /** Positions per side in the whole queue (before `limit`). */
  counts: z.strictObject({ long: z.number().int(), short: z.number().int() }),
  rows: z.array(adlQueueRowSchema),
});
export type AdlQueue = z.output<typeof adlQueueSchema>;

/** One holder of a symbol (one position), from the risk board's last pass. */
export const holderRowSchema = z.strictObject({
  account: z.string(),
  side: positionSide,
  margin: marginMode,
  size: decimalText,
  notional: decimalText,
  unrealizedPnl: decimalText,
  liquidationPrice: decimalText.nullable(),
  /** size / the side's open size, percent, 2 decimals (display). */
  sharePercent: z.string(),
});
export const holdersSchema = z.strictObject({
  symbol: z.string(),
  asOfSeq: z.number().int(),
  settle: z.string(),
  /** Open sizes of each side (exact sums of the positions' sizes). */
  longSize: decimalText,
  shortSize: decimalText,
  total: z.number().int(),
  holders: z.array(holderRowSchema),
});
export type Holders = z.output<typeof holdersSchema>;

/** What the `clearing` counterparty holds in one symbol: the opposite of the holders' net position. */
export const exposureSymbolSchema = z.strictObject({
  symbol: z.string(),
  longSize: decimalText,
  shortSize: decimalText,
  /** Clearing's position: shortSize - longSize (positive = the venue is long). */
  clearingSize: decimalText,
  /** Clearing's notional: short notional - long notional (the engine's notionals at the mark). */
  clearingNotional: decimalText,
  markPrice: decimalText.nullable(),
});
export const exposureAssetSchema = z.strictObject({
  asset: z.string(),
  /** The clearing account's ledger balance in the asset (fills' and funding's counterparty). */
  clearingBalance: decimalText,
  /** Sum of the symbols' clearing notionals settling in the asset. */
  clearingNotional: decimalText,
  symbols: z.array(exposureSymbolSchema),
});
export const exposureSchema = z.strictObject({ asOfSeq: z.number().int(), assets: z.array(exposureAssetSchema) });
export type Exposure = z.output<typeof exposureSchema>;

/** One balance of an insurance fund, after the event that changed it. */
export const fundPointSchema = z.strictObject({
  seq: z.number().int(),
  /** Server clock at the commit; null for points read back from the journal at start, and for a fund's current balance shown as one point. */
  time: isoText.nullable(),
  balance: decimalText,
  change: decimalText,
  reason: z.string(),
});
export const insuranceHistorySchema = z.strictObject({
  /** Server start: later points carry their commit time. Points are the engine's `insuranceFundChanged` events, the journal tail read back at start then every commit (bounded per fund). */
  since: isoText,
  funds: z.array(z.strictObject({ asset: z.string(), fund: systemAccount, points: z.array(fundPointSchema) })),
});
export type InsuranceHistory = z.output<typeof insuranceHistorySchema>;

export const ALERT_KINDS = ['marginCall', 'liquidation', 'fundDrawdown', 'adl'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

const alertBase = { seq: z.number().int(), committedAt: isoText };

/** A margin-call level crossed upward (warning, call, liquidation): the engine's event. */
export const marginCallAlertSchema = z.strictObject({ kind: z.literal('marginCall'), ...alertBase, account: z.string(), event: marginCallEventSchema.extend(eventStampShape) });
/** A liquidation started or ended: the engine's event. */
export const liquidationAlertSchema = z.strictObject({
  kind: z.literal('liquidation'),
  ...alertBase,
  account: z.string(),
  event: z.union([liquidationStartedEventSchema.extend(eventStampShape), liquidationEndedEventSchema.extend(eventStampShape)]),
});
/** A fund fell more than the threshold below its peak since server start. */
export const fundDrawdownAlertSchema = z.strictObject({
  kind: z.literal('fundDrawdown'),
  ...alertBase,
  asset: z.string(),
  fund: systemAccount,
  peak: decimalText,
  balance: decimalText,
  /** (peak - balance) / peak, 6 decimals. */
  drawdown: decimalText,
  threshold: decimalText,
});
/** A position was auto-deleveraged: the engine's event. */
export const adlAlertSchema = z.strictObject({ kind: z.literal('adl'), ...alertBase, account: z.string(), event: autoDeleveragedEventSchema.extend(eventStampShape) });

export const alertSchema = z.discriminatedUnion('kind', [marginCallAlertSchema, liquidationAlertSchema, fundDrawdownAlertSchema, adlAlertSchema]);
export type Alert = z.output<typeof alertSchema>;

/** A message of the WebSocket `alerts` channel, and the body of a webhook POST. */
export const alertMessageSchema = z.strictObject({ channel: z.literal('alerts'), seq: z.number().int(), alerts: z.array(alertSchema) });
export type AlertMessage = z.output<typeof alertMessageSchema>;

/** One account's figures at a risk-board pass: the account's totals and its riskiest pool's own figures. */
export const accountHistoryPointSchema = z.strictObject({
  seq: z.number().int(),
  time: isoText,
  /** Totals over the cross pool and every isolated position. */
  equity: decimalText,
  maintenanceMargin: decimalText,
  /** The riskiest pool (cross, or one isolated position) with its own equity, maintenance and ratio; null without positions. */
  pool: z
    .strictObject({
      kind: z.enum(['cross', 'isolated']),
      symbol: z.string().nullable(),
      side: z.string().nullable(),
      asset: z.string().nullable(),
      equity: decimalText,
      maintenanceMargin: decimalText,
      marginRatio: decimalText.nullable(),
    })
    .nullable(),
  /** The riskiest pool's margin ratio (maintenance / equity); null: no positions, or equity <= 0. */
  marginRatio: decimalText.nullable(),
});
export const accountHistorySchema = z.strictObject({
  account: z.string(),
  /** Whether the server had been tracking the account before this request (else only the current point). */
  tracked: z.boolean(),
  points: z.array(accountHistoryPointSchema),
  /** Where the points come from: `board` (default; sampled from the risk board's passes, in memory) or `journal` (replayed from the journal, exact at each point's seq, the same after a restart). */
  source: z.enum(['board', 'journal']).optional(),
  /** source=journal: the journal seq the history has replayed to, and the journal's last seq (equal when caught up). */
  replayedToSeq: z.number().int().optional(),
  journalSeq: z.number().int().optional(),
  /** source=journal: engine time between two points of every account (the price moves between its own events), ms. */
  gridMs: z.number().int().optional(),
});
export type AccountHistory = z.output<typeof accountHistorySchema>;
