/**
 * The `margin risk` input file: schema and conversion into a `RiskRequest`, with every semantic
 * rule checked at the boundary (unknown symbol, isolated without balance, mixed settle assets in
 * cross, duplicate positions per mode, lot size).
 */
import { z } from 'zod';
import { InputError, formatPath, type PathSegment } from '../errors.js';
import { formatFixed } from '../num/decimal.js';
import { DEFAULT_VENUE_NAME, findVenue, venue, venueMargin } from '../venues/registry.js';
import { isInverse } from '../instrument/instrument.js';
import type { OptionBook, OptionPositionSpec } from '../option-margin/account.js';
import type { StandardOptionsRules } from '../option-margin/rules.js';
import { buildOption, indexListSchema, optionInstrumentInputSchema, type MarkedOption } from './option-instrument-input.js';
import type { Profile } from '../profile/profile.js';
import type { Instrument } from '../instrument/instrument.js';
import type { Fixed } from '../num/index.js';
import type { PositionSpec, RiskRequest } from '../risk/types.js';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { buildInstrument, instrumentInputSchema, isoTime } from './instrument-input.js';
import { parseWithSchema } from './parse-with-schema.js';

export const positionInputSchema = record({
  symbol: text('a symbol string'),
  side: oneOf(['long', 'short']),
  size: decimal('positive'),
  entryPrice: decimal('positive'),
  leverage: decimal('positive').optional(),
  margin: oneOf(['cross', 'isolated']).default('cross'),
  isolatedBalance: decimal('nonNegative').optional(),
});

export const riskInputSchema = record({
  profile: text('a profile name').optional(),
  account: record({
    balance: decimal('any'),
    positionMode: oneOf(['one-way', 'hedge']).default('one-way'),
    asset: text('an asset name').optional(),
    orderMargin: decimal('nonNegative').optional(),
  }),
  /** Valuation time: required with options (time to expiry, the dated margin snapshots). */
  time: isoTime.optional(),
  instruments: list(instrumentInputSchema),
  options: list(optionInstrumentInputSchema).optional(),
  indexes: indexListSchema.optional(),
  positions: list(positionInputSchema),
});

export type RiskInput = z.output<typeof riskInputSchema>;

export interface ParsedRiskRequest {
  readonly request: RiskRequest;
  readonly warnings: readonly string[];
  /**
   * Present when the file has options or the venue margins futures by position size: the account
   * is then computed by `computeStandardAccount` (docs/options.md).
   */
  readonly options?: {
    readonly book: OptionBook;
    readonly rules: StandardOptionsRules | null;
    readonly venueName: string;
  };
}

function optionPosition(
  position: RiskInput['positions'][number],
  option: MarkedOption,
  index: number,
): OptionPositionSpec {
  const path = ['positions', index];
  if (position.margin !== 'cross') throw new InputError([...path, 'margin'], 'options are margined in the cross pool only, not "isolated"');
  if (position.isolatedBalance !== undefined) throw new InputError([...path, 'isolatedBalance'], 'is only allowed on isolated positions (options are cross)');
  if (position.leverage !== undefined) throw new InputError([...path, 'leverage'], 'does not apply to options (a long pays its premium, a short is margined by the venue rule)');
  const { lotSize } = option.instrument;
  if (lotSize !== null && position.size % lotSize !== 0n) {
    throw new InputError([...path, 'size'], `must be a multiple of the lot size ${formatFixed(lotSize)}, got "${formatFixed(position.size)}"`);
  }
  return { symbol: position.symbol, side: position.side, size: position.size, entryPrice: position.entryPrice };
}

/** The margin rules of venue `name`; the error names an unknown venue or the part it lacks. */
export function resolveProfile(name: string, path: readonly PathSegment[]): Profile {
  return venueMargin(name, path);
}

/**
 * A warning when the profile's venue does not list this kind of contract (an inverse BTCUSD under
 * a USDⓈ-margined-only profile): the margin rules are applied as written, but no venue computes
 * that contract this way, so the figures are the profile's maths, not a venue's answer.
 */
export function unlistedKindWarning(venueName: string, instrument: Instrument, path: readonly PathSegment[]): string | null {
  const listed = findVenue(venueName)?.listedKinds ?? null;
  if (listed === null) return null;
  const kind = isInverse(instrument.kind) ? 'inverse' : instrument.kind.startsWith('linear') ? 'linear' : null;
  if (kind === null || listed.includes(kind)) return null;
  return `${formatPath([...path, 'kind'])}: ${instrument.symbol} is ${kind === 'inverse' ? 'an inverse' : 'a linear'} contract (${instrument.kind}) but profile ${venueName} lists ${listed.join(' and ')} contracts only; its rules are applied as written, not as any venue computes this contract`;
}

/** Parse already-decoded JSON into a risk request. `profileOverride` wins over the file's profile. */
export function parseRiskInput(json: unknown, profileOverride?: string): ParsedRiskRequest {
  const { value: input, warnings: schemaWarnings } = parseWithSchema(riskInputSchema, json);
  const warnings = [...schemaWarnings];
  const venueName = profileOverride ?? input.profile ?? DEFAULT_VENUE_NAME;
  const profile =
    profileOverride !== undefined
      ? resolveProfile(profileOverride, ['--profile'])
      : resolveProfile(input.profile ?? DEFAULT_VENUE_NAME, ['profile']);

  const optionInputs = input.options ?? [];
  if (input.instruments.length === 0 && optionInputs.length === 0) throw new InputError(['instruments'], 'must have at least 1 item');
  const instruments = new Map<string, Instrument>();
  const markPrices = new Map<string, Fixed>();
  const indexPrices = new Map<string, Fixed>();
  input.instruments.forEach((instrumentInput, index) => {
    const path = ['instruments', index];
    if (instruments.has(instrumentInput.symbol)) {
      throw new InputError([...path, 'symbol'], `duplicate symbol "${instrumentInput.symbol}"`);
    }
    if (instrumentInput.markPrice === undefined) throw new InputError([...path, 'markPrice'], 'is required');
    const instrument = buildInstrument(profile, instrumentInput, path);
    instruments.set(instrumentInput.symbol, instrument);
    const unlisted = unlistedKindWarning(venueName, instrument, path);
    if (unlisted !== null) warnings.push(unlisted);
    markPrices.set(instrumentInput.symbol, instrumentInput.markPrice);
    if (instrumentInput.indexPrice !== undefined) indexPrices.set(instrumentInput.symbol, instrumentInput.indexPrice);
  });

  const rules = venue(venueName).standardOptions;
  const timeMs: number | null = input.time ?? null;
  const options = new Map<string, MarkedOption>();
  if (optionInputs.length > 0) {
    if (timeMs === null) throw new InputError(['time'], 'is required when options are given (time to expiry and the dated margin snapshots)');
    const valuationMs = timeMs;
    const futures = new Map([...instruments.entries()].map(([symbol]) => [symbol, { mark: markPrices.get(symbol) ?? 0n, index: indexPrices.get(symbol) ?? null }]));
    const indexes = new Map<string, Fixed>();
    (input.indexes ?? []).forEach((index, i) => {
      if (indexes.has(index.name) || instruments.has(index.name)) throw new InputError(['indexes', i, 'name'], `duplicate name "${index.name}"`);
      indexes.set(index.name, index.price);
    });
    optionInputs.forEach((optionInput, i) => {
      const path = ['options', i];
      if (options.has(optionInput.symbol) || instruments.has(optionInput.symbol)) throw new InputError([...path, 'symbol'], `duplicate symbol "${optionInput.symbol}"`);
      options.set(optionInput.symbol, buildOption(optionInput, valuationMs, { futures, indexes }, path));
    });
  }

  const seen = new Map<string, number>();
  const optionPositions: OptionPositionSpec[] = [];
  let crossSettle: { asset: string; index: number } | null =
    input.account.asset !== undefined ? { asset: input.account.asset, index: -1 } : null;
  const positions: PositionSpec[] = [];
  input.positions.forEach((position, index) => {
    const path = ['positions', index];
    const option = options.get(position.symbol);
    if (option !== undefined) {
      const key = input.account.positionMode === 'hedge' ? `${position.symbol}/${position.side}` : position.symbol;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new InputError([...path, 'symbol'], `${input.account.positionMode} mode holds one position per ${input.account.positionMode === 'hedge' ? 'symbol and side' : 'symbol'}; positions[${earlier}] is already ${position.symbol}`);
      }
      seen.set(key, index);
      optionPositions.push(optionPosition(position, option, index));
      if (crossSettle === null) crossSettle = { asset: option.instrument.settle, index };
      else if (crossSettle.asset !== option.instrument.settle) {
        const where = crossSettle.index < 0 ? 'account.asset is' : `positions[${crossSettle.index}] settles in`;
        throw new InputError([...path, 'symbol'], `options and futures of the cross pool must share one settle asset: ${position.symbol} settles in ${option.instrument.settle}, ${where} ${crossSettle.asset}`);
      }
      return;
    }
    const instrument = instruments.get(position.symbol);
    if (instrument === undefined) {
      throw new InputError([...path, 'symbol'], `unknown symbol "${position.symbol}" (not in instruments${options.size > 0 ? ' nor options' : ''})`);
    }
    const key = input.account.positionMode === 'hedge' ? `${position.symbol}/${position.side}` : position.symbol;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      const rule =
        input.account.positionMode === 'hedge'
          ? `hedge mode holds one ${position.side} position per symbol; positions[${earlier}] is already ${position.side} ${position.symbol}`
          : `one-way mode holds one position per symbol; positions[${earlier}] is already ${position.symbol} (use positionMode "hedge")`;
      throw new InputError([...path, 'symbol'], rule);
    }
    seen.set(key, index);
    if (instrument.lotSize !== null && position.size % instrument.lotSize !== 0n) {
      throw new InputError([...path, 'size'], `must be a multiple of the lot size ${formatFixed(instrument.lotSize)}, got "${formatFixed(position.size)}"`);
    }
    if (position.margin === 'isolated' && position.isolatedBalance === undefined) {
      throw new InputError([...path, 'isolatedBalance'], 'is required for an isolated position');
    }
    if (position.margin === 'cross' && position.isolatedBalance !== undefined) {
      throw new InputError([...path, 'isolatedBalance'], 'is only allowed on isolated positions (margin is "cross")');
    }
    if (position.margin === 'cross') {
      if (crossSettle === null) crossSettle = { asset: instrument.settle, index };
      else if (crossSettle.asset !== instrument.settle) {
        const where = crossSettle.index < 0 ? 'account.asset is' : `positions[${crossSettle.index}] settles in`;
        throw new InputError(
          [...path, 'symbol'],
          `cross positions must share one settle asset: ${position.symbol} settles in ${instrument.settle}, ${where} ${crossSettle.asset} (multi-collateral is not supported yet)`,
        );
      }
    }
    positions.push({
      symbol: position.symbol,
      side: position.side,
      size: position.size,
      entryPrice: position.entryPrice,
      leverage: position.leverage ?? null,
      margin: position.margin,
      isolatedBalance: position.isolatedBalance ?? null,
    });
  });

  const settled: { asset: string; index: number } | null = crossSettle;
  const sizeBasedVenue = rules !== null && rules.sizeBasedFutures.length > 0;
  if (timeMs === null && sizeBasedVenue) {
    throw new InputError(['time'], `is required by venue ${venueName} (its futures margin is a dated, size-based snapshot)`);
  }
  const standard = timeMs !== null && (options.size > 0 || sizeBasedVenue) ? { book: { timeMs, options, positions: optionPositions }, rules, venueName } : null;
  return {
    ...(standard === null ? {} : { options: standard }),
    request: {
      profile,
      account: {
        balance: input.account.balance,
        positionMode: input.account.positionMode,
        asset: settled === null ? null : settled.asset,
        orderMargin: input.account.orderMargin ?? 0n,
      },
      instruments,
      markPrices,
      positions,
    },
    warnings,
  };
}
