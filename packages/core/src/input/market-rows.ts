/** Row schemas shared by several market-data inputs. */
import { z } from 'zod';
import { decimal, oneOf, record, text } from './decimal-schema.js';
import { timeField } from './market-fields.js';

/** A position taking part in funding or settlement. */
export const positionRow = record({
  account: text('an account name'),
  side: oneOf(['long', 'short']),
  size: decimal('positive'),
  symbol: text('a symbol string').optional(),
  entryPrice: decimal('positive').optional(),
  openedAt: timeField.optional(),
  closedAt: timeField.optional(),
});
export type PositionRow = z.output<typeof positionRow>;

/** Signed size: + long, - short. */
export const signedSize = (row: PositionRow): bigint => (row.side === 'long' ? row.size : -row.size);

/** A timed price (index samples, gas prices). */
export const priceRow = record({ time: timeField, price: decimal('positive') });
export type PriceRow = z.output<typeof priceRow>;
