/**
 * Where scenario maths becomes money (DESIGN section 5: float for scenario maths, then rounded
 * against the account). A float figure is first read at 14 significant digits, which drops the
 * representation noise of float arithmetic (2 x 1750 x 0.55 is 1924.9999999999998 in float64, and
 * the published credit is 1925), then rounded once at MONEY_DECIMALS in the named direction:
 * requirements and charges up, credits and long values down. The result is E18 fixed point.
 */
import { floatToUnits } from '../num/float.js';
import type { Fixed } from '../num/fixed.js';
import type { Rounding } from '../num/rounding.js';

/** Fraction digits money keeps after scenario maths. */
export const MONEY_DECIMALS = 8;
/** Significant digits a float figure is read at before rounding. */
export const FLOAT_SIGNIFICANT_DIGITS = 14;

const SCALE_UP = 10n ** BigInt(18 - MONEY_DECIMALS);

export function floatToMoney(value: number, rounding: Rounding): Fixed {
  if (!Number.isFinite(value)) throw new RangeError(`condition failed: a finite number is needed, got ${value}`);
  const read = value === 0 ? 0 : Number(value.toPrecision(FLOAT_SIGNIFICANT_DIGITS));
  return floatToUnits(read, MONEY_DECIMALS, rounding) * SCALE_UP;
}

/** A requirement or a charge: rounded up. */
export const moneyUp = (value: number): Fixed => floatToMoney(value, 'ceil');
/** A credit or a value held: rounded down. */
export const moneyDown = (value: number): Fixed => floatToMoney(value, 'floor');
