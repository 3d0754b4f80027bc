/**
 * A venue record as JSON: every kernel value a decimal string (the boundary rule), the parts it
 * defines listed in `parts`. The margin rules stay at the top level, as `margin profiles --json`
 * has always printed them; market and liquidation rules sit under their own keys.
 */
import { formatFixed } from '../num/decimal.js';
import { venueParts, type Venue, type VenuePart } from './venue.js';

/** Keys whose bigint is a plain integer, not an E18 fixed-point value. */
const INTEGER_KEYS = new Set(['numerator', 'denominator']);

/** JSON-ready copy: bigints become decimal strings (integers for `INTEGER_KEYS`, E18 values otherwise). */
function toJsonValue(value: unknown, key = ''): unknown {
  if (typeof value === 'bigint') return INTEGER_KEYS.has(key) ? value.toString() : formatFixed(value);
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v, k)]));
  }
  return value;
}

export interface VenueJson {
  readonly name: string;
  readonly title: string;
  readonly parts: readonly VenuePart[];
  readonly contractKind: string;
  readonly [key: string]: unknown;
}

export function venueToJson(venue: Venue): VenueJson {
  const margin = venue.margin === null ? { name: venue.name, title: venue.title } : toJsonValue(venue.margin);
  return {
    ...(margin as { name: string; title: string }),
    parts: venueParts(venue),
    contractKind: venue.contractKind,
    venueSources: venue.sources,
    market: toJsonValue(venue.market),
    liquidation: toJsonValue(venue.liquidation),
    // Only venues with options rules carry the key, so the others print as before.
    ...(venue.standardOptions === null ? {} : { standardOptions: toJsonValue(venue.standardOptions) }),
    ...(venue.collateral === null ? {} : { collateral: toJsonValue(venue.collateral) }),
  };
}
