/**
 * Why a venue record cannot hold an account in `margin compare` (compare-venues.ts): one entry per
 * refusing venue, with a code a program can branch on and the message a person reads. The codes:
 * - `contract-kind`: the venue lists another contract kind (linear or inverse) than an instrument;
 * - `no-positions`: the input has no position to margin (an account with only a wallet);
 * - `rule`: the input breaks a rule under the venue's record (a tier snapshot, the
 *   maintenance-rate rule, a field); the message names the field and the rule.
 */
import type { InputError } from '../errors.js';

export const VENUE_REFUSAL_CODES = ['contract-kind', 'no-positions', 'rule'] as const;
export type VenueRefusalCode = (typeof VENUE_REFUSAL_CODES)[number];

export interface VenueRefusal {
  readonly venue: string;
  readonly code: VenueRefusalCode;
  readonly message: string;
}

const NO_POSITIONS = 'the account holds no position to margin';

function hasNoPositions(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  const positions = (json as { positions?: unknown }).positions;
  return Array.isArray(positions) && positions.length === 0;
}

/** The refusal of `venue` when parsing the input under its rules failed with `error`. */
export function ruleRefusal(venue: string, json: unknown, error: InputError): VenueRefusal {
  if (hasNoPositions(json)) return { venue, code: 'no-positions', message: `${NO_POSITIONS} (${error.message})` };
  return { venue, code: 'rule', message: error.message };
}
