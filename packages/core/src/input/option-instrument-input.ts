/**
 * The option instrument object of the input formats (`options` of a `margin risk` file) and its
 * conversion into a validated `OptionInstrument` with its marks. Every bad input is one error
 * naming the field: a non-positive strike, volatility or contract size (decimal rules), an expired
 * option (expiry not after the valuation time), an unknown underlying.
 */
import { z } from 'zod';
import { InputError, type PathSegment } from '../errors.js';
import { OPTION_INSTRUMENT_KINDS, OPTION_RIGHTS, type MarkedOption } from '../instrument/option-instrument.js';

export type { MarkedOption } from '../instrument/option-instrument.js';
import type { Fixed } from '../num/fixed.js';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { isoTime } from './instrument-input.js';

export const optionInstrumentInputSchema = record({
  symbol: text('a symbol string'),
  kind: oneOf(OPTION_INSTRUMENT_KINDS),
  right: oneOf(OPTION_RIGHTS),
  underlying: text('the symbol of a future in instruments or an index in indexes'),
  base: text('an asset name string').optional(),
  settle: text('an asset name string'),
  contractSize: decimal('positive'),
  strike: decimal('positive'),
  expiry: isoTime,
  tickSize: decimal('positive'),
  lotSize: decimal('positive').optional(),
  takerFeeRate: decimal('nonNegative').optional(),
  markPrice: decimal('nonNegative').optional(),
  markIv: decimal('positive').optional(),
  indexPrice: decimal('positive').optional(),
  forwardPrice: decimal('positive').optional(),
  marginSnapshot: text('a snapshot id').optional(),
});

export type OptionInstrumentInput = z.output<typeof optionInstrumentInputSchema>;

const namedIndexSchema = record({ name: text('an index name'), price: decimal('positive') });
export const indexListSchema = list(namedIndexSchema);

/** Prices of the underlyings an option may name: futures marks (with their index) and indexes. */
export interface UnderlyingPrices {
  /** Mark of each future symbol. */
  readonly futures: ReadonlyMap<string, { readonly mark: Fixed; readonly index: Fixed | null }>;
  readonly indexes: ReadonlyMap<string, Fixed>;
}

/** Validate one option at valuation time `timeMs` against the known underlyings. */
export function buildOption(input: OptionInstrumentInput, timeMs: number, prices: UnderlyingPrices, path: readonly PathSegment[]): MarkedOption {
  if (input.expiry <= timeMs) {
    throw new InputError([...path, 'expiry'], `the option has expired: expiry ${new Date(input.expiry).toISOString()} is not after the valuation time ${new Date(timeMs).toISOString()}`);
  }
  const future = prices.futures.get(input.underlying);
  const index = prices.indexes.get(input.underlying);
  if (future === undefined && index === undefined) {
    const known = [...prices.futures.keys(), ...prices.indexes.keys()].map((name) => `"${name}"`).join(', ') || 'none';
    throw new InputError([...path, 'underlying'], `unknown underlying "${input.underlying}" (not a future in instruments nor an index in indexes; known: ${known})`);
  }
  if (input.markPrice === undefined && input.markIv === undefined) throw new InputError([...path, 'markPrice'], 'give markPrice or markIv');
  if (input.markPrice !== undefined && input.markIv !== undefined) throw new InputError([...path, 'markIv'], 'give markPrice or markIv, not both');
  if (input.kind === 'inverse-option' && input.base !== undefined && input.base !== input.settle) {
    throw new InputError([...path, 'base'], `an inverse option settles in its base coin: base "${input.base}" differs from settle "${input.settle}"`);
  }
  const underlyingPrice = future?.mark ?? index ?? 0n;
  const base = input.base ?? (input.kind === 'inverse-option' ? input.settle : undefined);
  if (base === undefined) throw new InputError([...path, 'base'], 'is required for a linear option (the coin of the underlying)');
  return {
    instrument: {
      symbol: input.symbol,
      kind: input.kind,
      right: input.right,
      underlying: input.underlying,
      base,
      settle: input.settle,
      contractSize: input.contractSize,
      strike: input.strike,
      expiryMs: input.expiry,
      tickSize: input.tickSize,
      lotSize: input.lotSize ?? null,
      takerFeeRate: input.takerFeeRate ?? null,
    },
    markPrice: input.markPrice ?? null,
    markIv: input.markIv ?? null,
    underlyingPrice,
    indexPrice: input.indexPrice ?? future?.index ?? underlyingPrice,
    forwardPrice: input.forwardPrice ?? underlyingPrice,
    marginSnapshot: input.marginSnapshot ?? null,
  };
}
