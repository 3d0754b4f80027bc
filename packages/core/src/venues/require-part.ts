/** Read one part of a venue record, or fail saying which part the venue lacks and which it has. */
import { InputError, type PathSegment } from '../errors.js';
import { VENUE_PART_TITLES, venueParts, type Venue, type VenuePart } from './venue.js';

type PartOf<P extends VenuePart> = NonNullable<Venue[P]>;

export function missingPartMessage(venue: Venue, part: VenuePart): string {
  const present = venueParts(venue);
  const has = present.length === 0 ? 'none' : present.map((p) => VENUE_PART_TITLES[p]).join(', ');
  return `venue ${venue.name} has no ${VENUE_PART_TITLES[part]} (it defines: ${has})`;
}

export function requirePart<P extends VenuePart>(venue: Venue, part: P, path: readonly PathSegment[] = ['profile']): PartOf<P> {
  const value = venue[part];
  if (value === null) throw new InputError(path, missingPartMessage(venue, part));
  return value as PartOf<P>;
}
