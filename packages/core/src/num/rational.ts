/**
 * Exact rationals (bigint numerator / positive denominator, always reduced).
 *
 * Slow and obviously correct: the reference model of the property tests is written with these,
 * independently of the fixed-point kernel.
 */
import { divRound, type Rounding } from './rounding.js';
import { parseUnits } from './decimal.js';

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint, den: bigint = 1n) {
    if (den === 0n) throw new RangeError('condition failed: rational with zero denominator');
    const sign = den < 0n ? -1n : 1n;
    const g = gcd(num, den) || 1n;
    this.num = (sign * num) / g;
    this.den = (sign * den) / g;
  }

  static of(value: string | bigint | number): Rational {
    if (typeof value === 'bigint') return new Rational(value);
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) throw new RangeError('condition failed: integer expected');
      return new Rational(BigInt(value));
    }
    const dot = value.indexOf('.');
    const scale = dot < 0 ? 0 : value.length - dot - 1;
    return new Rational(parseUnits(value, scale), 10n ** BigInt(scale));
  }

  static fromFixed(value: bigint, scale = 18): Rational {
    return new Rational(value, 10n ** BigInt(scale));
  }

  add(o: Rational): Rational {
    return new Rational(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Rational): Rational {
    return new Rational(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Rational): Rational {
    return new Rational(this.num * o.num, this.den * o.den);
  }
  div(o: Rational): Rational {
    return new Rational(this.num * o.den, this.den * o.num);
  }
  neg(): Rational {
    return new Rational(-this.num, this.den);
  }
  cmp(o: Rational): number {
    const d = this.num * o.den - o.num * this.den;
    return d < 0n ? -1 : d > 0n ? 1 : 0;
  }
  isZero(): boolean {
    return this.num === 0n;
  }
  sign(): number {
    return this.num < 0n ? -1 : this.num > 0n ? 1 : 0;
  }
  /** Integer units at `scale`, rounded as named. */
  toUnits(scale: number, rounding: Rounding): bigint {
    return divRound(this.num * 10n ** BigInt(scale), this.den, rounding);
  }
  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }
}

export const R0 = new Rational(0n);
export const R1 = new Rational(1n);
