/**
 * The tier table a `marginRates` command puts in force, from the venue's own table (ADR 0025).
 * One factor per rate kind, applied to every tier, so the table keeps its shape (floors, the
 * ratio between tiers, the step or cumulative rule): maintenance rates times the maintenance
 * factor, max leverage divided by the initial factor. Rounding is against the account: rates up
 * to `RATE_DECIMALS` digits, max leverage down (its initial rate 1/maxLeverage is rounded up by
 * `buildTierTable`). `buildTierTable` then checks every rule of a venue table, so a factor that
 * pushes a maintenance rate above 1 or above the initial rate is refused with the tier named.
 */
import { InputError, ONE, buildTierTable, div, formatFixed, mulDiv, roundDecimals, type Fixed, type Tier, type TierTable } from '@margin/core';

/** Fraction digits of a scaled rate: 12 leaves room for floors with 6 digits (floor x rate step <= 18 digits). */
export const RATE_DECIMALS = 12;

export interface RatesRequest {
  readonly scale?: Fixed | undefined;
  readonly initialRate?: Fixed | undefined;
  readonly maintenanceRate?: Fixed | undefined;
}

/** A factor as an exact fraction `num / den` (so a stated first-tier rate is met exactly). */
interface Factor {
  readonly num: Fixed;
  readonly den: Fixed;
}

export interface ScaledTiers {
  readonly tiers: TierTable;
  /** The factors on the venue table, rounded up to 18 digits (for the event). */
  readonly maintenanceScale: Fixed;
  readonly initialScale: Fixed;
}

const PATH = ['marginRates'];

function factors(venue: Tier, request: RatesRequest): { maintenance: Factor; initial: Factor } {
  const hasRate = request.initialRate !== undefined || request.maintenanceRate !== undefined;
  if (request.scale !== undefined && hasRate) {
    throw new InputError([...PATH, 'scale'], 'give either scale or the first tier\'s rates (initialRate, maintenanceRate), not both');
  }
  if (request.scale !== undefined) return { maintenance: { num: request.scale, den: ONE }, initial: { num: request.scale, den: ONE } };
  if (!hasRate) throw new InputError([...PATH, 'scale'], 'is required unless initialRate or maintenanceRate is given');
  let maintenance: Factor | null = null;
  let initial: Factor | null = null;
  if (request.maintenanceRate !== undefined) {
    if (venue.maintenanceRate === 0n) throw new InputError([...PATH, 'maintenanceRate'], 'the venue\'s first tier has maintenance rate 0: no factor moves it (use scale)');
    maintenance = { num: request.maintenanceRate, den: venue.maintenanceRate };
  }
  if (request.initialRate !== undefined) initial = { num: request.initialRate, den: venue.initialRate };
  // A rate left out moves by the same factor as the one given.
  return { maintenance: maintenance ?? (initial as Factor), initial: initial ?? (maintenance as Factor) };
}

/** The venue table under the request's factors; throws `InputError` naming the broken rule. */
export function scaleTiers(venueTiers: TierTable, request: RatesRequest): ScaledTiers {
  const first = venueTiers[0];
  if (first === undefined) throw new InputError([...PATH, 'symbol'], 'the instrument has no tiers');
  const { maintenance, initial } = factors(first, request);
  const rows = venueTiers.map((tier, index) => {
    const maxLeverage = mulDiv(tier.maxLeverage, initial.den, initial.num, 'floor');
    if (maxLeverage <= 0n) throw new InputError([...PATH, 'tiers', index, 'maxLeverage'], 'the initial factor leaves a max leverage of 0');
    return {
      notionalFloor: tier.notionalFloor,
      maintenanceRate: roundDecimals(mulDiv(tier.maintenanceRate, maintenance.num, maintenance.den, 'ceil'), RATE_DECIMALS, 'ceil'),
      maxLeverage,
    };
  });
  const tiers = buildTierTable(rows, [...PATH, 'tiers'], first.step === true ? 'step' : 'cumulative', first.basis === 'quantity' ? 'quantity' : 'notional');
  return { tiers, maintenanceScale: div(maintenance.num, maintenance.den, 'ceil'), initialScale: div(initial.num, initial.den, 'ceil') };
}

/** The first tier's rates as the event writes them. */
export function firstTierRates(tiers: TierTable): { maintenanceRate: string; initialRate: string; maxLeverage: string } {
  const tier = tiers[0] as Tier;
  return { maintenanceRate: formatFixed(tier.maintenanceRate), initialRate: formatFixed(tier.initialRate), maxLeverage: formatFixed(tier.maxLeverage) };
}
