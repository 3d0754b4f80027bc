/**
 * The instrument object of the input formats (`margin risk` files, engine `instrument` commands)
 * and its conversion into a validated `Instrument`.
 */
import { z } from 'zod';
import { INSTRUMENT_KINDS, isDatedFuture, type Instrument } from '../instrument/instrument.js';
import { buildTierTable, type TierRow } from '../tiers/tiers.js';
import { InputError, type PathSegment } from '../errors.js';
import { ONE, divRound } from '../num/index.js';
import { parseFixed } from '../num/decimal.js';
import type { Profile, TierSnapshot } from '../profile/profile.js';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';

export const tierInputSchema = record({
  notionalFloor: decimal('nonNegative'),
  maintenanceRate: decimal('nonNegative').optional(),
  maintenanceAmount: decimal('nonNegative').optional(),
  maxLeverage: decimal('positive'),
});

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Date.parse rolls 2026-02-30 over to March 2: check the calendar date itself. */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const isoTime = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be an ISO 8601 time string') })
  .refine((value) => ISO_8601.test(value) && isCalendarDate(value) && Number.isFinite(Date.parse(value)), {
    error: (issue) => `must be an ISO 8601 time like "2026-03-27T08:00:00Z", got "${String(issue.input)}"`,
  })
  .transform((value) => Date.parse(value));

export const instrumentInputSchema = record({
  symbol: text('a symbol string'),
  kind: oneOf(INSTRUMENT_KINDS),
  settle: text('an asset name string'),
  contractSize: decimal('positive'),
  markPrice: decimal('positive').optional(),
  indexPrice: decimal('positive').optional(),
  tickSize: decimal('positive'),
  lotSize: decimal('positive').optional(),
  expiry: isoTime.optional(),
  takerFeeRate: decimal('nonNegative').optional(),
  tiers: list(tierInputSchema, 1).optional(),
  tierTable: text('a tier snapshot name').optional(),
});

export type InstrumentInput = z.output<typeof instrumentInputSchema>;

type TierInput = z.output<typeof tierInputSchema>;

function snapshotRows(snapshot: TierSnapshot): TierInput[] {
  return snapshot.tiers.map((row) => ({
    notionalFloor: parseFixed(row.notionalFloor),
    maintenanceRate: row.maintenanceRate === undefined ? undefined : parseFixed(row.maintenanceRate),
    maintenanceAmount: row.maintenanceAmount === undefined ? undefined : parseFixed(row.maintenanceAmount),
    maxLeverage: parseFixed(row.maxLeverage),
  }));
}

function tierRows(profile: Profile, rows: readonly TierInput[], path: readonly PathSegment[]): TierRow[] {
  return rows.map((row, index) => {
    let maintenanceRate = row.maintenanceRate;
    if (maintenanceRate === undefined) {
      if (profile.maintenanceRate !== 'half-initial-at-max-leverage') {
        throw new InputError([...path, index, 'maintenanceRate'], `is required (profile "${profile.name}" does not derive it)`);
      }
      // Hyperliquid: MMR = IMR at max leverage / 2 = 1 / (2 x maxLeverage), rounded up.
      maintenanceRate = divRound(ONE * ONE, 2n * row.maxLeverage, 'ceil');
    }
    return { notionalFloor: row.notionalFloor, maintenanceRate, maintenanceAmount: row.maintenanceAmount, maxLeverage: row.maxLeverage };
  });
}

/** Validate an instrument input against the profile (tiers from input or the profile's snapshots). */
export function buildInstrument(profile: Profile, input: InstrumentInput, path: readonly PathSegment[]): Instrument {
  const dated = isDatedFuture(input.kind);
  if (dated && input.expiry === undefined) throw new InputError([...path, 'expiry'], `is required for kind "${input.kind}"`);
  if (!dated && input.expiry !== undefined) throw new InputError([...path, 'expiry'], `is only allowed for dated futures, not "${input.kind}"`);
  let rows: TierInput[];
  let tiersSource: string;
  let tiersPath: PathSegment[] = [...path, 'tiers'];
  if (input.tiers !== undefined) {
    if (input.tierTable !== undefined) throw new InputError([...path, 'tierTable'], 'give either tiers or tierTable, not both');
    rows = input.tiers;
    tiersSource = 'input';
  } else {
    const name = input.tierTable ?? input.symbol;
    const snapshot = profile.tierSnapshots.find((candidate) => candidate.symbol === name);
    if (snapshot === undefined) {
      const known = profile.tierSnapshots.map((candidate) => `"${candidate.symbol}"`).join(', ') || 'none';
      throw new InputError(
        input.tierTable !== undefined ? [...path, 'tierTable'] : tiersPath,
        `is required: profile "${profile.name}" has no tier snapshot "${name}" (snapshots: ${known})`,
      );
    }
    rows = snapshotRows(snapshot);
    tiersSource = `profile ${profile.name} snapshot ${snapshot.symbol} as of ${snapshot.asOf}: ${snapshot.source}`;
    tiersPath = [`profile ${profile.name} snapshot ${snapshot.symbol}`];
  }
  return {
    symbol: input.symbol,
    kind: input.kind,
    settle: input.settle,
    contractSize: input.contractSize,
    tickSize: input.tickSize,
    lotSize: input.lotSize ?? null,
    expiryMs: input.expiry ?? null,
    takerFeeRate: input.takerFeeRate ?? null,
    tiers: buildTierTable(tierRows(profile, rows, tiersPath), tiersPath, profile.tierRule, profile.tierBasis),
    tiersSource,
  };
}
