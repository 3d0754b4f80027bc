/**
 * Boundary schemas of portfolio margin inputs (decimal strings, field paths, unknown fields
 * warned): the SPAN portfolio of `margin span --portfolio`, the priced positions of a crypto
 * portfolio profile in `margin risk`, and the parameter file reader that picks PA2 or XML.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { decimal, list, oneOf, record, text } from './decimal-schema.js';
import { timeField } from './market-fields.js';
import { parseWithSchema, type Parsed } from './parse-with-schema.js';
import { fixedToNumber } from '../num/decimal.js';
import { MS_PER_YEAR } from '../options/black76.js';
import { parsePa2 } from '../portfolio/span/pa2.js';
import { decodeJson } from './json-text.js';
import { parseSpanParamsJson } from './span-params-input.js';
import { parseSpanXml } from '../portfolio/span/spn-xml.js';
import { ACCOUNT_CLASSES, type SpanParams, type SpanPortfolio } from '../portfolio/span/params.js';
import type { PricedPosition } from '../portfolio/revalue.js';
import { markVolatility } from '../portfolio/mark-volatility.js';

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
  /** An option's mark price instead of its volatility (quote per underlying unit; coin for an inverse set): the IV is implied from it (mark-volatility.ts). */
  markPrice: decimal('nonNegative').transform(toNumber).optional(),
});

export const pmPortfolioSchema = record({
  profile: text('a portfolio profile name').optional(),
  /** Settlement currency (grid profiles) or risk unit (component profiles). */
  currency: text('a currency or risk unit like "BTC"'),
  time: timeField,
  liability: decimal('nonNegative').transform(toNumber).optional(),
  positions: list(positionSchema, 1),
  /** Venue parameter overrides for this currency or unit, read by the profile's method (pm-params-input.ts). */
  params: z.unknown().optional(),
});

export interface PmPortfolio {
  readonly profile: string | null;
  readonly currency: string;
  readonly nowMs: number;
  readonly liability: number;
  readonly positions: readonly PricedPosition[];
  /** The file's `params` as decoded (undefined: the profile's set as recorded). */
  readonly params?: unknown;
  /** Per position, the option mark price given instead of a volatility (null otherwise); `withImpliedVolatility` turns it into one. */
  readonly markPrices?: readonly (number | null)[];
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
    if (p.volatility !== undefined && p.markPrice !== undefined) throw new InputError(['positions', i, 'markPrice'], 'give either volatility or markPrice, not both');
    return {
      position: { kind: 'option', id: p.id, underlying: value.currency, quantity: p.quantity, multiplier, optionType: need('optionType', p.optionType), strike: need('strike', p.strike), expiryMs: need('expiry', p.expiry) },
      forward: p.forward,
      volatility: p.markPrice !== undefined ? null : need('volatility', p.volatility),
    };
  });
  const marks = value.positions.map((p) => (p.kind === 'option' && p.markPrice !== undefined ? p.markPrice : null));
  return {
    value: {
      profile: value.profile ?? null,
      currency: value.currency,
      nowMs: value.time,
      liability: value.liability ?? 0,
      positions,
      ...(value.params === undefined ? {} : { params: value.params }),
      ...(marks.some((m) => m !== null) ? { markPrices: marks } : {}),
    },
    warnings,
  };
}

/**
 * The positions with each option given by its mark price priced at the volatility implied by that
 * mark (Black-76, r = 0; an inverse set quotes the mark in coin, so the premium is mark x forward).
 * A mark with no implied volatility (under intrinsic value, or above the no-arbitrage bound) is
 * revalued at the solver's floor or cap, as the engine does (mark-volatility.ts).
 */
export function withImpliedVolatility(portfolio: PmPortfolio, settlement: 'linear' | 'inverse'): readonly PricedPosition[] {
  const marks = portfolio.markPrices;
  if (marks === undefined) return portfolio.positions;
  return portfolio.positions.map((priced, i) => {
    const mark = marks[i] ?? null;
    const p = priced.position;
    if (mark === null || p.kind !== 'option') return priced;
    const timeYears = (p.expiryMs - portfolio.nowMs) / MS_PER_YEAR;
    if (!(timeYears > 0)) throw new InputError(['positions', i, 'expiry'], 'must be after time to imply a volatility from markPrice');
    const premium = settlement === 'inverse' ? mark * priced.forward : mark;
    const implied = markVolatility(p.optionType === 'call', priced.forward, p.strike, timeYears, premium);
    if (implied === null) throw new InputError(['positions', i, 'markPrice'], 'must be a finite price with a positive forward and strike');
    return { ...priced, volatility: implied.volatility };
  });
}


