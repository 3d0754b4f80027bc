/**
 * Integer division with a named rounding direction.
 *
 * `bigint` `/` truncates toward zero, which rounds negative values the wrong way for money, so the
 * kernel never divides signed values without saying which way the remainder goes:
 * - `floor`: toward -infinity (credits, collateral value, unrealised PnL),
 * - `ceil`: toward +infinity (requirements: initial and maintenance margin, fees charged),
 * - `trunc`: toward zero,
 * - `halfEven`: to nearest, ties to even (display only, never for money that moves).
 */
export type Rounding = 'floor' | 'ceil' | 'trunc' | 'halfEven';

export const ROUNDINGS: readonly Rounding[] = ['floor', 'ceil', 'trunc', 'halfEven'];

/** Opposite direction: used where a value is subtracted and the result must round the other way. */
export function oppositeRounding(rounding: Rounding): Rounding {
  if (rounding === 'floor') return 'ceil';
  if (rounding === 'ceil') return 'floor';
  return rounding;
}

/**
 * n / d rounded as named.
 * @example divRound(-7n, 2n, 'floor') === -4n; divRound(-7n, 2n, 'ceil') === -3n
 */
export function divRound(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (denominator === 0n) throw new RangeError('condition failed: division by zero');
  let n = numerator;
  let d = denominator;
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const quotient = n / d; // truncated toward zero
  const remainder = n - quotient * d;
  if (remainder === 0n) return quotient;
  switch (rounding) {
    case 'trunc':
      return quotient;
    case 'floor':
      return n < 0n ? quotient - 1n : quotient;
    case 'ceil':
      return n > 0n ? quotient + 1n : quotient;
    case 'halfEven': {
      const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
      const awayFromZero = n < 0n ? quotient - 1n : quotient + 1n;
      if (twiceRemainder > d) return awayFromZero;
      if (twiceRemainder < d) return quotient;
      return quotient % 2n === 0n ? quotient : awayFromZero;
    }
  }
}
