/**
 * The engine options a journal was started with are part of its history: replaying the same
 * commands under another profile (or id window) would build another state. The first writer
 * records them in the journal's meta table; later opens use them and refuse different ones.
 */
import { DEFAULT_VENUE_NAME, InputError } from '@margin/core';
import { ID_WINDOW_DEFAULT } from '@margin/engine';
import type { Journal } from '@margin/store';

export const PROFILE_META_KEY = 'engine.profile';
export const ID_WINDOW_META_KEY = 'engine.idWindow';
/** The venue of a new journal when none is named: the registry's default. */
export const DEFAULT_PROFILE = DEFAULT_VENUE_NAME;

/** What the engine of a journal is created with. */
export interface JournalEngineOptions {
  readonly profile: string;
  readonly idWindow: number;
}

export interface RequestedEngineOptions {
  readonly profile?: string;
  readonly idWindow?: number;
}

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

/**
 * The id window to run with. A journal without a recorded one ran with the default (every journal
 * written before the window existed). A writer records a non-default window in a new journal.
 */
export async function resolveIdWindow(journal: Journal, requested: number | undefined, record: boolean): Promise<number> {
  const text = await journal.readMeta(ID_WINDOW_META_KEY);
  const empty = text === null && (await journal.lastSeq()) === 0;
  const recorded = text !== null ? Number(text) : empty ? null : ID_WINDOW_DEFAULT;
  if (recorded !== null) {
    if (requested !== undefined && requested !== recorded) {
      throw new InputError(['idWindow'], `the journal at ${journal.location} was started with an id window of ${recorded}, got ${requested}`);
    }
    return recorded;
  }
  const idWindow = requested ?? ID_WINDOW_DEFAULT;
  if (record && idWindow !== ID_WINDOW_DEFAULT) await journal.writeMeta(ID_WINDOW_META_KEY, String(idWindow));
  return idWindow;
}

export async function resolveEngineOptions(journal: Journal, requested: RequestedEngineOptions, record: boolean): Promise<JournalEngineOptions> {
  return {
    profile: await resolveProfile(journal, requested.profile, record),
    idWindow: await resolveIdWindow(journal, requested.idWindow, record),
  };
}
