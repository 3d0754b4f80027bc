/**
 * Liquidation and bankruptcy prices: the mark price P of one symbol at which
 *   equity(P) = maintenance(P) (+ fees to close, per profile)   (liquidation)
 *   equity(P) = 0 (+ fees to close, per profile)                (bankruptcy)
 * with every other position held at its mark.
 *
 * In u = P (linear) or u = 1/P (inverse), each leg's PnL and its mark-based maintenance margin are
 * linear in u, so within one combination of tiers f(u) = a + b u, and the root is exact:
 * linear P = -a / b, inverse P = -b / a. The coefficients are kept at scale E36 (products of two
 * kernel values are exact there); the root is rounded once to E18, toward the safe side.
 *
 * Tiers: start from the tiers at the current mark, solve, and if the root's notional falls in
 * another tier re-solve with that tier (the venues' rule), up to TIER_ITERATIONS_MAX times. If
 * that does not settle, or finds no root, or several legs move together (hedge mode, where a
 * root can lie on each side of the mark), every segment between tier breakpoints is solved and
 * the root nearest the mark is kept. `null` when no positive price satisfies the equation.
 */
import { ONE, divRound, type Fixed } from '../num/index.js';
import { isStepTable, tierIndexFor, tierAt, type TierTable } from '../tiers/tiers.js';
import { lineFor, rootOf } from './solver-line.js';
import { solveStepPrice } from './step-price-solver.js';

export interface SolveLeg {
  readonly sideSign: 1n | -1n;
  /** size x contractSize (linear: base units; inverse: quote value). */
  readonly quantity: Fixed;
  readonly entryPrice: Fixed;
  readonly tiers: TierTable;
  /** Maintenance margin that does not move with the price (entry basis), or null (mark basis). */
  readonly fixedMaintenance: Fixed | null;
  /** Fee-to-close rate charged on the notional at the solved price; 0 when none. */
  readonly closeFeeRate: Fixed;
  /** Fee-to-close that does not move with the price (e.g. fee at the bankruptcy price). */
  readonly fixedCloseFee: Fixed;
}

export interface SolveInput {
  readonly inverse: boolean;
  /** Everything that does not move: wallet balance + other PnL - other maintenance. */
  readonly constant: Fixed;
  readonly legs: readonly SolveLeg[];
  readonly target: 'liquidation' | 'bankruptcy';
  readonly markPrice: Fixed;
}

export interface SolvedPrice {
  /** Root rounded to E18 toward the safe side. */
  readonly price: Fixed;
  /** True when prices below the root breach (a long's liquidation); false when prices above do. */
  readonly breachBelow: boolean;
}

export const TIER_ITERATIONS_MAX = 16;

function notionalOf(leg: SolveLeg, price: Fixed, inverse: boolean): Fixed {
  return inverse ? divRound(leg.quantity * ONE, price, 'floor') : divRound(leg.quantity * price, ONE, 'floor');
}

function tiersAt(input: SolveInput, price: Fixed): number[] {
  return input.legs.map((leg) =>
    leg.fixedMaintenance === null ? tierIndexFor(leg.tiers, notionalOf(leg, price, input.inverse)) : 0,
  );
}

function sameTiers(x: readonly number[], y: readonly number[]): boolean {
  return x.every((value, i) => value === y[i]);
}

/** Solve by the venues' iteration; fall back to scanning every tier segment. */
export function solvePrice(input: SolveInput): SolvedPrice | null {
  if (input.legs.length === 0) return null;
  const needsTiers = input.target === 'liquidation' && input.legs.some((leg) => leg.fixedMaintenance === null);
  let tiers = tiersAt(input, input.markPrice);
  if (!needsTiers) return rootOf(lineFor(input, tiers), input.inverse);
  // Whole-position step rates: maintenance jumps at each floor, so walk from the mark (ADR 0018).
  if (input.legs.some((leg) => leg.fixedMaintenance === null && isStepTable(leg.tiers))) {
    const stepped = solveStepPrice(input);
    if (stepped !== 'breached-at-mark') return stepped;
  }
  // Several legs of one symbol (hedge mode) make the slack concave across tiers: a root may lie
  // on each side of the mark, and the iteration could settle on the far one. Scan every segment.
  if (input.legs.length > 1) return scanSegments(input);
  for (let iteration = 0; iteration < TIER_ITERATIONS_MAX; iteration++) {
    const root = rootOf(lineFor(input, tiers), input.inverse);
    if (root === null) break;
    const tiersAtRoot = tiersAt(input, root.price);
    if (sameTiers(tiers, tiersAtRoot)) return root;
    tiers = tiersAtRoot;
  }
  return scanSegments(input);
}

/** Every price where some leg changes tier, ascending. */
function breakpoints(input: SolveInput): Fixed[] {
  const points: Fixed[] = [];
  for (const leg of input.legs) {
    if (leg.fixedMaintenance !== null || leg.quantity === 0n) continue;
    for (let t = 1; t < leg.tiers.length; t++) {
      const floor = tierAt(leg.tiers, t).notionalFloor;
      // linear: q P = floor -> P = floor / q; inverse: q / P = floor -> P = q / floor
      const point = input.inverse ? divRound(leg.quantity * ONE, floor, 'floor') : divRound(floor * ONE, leg.quantity, 'floor');
      if (point > 0n) points.push(point);
    }
  }
  return [...new Set(points)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

function scanSegments(input: SolveInput): SolvedPrice | null {
  const points = breakpoints(input);
  const bounds: Array<[Fixed, Fixed | null]> = [];
  let lower = 0n;
  for (const point of points) {
    bounds.push([lower, point]);
    lower = point;
  }
  bounds.push([lower, null]);
  let best: SolvedPrice | null = null;
  let bestDistance = 0n;
  for (const [lo, hi] of bounds) {
    const probe = hi === null ? lo * 2n + ONE : (lo + hi) / 2n;
    if (probe <= 0n) continue;
    const root = rootOf(lineFor(input, tiersAt(input, probe)), input.inverse);
    if (root === null) continue;
    // Allow one E18 unit of slack at the bounds: both the root and the bounds were rounded once.
    if (root.price < lo - 1n || (hi !== null && root.price > hi + 1n)) continue;
    const distance = root.price > input.markPrice ? root.price - input.markPrice : input.markPrice - root.price;
    if (best === null || distance < bestDistance) {
      best = root;
      bestDistance = distance;
    }
  }
  return best;
}
