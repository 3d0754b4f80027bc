/**
 * Where scenario maths becomes money (DESIGN section 5: float for scenario maths, then rounded
 * against the account). A float figure is first read as its decimal text at 14 significant digits (exactly), which drops the
 * representation noise of float arithmetic (2 x 1750 x 0.55 is 1924.9999999999998 in float64, and
 * the published credit is 1925), then rounded once at MONEY_DECIMALS in the named direction:
 * requirements and charges up, credits and long values down. The result is E18 fixed point.
 */
import { divRound } from '../num/rounding.js';
import { mul, type Fixed } from '../num/fixed.js';
import { parseFixed } from '../num/decimal.js';
import type { Rounding } from '../num/rounding.js';

/** Fraction digits money keeps after scenario maths. */
export const MONEY_DECIMALS = 8;
/** Significant digits a float figure is read at before rounding. */
export const FLOAT_SIGNIFICANT_DIGITS = 14;

const SCALE_UP = 10n ** BigInt(18 - MONEY_DECIMALS);

export function floatToMoney(value: number, rounding: Rounding): Fixed {
  return floatToDecimals(value, MONEY_DECIMALS, rounding) * SCALE_UP;
}

/**
 * A float figure read at 14 significant digits, kept at full E18 precision: for an amount that is
 * scaled again before it becomes money (Deribit's maintenance = factor x the unrounded risk-matrix
 * margin), so it is rounded once, not twice.
 */
export function floatToE18(value: number, rounding: Rounding): Fixed {
  return floatToDecimals(value, 18, rounding);
}

function floatToDecimals(value: number, decimals: number, rounding: Rounding): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`condition failed: a finite number is needed, got ${value}`);
  if (value === 0) return 0n;
  // The 14-digit decimal text, read exactly (0.01 x 2 is 0.02, not the double just above it).
  const [mantissa = '0', exponentText = '0'] = value.toPrecision(FLOAT_SIGNIFICANT_DIGITS).split('e');
  const negative = mantissa.startsWith('-');
  const [whole = '0', fraction = ''] = mantissa.replace('-', '').split('.');
  const digits = BigInt(whole + fraction) * (negative ? -1n : 1n);
  const shift = decimals - (fraction.length - Number(exponentText));
  return shift >= 0 ? digits * 10n ** BigInt(shift) : divRound(digits, 10n ** BigInt(-shift), rounding);
}

/** A requirement or a charge: rounded up. */
export const moneyUp = (value: number): Fixed => floatToMoney(value, 'ceil');
/** A credit or a value held: rounded down. */
export const moneyDown = (value: number): Fixed => floatToMoney(value, 'floor');

const MONEY_STEP = 10n ** BigInt(18 - MONEY_DECIMALS);

/** `amount` x a decimal factor ("1.1", "0.8"), rounded up to MONEY_DECIMALS: a requirement from a requirement. */
export function scaleMoneyUp(amount: Fixed, factorText: string): Fixed {
  const product = mul(amount, parseFixed(factorText), 'ceil');
  return divRound(product, MONEY_STEP, 'ceil') * MONEY_STEP;
}
