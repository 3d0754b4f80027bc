/** Events of the risk review: margin-call levels crossed up or down. */
import { z } from 'zod';
import { decimalText } from './fields.js';

/** Margin-call levels, lowest first (the engine's `LEVEL_NAMES`). */
export const MARGIN_CALL_LEVELS = ['none', 'warning', 'call', 'liquidation'] as const;

const marginCallFields = {
  account: z.string(),
  asset: z.string(),
  /** null: the cross pool of the asset; else the isolated position. */
  positionKey: z.string().nullable(),
  level: z.enum(MARGIN_CALL_LEVELS),
  previousLevel: z.enum(MARGIN_CALL_LEVELS),
  ratio: decimalText.nullable(),
  maintenanceMargin: decimalText,
  equity: decimalText,
};
export const marginCallEventSchema = z.strictObject({ type: z.literal('marginCall'), ...marginCallFields });
export const marginCallClearedEventSchema = z.strictObject({ type: z.literal('marginCallCleared'), ...marginCallFields });
