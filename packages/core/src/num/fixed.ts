/**
 * Kernel fixed-point numbers: every price, size, rate and money value inside the kernel is a
 * `bigint` holding value x 10^18 (scale E18).
 *
 * Why one scale: the margin formulas multiply prices, sizes and rates of different venues; one
 * generous scale keeps every boundary input exact (inputs may carry at most 18 fraction digits)
 * and makes each product or quotient round exactly once, in a direction the call site names.
 * Values that are stored in the ledger are converted to the asset's own scale (units) with
 * `toUnits` and the rounding that goes against the account.
 */
import { divRound, type Rounding } from './rounding.js';

/** Fraction digits of kernel values. */
export const SCALE = 18;
/** 1.0 in kernel units. */
export const ONE = 10n ** 18n;

/** A kernel value: the decimal number times 10^18. Alias kept for documentation. */
export type Fixed = bigint;

/** a x b, rounded as named. */
export function mul(a: Fixed, b: Fixed, rounding: Rounding): Fixed {
  return divRound(a * b, ONE, rounding);
}

/** a / b, rounded as named. */
export function div(a: Fixed, b: Fixed, rounding: Rounding): Fixed {
  return divRound(a * ONE, b, rounding);
}

/** a x b / c with a single rounding, as named. */
export function mulDiv(a: Fixed, b: Fixed, c: Fixed, rounding: Rounding): Fixed {
  return divRound(a * b, c, rounding);
}

/** Whole number to kernel value. */
export function fromInt(value: number | bigint): Fixed {
  return BigInt(value) * ONE;
}

export function abs(value: Fixed): Fixed {
  return value < 0n ? -value : value;
}

export function min(a: Fixed, b: Fixed): Fixed {
  return a < b ? a : b;
}

export function max(a: Fixed, b: Fixed): Fixed {
  return a > b ? a : b;
}

/** Round a kernel value to a multiple of `step` (a positive kernel value, e.g. a tick size). */
export function roundToStep(value: Fixed, step: Fixed, rounding: Rounding): Fixed {
  if (step <= 0n) throw new RangeError('condition failed: step must be positive');
  return divRound(value, step, rounding) * step;
}

/** 10^k for k = 0..36 (unit conversions run for every ledger move and event: no power per call). */
const POW10: readonly bigint[] = Array.from({ length: 2 * SCALE + 1 }, (_, k) => 10n ** BigInt(k));

function pow10(k: number): bigint {
  return POW10[k] ?? 10n ** BigInt(k);
}

/** Kernel value to integer units of an asset with `decimals` fraction digits. */
export function toUnits(value: Fixed, decimals: number, rounding: Rounding): bigint {
  if (decimals > SCALE) return value * pow10(decimals - SCALE);
  return divRound(value, pow10(SCALE - decimals), rounding);
}

/** Integer units of an asset with `decimals` fraction digits to a kernel value (exact). */
export function fromUnits(units: bigint, decimals: number): Fixed {
  if (decimals > SCALE) throw new RangeError('condition failed: decimals must be <= 18');
  return units * pow10(SCALE - decimals);
}

/** Round a kernel value to `decimals` fraction digits, staying in kernel scale. */
export function roundDecimals(value: Fixed, decimals: number, rounding: Rounding): Fixed {
  return fromUnits(toUnits(value, decimals, rounding), decimals);
}
