/**
 * Journal entries carry the version of the format their events are written in. Today's format is
 * 1 (the format of every entry written before the version existed). A later format adds an
 * upgrade step here, so recovery can still read, and compare, entries written in an older one.
 */
import { EVENT_FORMAT_V1 } from '@margin/store';

/** The format new entries are written in. */
export const EVENT_FORMAT = EVENT_FORMAT_V1;

/** Formats recovery can replay and compare. */
export const READABLE_EVENT_FORMATS: readonly number[] = [EVENT_FORMAT_V1];
