/**
 * The engine options a journal was started with are part of its history: replaying the same
 * commands under another profile would build another state. The first writer records the
 * profile in the journal's meta table; later opens use it and refuse a different one.
 */
import { InputError } from '@margin/core';
import type { Journal } from '../journal.js';

export const PROFILE_META_KEY = 'engine.profile';
export const DEFAULT_PROFILE = 'generic';

/**
 * The profile to run with: the recorded one, checked against `requested` when both exist. A
 * writer (`record`) stores `requested ?? DEFAULT_PROFILE` in a journal that has none yet.
 */
export async function resolveProfile(journal: Journal, requested: string | undefined, record: boolean): Promise<string> {
  const recorded = await journal.readMeta(PROFILE_META_KEY);
  if (recorded !== null) {
    if (requested !== undefined && requested !== recorded) {
      throw new InputError(['profile'], `the journal at ${journal.location} was started with profile "${recorded}", got "${requested}"`);
    }
    return recorded;
  }
  const profile = requested ?? DEFAULT_PROFILE;
  if (record) await journal.writeMeta(PROFILE_META_KEY, profile);
  return profile;
}
