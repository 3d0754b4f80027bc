/**
 * Boundary schemas of portfolio margin inputs (decimal strings, field paths, unknown fields
 * warned): the SPAN portfolio of `margin span --portfolio`, the priced positions of a crypto
 * portfolio profile in `margin risk`, and the parameter file reader that picks PA2 or XML.
 */
import { InputError } from '../errors.js';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { timeField } from './market-fields.js';
import { parseWithSchema, type Parsed } from './parse-with-schema.js';
import { fixedToNumber } from '../num/decimal.js';
import { parsePa2 } from '../portfolio/span/pa2.js';
import { decodeJson } from './json-text.js';
import { parseSpanParamsJson } from './span-params-input.js';
import { parseSpanXml } from '../portfolio/span/spn-xml.js';
import { ACCOUNT_CLASSES, type SpanParams, type SpanPortfolio } from '../portfolio/span/params.js';
import type { PricedPosition } from '../portfolio/revalue.js';
import { markVolatility } from '../portfolio/mark-volatility.js';
import { MS_PER_YEAR } from '../options/black76.js';

const toNumber = (value: bigint): number => fixedToNumber(value);

export const spanPortfolioSchema = record({
  accountClass: oneOf(ACCOUNT_CLASSES as unknown as readonly ['member', 'hedger', 'speculator']).optional(),
  positions: list(record({ contract: text('a contract id like "ES 202612"'), quantity: decimal('any').transform(toNumber) }), 1),
});

/** A SPAN portfolio from decoded JSON; `defaultClass` when the input names none. */
export function parseSpanPortfolio(input: unknown, defaultClass: SpanPortfolio['accountClass']): Parsed<SpanPortfolio> {
  const { value, warnings } = parseWithSchema(spanPortfolioSchema, input);
  return { value: { accountClass: value.accountClass ?? defaultClass, positions: value.positions }, warnings };
}

/** A SPAN parameter file: XML when it starts with `<`, JSON (computed arrays) with `{`, PA2 otherwise. */
export function parseSpanParams(fileText: string): Parsed<SpanParams> {
  const body = fileText.replace(/^\uFEFF/, '');
  const start = body.trimStart();
  if (start.startsWith('<')) return { value: parseSpanXml(body), warnings: [] };
  if (start.startsWith('{')) return parseSpanParamsJson(decodeJson(body, 'params'));
  return { value: parsePa2(body), warnings: [] };
}

const positionSchema = record({
  id: text('a position id'),
  kind: oneOf(['future', 'option']),
  quantity: decimal('any').transform(toNumber),
  multiplier: decimal('positive').transform(toNumber).optional(),
  optionType: oneOf(['call', 'put']).optional(),
  strike: decimal('positive').transform(toNumber).optional(),
  expiry: timeField.optional(),
  forward: decimal('positive').transform(toNumber),
  volatility: decimal('positive').transform(toNumber).optional(),
  /** Instead of `volatility`: the option's mark per unit in quote (a coin-settled mark x forward); its IV is implied (mark-volatility.ts). */
  markPriceQuote: decimal('nonNegative').transform(toNumber).optional(),
});

export const pmPortfolioSchema = record({
  profile: text('a portfolio profile name').optional(),
  /** Settlement currency (grid profiles) or risk unit (component profiles). */
  currency: text('a currency or risk unit like "BTC"'),
  time: timeField,
  liability: decimal('nonNegative').transform(toNumber).optional(),
  positions: list(positionSchema, 1),
});

export interface PmPortfolio {
  readonly profile: string | null;
  readonly currency: string;
  readonly nowMs: number;
  readonly liability: number;
  readonly positions: readonly PricedPosition[];
}

/** Priced positions of a crypto portfolio-margin input; an option needs its type, strike, expiry and volatility (or mark). */
export function parsePmPortfolio(input: unknown): Parsed<PmPortfolio> {
  const { value, warnings } = parseWithSchema(pmPortfolioSchema, input);
  const positions = value.positions.map((p, i): PricedPosition => {
    const need = <T>(field: string, v: T | undefined): T => {
      if (v === undefined) throw new InputError(['positions', i, field], `is required for an option`);
      return v;
    };
    const multiplier = p.multiplier ?? 1;
    if (p.kind === 'future') {
      return { position: { kind: 'future', id: p.id, underlying: value.currency, quantity: p.quantity, multiplier, expiryMs: p.expiry ?? null }, forward: p.forward, volatility: null };
    }
    const position = { kind: 'option' as const, id: p.id, underlying: value.currency, quantity: p.quantity, multiplier, optionType: need('optionType', p.optionType), strike: need('strike', p.strike), expiryMs: need('expiry', p.expiry) };
    if (p.markPriceQuote !== undefined && p.volatility !== undefined) throw new InputError(['positions', i, 'markPriceQuote'], 'give volatility or markPriceQuote, not both');
    if (p.markPriceQuote === undefined) return { position, forward: p.forward, volatility: need('volatility', p.volatility) };
    // A mark without implied volatility (under intrinsic value) is revalued at the solver's floor, as the engine does.
    const implied = markVolatility(position.optionType === 'call', p.forward, position.strike, (position.expiryMs - value.time) / MS_PER_YEAR, p.markPriceQuote);
    if (implied === null) throw new InputError(['positions', i, 'expiry'], `an option's expiry must be after the valuation time`);
    return { position, forward: p.forward, volatility: implied.volatility };
  });
  return { value: { profile: value.profile ?? null, currency: value.currency, nowMs: value.time, liability: value.liability ?? 0, positions }, warnings };
}


