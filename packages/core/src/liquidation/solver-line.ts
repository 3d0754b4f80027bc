/**
 * The slack equity - requirement of one price solve as a line f(u) = a + b u within one
 * combination of tiers (u = P linear, u = 1/P inverse), and its root.
 * Shared by the tier-iteration solver (price-solver.ts) and the step walk (step-price-solver.ts).
 */
import { ONE, divRound, type Rounding } from '../num/index.js';
import { tierAt } from '../tiers/tiers.js';
import type { SolveInput, SolvedPrice } from './price-solver.js';

const E36 = ONE * ONE;

export interface Line {
  readonly a: bigint; // E36, settle asset
  readonly b: bigint; // E36
  /**
   * The exact a as aNumerator / aDenominator: an inverse leg's constant part q / entry is not an
   * E36 integer, and `a` holds it rounded. The root is taken from the exact value, so a root that
   * lies on an E18 price (e.g. a bankruptcy price equal to the entry) is reported there, not one
   * unit (after tick rounding: one tick) away. Absent: a is exact.
   */
  readonly aNumerator?: bigint;
  readonly aDenominator?: bigint;
}

export function lineFor(input: SolveInput, tierIndexes: readonly number[]): Line {
  let a = input.constant * ONE;
  let b = 0n;
  // Exact sum of the inverse constant parts s q E36 / entry, and of what `a` holds for them.
  let creditNumerator = 0n;
  let creditDenominator = 1n;
  let creditRounded = 0n;
  input.legs.forEach((leg, i) => {
    const q = leg.quantity;
    if (input.inverse) {
      // PnL = s q / entry - s q u; the constant part rounded down (a credit).
      const credit = leg.sideSign * divRound(q * E36, leg.entryPrice, leg.sideSign > 0n ? 'floor' : 'ceil');
      a += credit;
      creditRounded += credit;
      creditNumerator = creditNumerator * leg.entryPrice + leg.sideSign * q * E36 * creditDenominator;
      creditDenominator *= leg.entryPrice;
      b -= leg.sideSign * q * ONE;
    } else {
      // PnL = s q u - s q entry
      a -= leg.sideSign * q * leg.entryPrice;
      b += leg.sideSign * q * ONE;
    }
    b -= leg.closeFeeRate * q;
    a -= leg.fixedCloseFee * ONE;
    if (input.target === 'bankruptcy') return;
    if (leg.fixedMaintenance !== null) {
      a -= leg.fixedMaintenance * ONE;
      return;
    }
    const tier = tierAt(leg.tiers, tierIndexes[i] ?? 0);
    b -= tier.maintenanceRate * q;
    a += tier.maintenanceAmount * ONE;
  });
  if (!input.inverse) return { a, b };
  return { a, b, aNumerator: (a - creditRounded) * creditDenominator + creditNumerator, aDenominator: creditDenominator };
}

/** Root of a + b u as a price, or null when none is positive. Rounded toward the safe side. */
export function rootOf(line: Line, inverse: boolean): SolvedPrice | null {
  const { a, b } = line;
  // Linear: df/dP = b. Inverse: df/dP = -b / P^2.
  const slope = inverse ? -b : b;
  if (slope === 0n) return null;
  const breachBelow = slope > 0n;
  const rounding: Rounding = breachBelow ? 'ceil' : 'floor';
  if (inverse) {
    // P = -b / a with the exact a (see Line): rounded once, here.
    const numerator = line.aNumerator ?? a;
    const denominator = line.aDenominator ?? 1n;
    if (numerator === 0n || (-b > 0n) !== (numerator > 0n)) return null;
    const price = divRound(-b * ONE * denominator, numerator, rounding);
    return price > 0n ? { price, breachBelow } : null;
  }
  if ((-a > 0n) !== (b > 0n) || a === 0n) return null;
  const price = divRound(-a * ONE, b, rounding);
  return price > 0n ? { price, breachBelow } : null;
}

