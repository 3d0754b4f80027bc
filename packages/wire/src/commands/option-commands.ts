/**
 * Option commands (issue 10, ADR 0022). They share their `type` with the futures commands they
 * extend, so `parseCommand` picks the schema by content: an `instrument` whose `instrument.kind` is
 * an option kind, and a `price` that carries `markIv`. Everything else parses as before.
 *
 * - `instrument` (option): a European call or put, linear (premium and settlement in the quote
 *   asset) or inverse (in the base coin), on a future defined before (`underlying`).
 * - `price` with `markIv`: the option's mark comes from Black-76 at this implied volatility on the
 *   underlying's mark, with the time to expiry from the command's `time`, rounded to the tick.
 *   An option may also be priced by the ordinary `price` command with a `markPrice`.
 */
import { z } from 'zod';
import { OPTION_INSTRUMENT_KINDS, decimal, isoTime, list, oneOf, record, text, OPTION_RIGHTS } from '@margin/core';
import { ID_LENGTH_MAX, SYMBOL_LENGTH_MAX } from './schema.js';

const id = text('a unique command id string').max(ID_LENGTH_MAX, { error: `must be at most ${ID_LENGTH_MAX} characters` });
const symbol = text('a symbol string').max(SYMBOL_LENGTH_MAX, { error: `must be at most ${SYMBOL_LENGTH_MAX} characters` });

export const optionInstrumentSpecSchema = record({
  symbol,
  kind: oneOf(OPTION_INSTRUMENT_KINDS),
  right: oneOf(OPTION_RIGHTS),
  underlying: symbol,
  base: text('an asset name string').optional(),
  settle: text('an asset name string'),
  contractSize: decimal('positive'),
  strike: decimal('positive'),
  expiry: isoTime,
  tickSize: decimal('positive'),
  lotSize: decimal('positive').optional(),
  /** Taker fee rate on the index per coin; default the venue's options snapshot rate. */
  takerFeeRate: decimal('nonNegative').optional(),
  /** Pin a margin snapshot of the venue by id (default: the one in force at each valuation). */
  marginSnapshot: text('a snapshot id').optional(),
  /** `index`: the option is written on the underlying future's index price (an option on the index); default `mark`. */
  underlyingPrice: oneOf(['mark', 'index']).optional(),
});

export const optionInstrumentCommandSchema = record({ type: z.literal('instrument'), id, instrument: optionInstrumentSpecSchema });

export const optionPriceCommandSchema = record({
  type: z.literal('price'),
  id,
  symbol,
  markIv: decimal('positive'),
  time: isoTime,
});

/**
 * One entry of a `prices` batch that prices options: `markPrice` (any symbol) or `markIv` (an
 * option symbol), exactly one; `indexPrice` only beside `markPrice` (as the single `price` forms).
 */
const optionPricesItemSchema = record({
  symbol,
  markPrice: decimal('positive').optional(),
  markIv: decimal('positive').optional(),
  indexPrice: decimal('positive').optional(),
}).superRefine((item, ctx) => {
  if (item.markPrice === undefined && item.markIv === undefined) ctx.addIssue({ code: 'custom', path: ['markPrice'], message: 'is required (or markIv, for an option)' });
  if (item.markPrice !== undefined && item.markIv !== undefined) ctx.addIssue({ code: 'custom', path: ['markIv'], message: 'give markPrice or markIv, not both' });
  if (item.markIv !== undefined && item.indexPrice !== undefined) ctx.addIssue({ code: 'custom', path: ['indexPrice'], message: 'not accepted with markIv (an option is marked from its underlying)' });
});

/** `prices` whose entries carry `markIv` (some of them): the batch form of the option `price` commands. */
export const optionPricesCommandSchema = record({ type: z.literal('prices'), id, time: isoTime, prices: list(optionPricesItemSchema, 1) });

export type OptionInstrumentSpec = z.output<typeof optionInstrumentSpecSchema>;
export type OptionPricesCommand = z.output<typeof optionPricesCommandSchema>;
export type OptionInstrumentCommand = z.output<typeof optionInstrumentCommandSchema>;
export type OptionPriceCommand = z.output<typeof optionPriceCommandSchema>;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The option schema for a decoded command, or null when it is not an option command. */
export function optionCommandSchema(json: Record<string, unknown>): typeof optionInstrumentCommandSchema | typeof optionPriceCommandSchema | typeof optionPricesCommandSchema | null {
  if (json['type'] === 'instrument' && isObject(json['instrument'])) {
    const kind = json['instrument']['kind'];
    if (typeof kind === 'string' && (OPTION_INSTRUMENT_KINDS as readonly string[]).includes(kind)) return optionInstrumentCommandSchema;
  }
  if (json['type'] === 'price' && Object.hasOwn(json, 'markIv')) return optionPriceCommandSchema;
  if (json['type'] === 'prices' && carriesMarkIv(json['prices'])) return optionPricesCommandSchema;
  return null;
}

export function isOptionInstrumentCommand(command: { readonly type: string; readonly instrument?: unknown }): command is OptionInstrumentCommand {
  return command.type === 'instrument' && isObject(command.instrument) && (OPTION_INSTRUMENT_KINDS as readonly string[]).includes(String(command.instrument['kind']));
}

export function isOptionPriceCommand(command: { readonly type: string }): command is OptionPriceCommand {
  return command.type === 'price' && Object.hasOwn(command, 'markIv');
}

function carriesMarkIv(prices: unknown): boolean {
  return Array.isArray(prices) && prices.some((item) => isObject(item) && Object.hasOwn(item, 'markIv'));
}

/** A `prices` batch with `markIv` entries (its other entries may carry `markPrice`). */
export function isOptionPricesCommand(command: { readonly type: string; readonly prices?: unknown }): command is OptionPricesCommand {
  return command.type === 'prices' && carriesMarkIv(command.prices);
}
