/**
 * `margin options`: Black-76 price, Greeks and implied volatility of a chain of European options
 * (docs/options.md). The maths is float64 (core/src/options); each figure is turned into a
 * decimal string once, from its exact binary value: premiums rounded up (the side a margin
 * requirement needs), Greeks, volatilities and times half-even.
 */
import { InputError, type PathSegment } from '../errors.js';
import { fixedToNumber, formatUnits } from '../num/decimal.js';
import type { Fixed } from '../num/fixed.js';
import { floatToUnits } from '../num/float.js';
import type { Rounding } from '../num/rounding.js';
import type { OptionsInput } from '../input/options-input.js';
import {
  DAYS_PER_YEAR,
  GREEK_DELTA,
  GREEK_GAMMA,
  GREEK_SLOTS,
  GREEK_THETA,
  GREEK_VEGA,
  MS_PER_YEAR,
  black76Greeks,
  inverseDelta,
  inversePrice,
} from '../options/black76.js';
import { impliedVolatility, lastImpliedVolatilityIterations } from '../options/implied-volatility.js';
import { buildVolSmile, smileForExpiry, smileVolatility, strikeFromDelta, type VolSmile } from '../options/vol-smile.js';
import { iso } from './report-text.js';

/** Fraction digits of the report's figures. */
export const OPTION_PRICE_DECIMALS = 8;
export const OPTION_FIGURE_DECIMALS = 12;
const SURFACE_RULE = 'per expiry: linear in total variance between strikes, flat beyond the outer strikes';

function text(value: number, decimals: number, rounding: Rounding): string {
  return formatUnits(floatToUnits(value, decimals, rounding), decimals);
}
const price = (value: number): string => text(value, OPTION_PRICE_DECIMALS, 'ceil');
const figure = (value: number): string => text(value, OPTION_FIGURE_DECIMALS, 'halfEven');
const num = (value: Fixed): number => fixedToNumber(value);

/** Re-throw a maths error (`price`, `volatility` ...) at the row's field. */
function atRow<T>(path: readonly PathSegment[], run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof InputError) throw new InputError([...path, ...error.path], error.rule);
    throw error;
  }
}

export function optionsReport(input: OptionsInput) {
  const settlement = input.settlement ?? 'linear';
  const rate = input.rate === undefined ? 0 : num(input.rate);
  const surface: VolSmile[] = [];
  const surfaceForward = new Map<number, Fixed>();
  (input.surface ?? []).forEach((smile, index) => {
    if (surface.some((other) => other.expiryMs === smile.expiry)) throw new InputError(['surface', index, 'expiry'], `appears twice: one smile per expiry`);
    const points = smile.points.map((point, pointIndex) => {
      const path = ['surface', index, 'points', pointIndex];
      const volatility = num(point.volatility);
      if (point.strike !== undefined && point.delta !== undefined) throw new InputError([...path, 'delta'], 'give either strike or delta, not both');
      if (point.strike !== undefined) return { strike: num(point.strike), volatility };
      if (point.delta === undefined) throw new InputError([...path, 'strike'], 'is required (or give delta: the forward call delta, between 0 and 1)');
      const delta = num(point.delta);
      if (!(delta < 1)) throw new InputError([...path, 'delta'], `must be below 1 (a forward call delta; a put of delta -0.25 is the call delta 0.75), got ${formatUnits(point.delta, 18)}`);
      const forward = smile.forward ?? input.forward;
      if (forward === undefined) throw new InputError(['surface', index, 'forward'], 'is required for points quoted by delta (or give forward for the whole document)');
      if (smile.expiry <= input.time) throw new InputError(['surface', index, 'expiry'], `must be after time ${iso(input.time)} for points quoted by delta`);
      return { strike: strikeFromDelta(delta, num(forward), (smile.expiry - input.time) / MS_PER_YEAR, volatility), volatility };
    });
    surface.push(buildVolSmile(smile.expiry, points, ['surface', index, 'points']));
    if (smile.forward !== undefined) surfaceForward.set(smile.expiry, smile.forward);
  });
  const out = new Float64Array(GREEK_SLOTS);
  const rows = input.chain.map((row, index) => {
    const path = ['chain', index];
    if (row.expiry <= input.time) {
      throw new InputError([...path, 'expiry'], `time to expiry must be greater than 0: ${iso(row.expiry)} is not after time ${iso(input.time)}`);
    }
    const forwardFixed = row.forward ?? surfaceForward.get(row.expiry) ?? input.forward;
    if (forwardFixed === undefined) throw new InputError([...path, 'forward'], 'is required (or give forward for the surface expiry or the whole chain)');
    if (row.volatility !== undefined && row.price !== undefined) throw new InputError([...path, 'price'], 'give either volatility or price, not both');
    const forward = num(forwardFixed);
    const strike = num(row.strike);
    const timeYears = (row.expiry - input.time) / MS_PER_YEAR;
    const isCall = row.kind === 'call';
    let volatility: number;
    let source: 'input' | 'price' | 'surface';
    let iterations: number | null = null;
    if (row.volatility !== undefined) {
      volatility = num(row.volatility);
      source = 'input';
    } else if (row.price !== undefined) {
      // An inverse option's price is quoted in coin: its quote value is price x F.
      const quotePrice = settlement === 'inverse' ? num(row.price) * forward : num(row.price);
      volatility = atRow(path, () => {
        try {
          return impliedVolatility(isCall, forward, strike, timeYears, quotePrice, rate);
        } catch (error) {
          if (error instanceof InputError && settlement === 'inverse') {
            throw new InputError(error.path, `${error.rule} (in quote units: the inverse price ${formatUnits(row.price ?? 0n, 18)} in coin times the forward ${forward})`);
          }
          throw error;
        }
      });
      iterations = lastImpliedVolatilityIterations();
      source = 'price';
    } else {
      volatility = smileVolatility(smileForExpiry(surface, row.expiry, [...path, 'expiry']), strike);
      source = 'surface';
    }
    const value = atRow(path, () => black76Greeks(isCall, forward, strike, timeYears, volatility, rate, out));
    const delta = out[GREEK_DELTA] ?? Number.NaN;
    const vega = out[GREEK_VEGA] ?? Number.NaN;
    const theta = out[GREEK_THETA] ?? Number.NaN;
    return {
      id: row.id ?? null,
      kind: row.kind,
      strike: formatUnits(row.strike, 18),
      expiry: iso(row.expiry),
      forward: formatUnits(forwardFixed, 18),
      timeYears: figure(timeYears),
      volatility: figure(volatility),
      volatilitySource: source,
      ivIterations: iterations === null ? null : String(iterations),
      price: price(value),
      priceInCoin: price(inversePrice(value, forward)),
      delta: figure(delta),
      deltaInCoin: figure(inverseDelta(delta, value, forward)),
      gamma: figure(out[GREEK_GAMMA] ?? Number.NaN),
      vegaPerVolPoint: figure(vega / 100),
      vegaPerUnit: figure(vega),
      thetaPerDay: figure(theta / DAYS_PER_YEAR),
      thetaPerYear: figure(theta),
    };
  });
  return {
    model: 'black-76',
    time: iso(input.time),
    settlement,
    rate: figure(rate),
    dayCount: 'ACT/365',
    surfaceRule: (input.surface ?? []).some((smile) => smile.points.some((point) => point.delta !== undefined)) ? `${SURFACE_RULE}; points by delta turned into strikes first (forward call delta, the point's own volatility)` : SURFACE_RULE,
    rounding: `prices rounded up to ${OPTION_PRICE_DECIMALS} decimals; volatility, time and Greeks half-even to ${OPTION_FIGURE_DECIMALS}`,
    rows,
  };
}
export type OptionsReport = ReturnType<typeof optionsReport>;
