/**
 * float64 to kernel value, exactly: the one door through which a float result (an option price
 * from Black-76, a scenario figure) becomes money. A double is m x 2^e exactly; its E18 value
 * m x 2^e x 10^18 is rounded once, in the direction the call site names (a premium or a
 * requirement the account owes rounds up: `floatToFixed(price, 'ceil')`). The shortest decimal
 * of the double (String(x)) is not used: it may lie below the double's true value.
 */
import { divRound, type Rounding } from './rounding.js';
import { ONE, type Fixed } from './fixed.js';

const view = new DataView(new ArrayBuffer(8));

/** A finite float64 to a kernel value at E18, rounded as named; throws RangeError on NaN or infinity. */
export function floatToFixed(value: number, rounding: Rounding): Fixed {
  return floatToUnits(value, 18, rounding);
}

/**
 * A finite float64 to integer units of `decimals` fraction digits (value x 10^decimals), rounded
 * once as named: for report text at fewer digits without a double rounding through E18.
 */
export function floatToUnits(value: number, decimals: number, rounding: Rounding): bigint {
  if (!Number.isFinite(value)) throw new RangeError(`condition failed: a finite number is needed, got ${value}`);
  if (value === 0) return 0n;
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  // value = mantissa x 2^exponent, with the implicit leading 1 for normal numbers.
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  const signed = negative ? -mantissa : mantissa;
  const scale = decimals === 18 ? ONE : 10n ** BigInt(decimals);
  if (exponent >= 0) return signed * scale * (1n << BigInt(exponent));
  return divRound(signed * scale, 1n << BigInt(-exponent), rounding);
}
