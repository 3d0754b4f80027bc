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
}

export function lineFor(input: SolveInput, tierIndexes: readonly number[]): Line {
  let a = input.constant * ONE;
  let b = 0n;
  input.legs.forEach((leg, i) => {
    const q = leg.quantity;
    if (input.inverse) {
      // PnL = s q / entry - s q u; the constant part rounded down (a credit).
      a += leg.sideSign * divRound(q * E36, leg.entryPrice, leg.sideSign > 0n ? 'floor' : 'ceil');
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
  return { a, b };
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
    if (a === 0n || (-b > 0n) !== (a > 0n)) return null;
    const price = divRound(-b * ONE, a, rounding);
    return price > 0n ? { price, breachBelow } : null;
  }
  if ((-a > 0n) !== (b > 0n) || a === 0n) return null;
  const price = divRound(-a * ONE, b, rounding);
  return price > 0n ? { price, breachBelow } : null;
}

