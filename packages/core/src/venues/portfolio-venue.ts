/**
 * Portfolio-margin venue records (`span`, `deribit-pm`, `okx-pm`): the method a venue's portfolio
 * margin uses and its dated parameter snapshots with their public sources. Kept beside the
 * futures venue records (venue.ts) and looked up by name with the same rule: an unknown name is
 * refused listing the known ones. What differs between venues is data here; the maths lives in
 * core/src/portfolio.
 */
import { InputError, type PathSegment } from '../errors.js';
import type { DeribitPmParams } from '../portfolio/deribit-pm/params.js';
import type { OkxPmParams } from '../portfolio/okx-pm/params.js';
import type { AccountClass } from '../portfolio/span/params.js';

export type PortfolioMethod = 'span' | 'grid' | 'components';

interface PortfolioVenueBase {
  readonly name: string;
  readonly title: string;
  /** Date of the parameter snapshot (YYYY-MM-DD). */
  readonly snapshotDate: string;
  readonly sources: readonly string[];
  /** Parts of the venue's published method this record does not model, and why. */
  readonly notModelled: readonly string[];
}

export interface SpanVenue extends PortfolioVenueBase {
  readonly method: 'span';
  readonly defaultAccountClass: AccountClass;
  /** Defaults when arrays are computed rather than read (extreme move and cover fraction, lookahead). */
  readonly arrayDefaults: { readonly extremeMultiplier: number; readonly coverFraction: number; readonly lookaheadYears: number };
}

export interface GridVenue extends PortfolioVenueBase {
  readonly method: 'grid';
  /** One parameter set per settlement currency (or currency pair). */
  readonly currencies: Readonly<Record<string, DeribitPmParams>>;
}

export interface ComponentsVenue extends PortfolioVenueBase {
  readonly method: 'components';
  /** One parameter set per risk unit (underlying). */
  readonly units: Readonly<Record<string, OkxPmParams>>;
}

export type PortfolioVenue = SpanVenue | GridVenue | ComponentsVenue;

export function findPortfolioVenue(venues: readonly PortfolioVenue[], name: string): PortfolioVenue | undefined {
  return venues.find((v) => v.name === name);
}

/** The parameter set of `key` (currency or unit) in a record, or an error listing the known keys. */
export function portfolioParams<T>(table: Readonly<Record<string, T>>, key: string, venueName: string, path: readonly PathSegment[]): T {
  const found = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
  if (found === undefined) throw new InputError(path, `profile ${venueName} has no parameters for "${key}" (known: ${Object.keys(table).join(', ')})`);
  return found;
}
