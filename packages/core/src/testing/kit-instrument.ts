/**
 * The test kit's instruments (@margin/testkit: plain JSON in the input format) as the kernel's
 * types, through the same input path a `margin risk` file or an `instrument` command takes.
 */
import type { InstrumentJson } from '@margin/testkit';
import { buildInstrument, instrumentInputSchema, type InstrumentInput } from '../input/instrument-input.js';
import { parseWithSchema } from '../input/parse-with-schema.js';
import type { Instrument } from '../instrument/instrument.js';
import type { Profile } from '../profile/profile.js';
import { resolveProfile } from '../input/risk-input.js';

/** The parsed instrument input (fixed-point fields), before a profile validates it. */
export function kitInstrumentInput(json: InstrumentJson): InstrumentInput {
  return parseWithSchema(instrumentInputSchema, json).value;
}

/** A validated `Instrument` (tiers from the fixture, or from `profile`'s snapshots when it has none). */
export function kitInstrument(json: InstrumentJson, profile: Profile = resolveProfile('generic', [])): Instrument {
  return buildInstrument(profile, kitInstrumentInput(json), [json.symbol]);
}
