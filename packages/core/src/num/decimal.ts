/**
 * Decimal strings at the boundary: strict parsing and canonical formatting.
 *
 * Accepted: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`. Refused: exponents, `NaN`, `Infinity`, a leading `+`,
 * leading zeros, a bare `.5` or `5.`, empty strings, white space. More fraction digits than the
 * field allows is an error, never a silent rounding (docs/precision.md).
 *
 * Boundary limits (docs/precision.md, "Limits"): a decimal from outside has at most
 * `DECIMAL_INTEGER_DIGITS_MAX` integer digits (|x| < 10^15) and its text is refused by length
 * before any pattern or BigInt work, so a 100,000-digit string costs one comparison.
 */
import { ONE, SCALE, type Fixed } from './fixed.js';

const DECIMAL_PATTERN = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** Integer digits a boundary decimal may have: |x| < 10^15 (prices, sizes, amounts, rates alike). */
export const DECIMAL_INTEGER_DIGITS_MAX = 15;

/** Longest decimal text the boundary reads: sign, 15 integer digits, point, 18 fraction digits. */
export const DECIMAL_TEXT_LENGTH_MAX = 1 + DECIMAL_INTEGER_DIGITS_MAX + 1 + SCALE;

/**
 * Why a string is not a valid decimal, or null when it is. `maxIntegerDigits` bounds the magnitude
 * (|x| < 10^maxIntegerDigits); the default is the boundary limit, `Infinity` only for values the
 * system wrote itself (snapshots, venue records).
 */
export function decimalProblem(
  text: string,
  maxFractionDigits: number = SCALE,
  maxIntegerDigits: number = DECIMAL_INTEGER_DIGITS_MAX,
): string | null {
  if (text.length === 0) return 'must be a decimal string, got an empty string';
  // Checked first, and the text is not echoed: a huge string is refused without being scanned.
  const lengthMax = 2 + maxIntegerDigits + maxFractionDigits;
  if (text.length > lengthMax) {
    return `is ${text.length} characters long, at most ${lengthMax} allowed: a decimal must be less than 10^${maxIntegerDigits} in magnitude with at most ${maxFractionDigits} fraction digits`;
  }
  if (!DECIMAL_PATTERN.test(text)) {
    if (/[eE]/.test(text) && /[0-9]/.test(text)) {
      return `must be a plain decimal string without an exponent, got "${text}"`;
    }
    return `must be a decimal string like "123.45", got "${text}"`;
  }
  const dot = text.indexOf('.');
  const fractionDigits = dot < 0 ? 0 : text.length - dot - 1;
  if (fractionDigits > maxFractionDigits) {
    return `has ${fractionDigits} fraction digits, at most ${maxFractionDigits} allowed, got "${text}"`;
  }
  const integerDigits = (dot < 0 ? text.length : dot) - (text.startsWith('-') ? 1 : 0);
  if (integerDigits > maxIntegerDigits) {
    return `must be less than 10^${maxIntegerDigits} in magnitude (at most ${maxIntegerDigits} integer digits), got "${text}"`;
  }
  return null;
}

/**
 * Parse a decimal string into integer units at `scale` (exact; throws on bad input). No magnitude
 * limit: this also reads what the system wrote itself; boundary input goes through `decimal()`.
 */
export function parseUnits(text: string, scale: number = SCALE): bigint {
  const problem = decimalProblem(text, scale, Number.POSITIVE_INFINITY);
  if (problem !== null) throw new RangeError(`condition failed: ${problem}`);
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const [whole = '0', fraction = ''] = body.split('.');
  const units = BigInt(whole + fraction.padEnd(scale, '0'));
  return negative ? -units : units;
}

/** Parse a decimal string into a kernel value. */
export function parseFixed(text: string): Fixed {
  return parseUnits(text, SCALE);
}

/**
 * Integer units at `scale` to the canonical decimal string: no exponent, no trailing fraction
 * zeros, no `-0`. `minFractionDigits` pads for display (e.g. 2 for money tables).
 */
export function formatUnits(units: bigint, scale: number, minFractionDigits = 0): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const wholeLength = digits.length - scale;
  // Trailing fraction zeros dropped by a scan (no regex: this runs for every amount of every event).
  let end = digits.length;
  while (end > wholeLength && digits.charCodeAt(end - 1) === 48) end--;
  let body = end > wholeLength ? `${digits.slice(0, wholeLength)}.${digits.slice(wholeLength, end)}` : digits.slice(0, wholeLength);
  const fractionLength = end - wholeLength;
  if (fractionLength < minFractionDigits) body = `${fractionLength === 0 ? `${body}.` : body}${'0'.repeat(minFractionDigits - fractionLength)}`;
  // No "-0": the digits are zero exactly when the units are.
  return negative ? `-${body}` : body;
}

/** Kernel value to its canonical decimal string (exact). */
export function formatFixed(value: Fixed, minFractionDigits = 0): string {
  return formatUnits(value, SCALE, minFractionDigits);
}

/** Kernel value to a JS number: for charts and statistics only, never for money. */
export function fixedToNumber(value: Fixed): number {
  const whole = value / ONE;
  const fraction = value - whole * ONE;
  return Number(whole) + Number(fraction) / 1e18;
}

/** Number of fraction digits of a kernel value once trailing zeros are dropped. */
export function fractionDigits(value: Fixed): number {
  const text = formatFixed(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
