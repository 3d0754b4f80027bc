/**
 * `spanParameters`: loads a SPAN risk parameter set into the engine (docs/portfolio-margin.md,
 * "SPAN accounts in the engine", ADR 0035). The engine parses `content` with core's parser, so a
 * replayed journal loads the same arrays; `symbols` names, for every engine symbol an account in
 * SPAN may hold, the SPAN contract it is and how many SPAN contracts one engine contract is.
 * Loading under an id already loaded replaces that set (a `spanParametersLoaded` event with
 * `replaced: true` and the accounts whose requirement it changes, then their risk review).
 */
import { z } from 'zod';
import { decimal, list, oneOf, record, text } from '@margin/core';

/** Longest parameter file text accepted in one command, in UTF-16 code units. */
export const SPAN_CONTENT_LENGTH_MAX = 4_000_000;

const id = text('a unique command id string').max(200, { error: 'must be at most 200 characters' });
const symbol = text('a symbol string').max(64, { error: 'must be at most 64 characters' });

export const spanParametersCommandSchema = record({
  type: z.literal('spanParameters'),
  id,
  /** The parameter set's name, as `setPortfolioMargin {model: "span", parameterSet}` names it. */
  set: text('a parameter set id string').max(64, { error: 'must be at most 64 characters' }),
  /** `pa2`: expanded unpacked positional; `spn`: PC-SPAN XML; `json`: instrument parameters, arrays computed by core. */
  format: oneOf(['pa2', 'spn', 'json']),
  content: text('the parameter file text').max(SPAN_CONTENT_LENGTH_MAX, { error: `must be at most ${SPAN_CONTENT_LENGTH_MAX} characters` }),
  symbols: list(
    record({
      symbol,
      /** SPAN contract id: `PRODUCT YYYYMM` (an engine future), or an option series `PRODUCT YYYYMM C|P STRIKE` as the file names it (an engine option market of that put/call, ADR 0041). */
      contract: text('a SPAN contract id string').max(64, { error: 'must be at most 64 characters' }),
      /** SPAN contracts per engine contract (engine size x ratio = SPAN quantity). */
      ratio: decimal('positive').default(10n ** 18n),
    }),
    1,
  ),
});

export type SpanParametersCommand = z.output<typeof spanParametersCommandSchema>;
