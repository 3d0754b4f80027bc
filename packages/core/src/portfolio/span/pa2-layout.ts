/**
 * Column layout of the PA2 (CME "expanded unpacked" positional, format U2) records this parser
 * reads. Columns are 1-based and inclusive, as in CME's "Risk Parameter File Layouts for the
 * Positional Formats"
 * (https://cmegroupclientsite.atlassian.net/wiki/spaces/pubsub/pages/457083445/Risk+Parameter+File+Layouts+for+the+Positional+Formats).
 * Records 0, 2, 3, 4, C, S, 81, 82 follow the documented columns; P and 6 carry the documented
 * fields in columns of our own (their full CME maps were not at hand): see docs/portfolio-margin.md.
 * `decimals` is the number of implied decimals of a numeric field; a signed field's sign is the
 * character right after its digits ('-' negative, ' ' or '+' positive).
 */
export interface Pa2Field {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly type: 'text' | 'digits' | 'signed';
  /** Implied decimals (numbers); null when given by another record (risk exponent, decimal locators). */
  readonly decimals?: number | null;
  /** Optional fields may be blank. */
  readonly optional?: boolean;
}

const text = (name: string, start: number, end: number, optional = false): Pa2Field => ({ name, start, end, type: 'text', optional });
const digits = (name: string, start: number, end: number, decimals: number | null = 0, optional = false): Pa2Field => ({
  name,
  start,
  end,
  type: 'digits',
  decimals,
  optional,
});
/** Digits from `start` to `end - 1`, sign at `end`. */
const signed = (name: string, start: number, end: number, decimals: number | null = 0, optional = false): Pa2Field => ({
  name,
  start,
  end,
  type: 'signed',
  decimals,
  optional,
});

export const PA2_HEADER: readonly Pa2Field[] = [text('exchangeComplex', 3, 8), digits('businessDate', 9, 16), text('fileFormat', 36, 37)];

export const PA2_CC1: readonly Pa2Field[] = [
  text('exchange', 3, 5),
  text('cc', 7, 12),
  digits('riskExponent', 13, 13),
  text('currency', 14, 16),
  text('optionMarginStyle', 18, 18),
  text('limitOptionValue', 19, 19),
];
/** Type 2 products: up to 6 x (product code 10, type 3) from column 23. */
export const PA2_CC1_PRODUCTS = { start: 23, width: 13, count: 6 } as const;

export const PA2_TIERS: readonly Pa2Field[] = [text('cc', 3, 8), digits('method', 9, 10), digits('tierCount', 11, 12), digits('wfprMethod', 83, 83, 0, true)];

export const PA2_CC2: readonly Pa2Field[] = [
  text('cc', 3, 8),
  digits('intraMethod', 9, 10, 0, true),
  digits('memberRatio', 69, 72, 3),
  digits('hedgerRatio', 73, 76, 3),
  digits('speculatorRatio', 77, 80, 3),
];
/** Type 3 intra tiers: 4 x (tier 2, start CCYYMM 6, end CCYYMM 6) from column 11. */
export const PA2_CC2_TIERS = { start: 11, width: 14, count: 4 } as const;

export const PA2_INTRA: readonly Pa2Field[] = [text('cc', 3, 8), digits('priority', 11, 12), digits('legCount', 13, 14), digits('chargeRate', 15, 21, 2)];
/** Type C legs: tier 2, ratio 4 (3 decimals), side 1; from column 22. */
export const PA2_INTRA_LEGS = { start: 22, width: 7, count: 4 } as const;

export const PA2_CC3: readonly Pa2Field[] = [
  text('cc', 3, 8),
  digits('spotMethod', 9, 10, 0, true),
  digits('spotMonthCount', 11, 12),
  digits('somRate', 63, 69, 2),
  text('somMethod', 79, 79, true),
];
/** Type 4 spot months: (n 2, CCYYMM 6, rate in spreads 7, rate outright 7; rates 2 decimals) from column 13, at most 2. */
export const PA2_CC3_SPOT = { start: 13, width: 22, count: 2 } as const;

export const PA2_PRICE: readonly Pa2Field[] = [
  text('exchange', 3, 5),
  text('product', 6, 15),
  text('productType', 16, 18),
  digits('priceDecimals', 19, 21),
  digits('strikeDecimals', 22, 24),
  digits('contractValueFactor', 25, 38, 7),
  text('currency', 39, 41),
];

export const PA2_INTER: readonly Pa2Field[] = [
  digits('priority', 3, 6),
  digits('creditRate', 7, 13, 4),
  digits('method', 14, 15),
  digits('targetLeg', 16, 16),
];
/** Type 6 legs: exchange 3, required 1, CC 6, ratio 7 (4 decimals), side 1; from column 17. */
export const PA2_INTER_LEGS = { start: 17, width: 18, count: 4 } as const;

export const PA2_ARRAY_KEY: readonly Pa2Field[] = [
  text('exchange', 3, 5),
  text('product', 6, 15),
  text('underlying', 16, 25, true),
  text('productType', 26, 28),
  text('putCall', 29, 29, true),
  digits('futureMonth', 30, 35, 0, true),
  digits('optionMonth', 39, 44, 0, true),
  digits('strike', 48, 54, null, true),
];
/** Type 81: scenarios 1-9 at 55-108 (5 digits + sign each), settlement price 109-122. */
export const PA2_ARRAY1 = { scenarioStart: 55, scenarioCount: 9, price: digits('settlementPrice', 109, 122, null) } as const;
/** Type 82: scenarios 10-16 at 55-96, composite delta 97-102 (4 decimals, sign at 102). */
export const PA2_ARRAY2 = { scenarioStart: 55, scenarioCount: 7, compositeDelta: signed('compositeDelta', 97, 102, 4) } as const;
export const PA2_SCENARIO_WIDTH = 6;

/** Writes `value` into `line` at the field's columns (for building fixtures and files). */
export function putField(line: string[], start: number, end: number, value: string): void {
  const width = end - start + 1;
  if (value.length > width) throw new RangeError(`condition failed: "${value}" is wider than columns ${start}-${end}`);
  for (let i = 0; i < width; i++) line[start - 1 + i] = value[i] ?? ' ';
}

/** A record of `id` with the given fields at their columns, padded to 132 characters. */
export function pa2Record(id: string, fields: ReadonlyArray<readonly [number, number, string]>): string {
  const line = Array.from({ length: 132 }, () => ' ');
  putField(line, 1, 2, id.padEnd(2));
  for (const [start, end, value] of fields) putField(line, start, end, value);
  return line.join('').trimEnd();
}

/** Number as digits of a field: `value` x 10^decimals, zero-padded to `width`; signed adds the sign char. */
export function pa2Number(value: number, width: number, decimals: number, withSign = false): string {
  const units = Math.round(Math.abs(value) * 10 ** decimals);
  const body = String(units).padStart(withSign ? width - 1 : width, '0');
  return withSign ? `${body}${value < 0 ? '-' : '+'}` : body;
}
