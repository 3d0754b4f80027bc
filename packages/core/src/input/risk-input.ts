/**
 * The `margin risk` input file: schema and conversion into a `RiskRequest`, with every semantic
 * rule checked at the boundary (unknown symbol, isolated without balance, mixed settle assets in
 * cross, duplicate positions per mode, lot size).
 */
import { z } from 'zod';
import { InputError, formatPath, type PathSegment } from '../errors.js';
import { formatFixed } from '../num/decimal.js';
import { DEFAULT_VENUE_NAME, findVenue, venueMargin } from '../venues/registry.js';
import { isInverse } from '../instrument/instrument.js';
import type { Profile } from '../profile/profile.js';
import type { Instrument } from '../instrument/instrument.js';
import type { Fixed } from '../num/index.js';
import type { PositionSpec, RiskRequest } from '../risk/types.js';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { buildInstrument, instrumentInputSchema } from './instrument-input.js';
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
  instruments: list(instrumentInputSchema, 1),
  positions: list(positionInputSchema),
});

export type RiskInput = z.output<typeof riskInputSchema>;

export interface ParsedRiskRequest {
  readonly request: RiskRequest;
  readonly warnings: readonly string[];
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

  const instruments = new Map<string, Instrument>();
  const markPrices = new Map<string, Fixed>();
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
  });

  const seen = new Map<string, number>();
  let crossSettle: { asset: string; index: number } | null =
    input.account.asset !== undefined ? { asset: input.account.asset, index: -1 } : null;
  const positions: PositionSpec[] = input.positions.map((position, index) => {
    const path = ['positions', index];
    const instrument = instruments.get(position.symbol);
    if (instrument === undefined) {
      throw new InputError([...path, 'symbol'], `unknown symbol "${position.symbol}" (not in instruments)`);
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
    return {
      symbol: position.symbol,
      side: position.side,
      size: position.size,
      entryPrice: position.entryPrice,
      leverage: position.leverage ?? null,
      margin: position.margin,
      isolatedBalance: position.isolatedBalance ?? null,
    };
  });

  const settled: { asset: string; index: number } | null = crossSettle;
  return {
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
