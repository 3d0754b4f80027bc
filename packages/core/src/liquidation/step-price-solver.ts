/**
 * Liquidation price under whole-position step rates (OKX, BitMEX risk limits; ADR 0018).
 *
 * With step tables the maintenance requirement jumps at each tier floor, so the slack
 * s(P) = equity(P) - requirement(P) is linear in u (P or 1/P) between floors but not continuous
 * across them, and the breached set need not be one interval (a long's slack jumps UP when the
 * price falls into a lower tier, and DOWN when it rises into a higher one).
 *
 * Rule at a breakpoint: walking from the mark, one E18 unit at a time in each direction, with
 * the tier in force at each price (the tier of the notional at that price, step caps inclusive),
 * the reported price is the LAST price at which equity >= requirement before the first price at
 * which equity < requirement (the kernel's `liquidatable`). Across a jump that is the last price
 * of the lower tier itself. Of the two directions the nearer crossing is reported (a rising price
 * can liquidate a long when it lifts the position into a much higher rate). Reports round it
 * toward the mark (safe side), so every price between the mark and the reported one is safe.
 *
 * Exact: each sign test evaluates the slack with the kernel's own roundings (notional and
 * maintenance up, PnL down, fees up), so the reported price is safe by the same test that flags
 * `liquidatable`; the crossing inside a segment is found by bisection on E18 prices (the slack is
 * monotone within a segment, up to those roundings).
 */
import { ONE, divRound, type Fixed } from '../num/index.js';
import { isStepTable, tierAt, tierIndexFor } from '../tiers/tiers.js';
import type { SolveInput, SolveLeg, SolvedPrice } from './price-solver.js';
import { lineFor, rootOf } from './solver-line.js';

/** Notional of a leg at `price`, rounded up as the kernel does when it picks the tier. */
function legNotional(leg: SolveLeg, price: Fixed, inverse: boolean): Fixed {
  return inverse ? divRound(leg.quantity * ONE, price, 'ceil') : divRound(leg.quantity * price, ONE, 'ceil');
}

/**
 * Equity - requirement at `price` as the kernel computes it (computeRisk): PnL rounded down,
 * notional, maintenance and fees rounded up; `constant` holds everything that does not move.
 */
function kernelSlack(input: SolveInput, price: Fixed): Fixed {
  let slack = input.constant;
  for (const leg of input.legs) {
    const q = leg.quantity;
    const move = price - leg.entryPrice;
    slack += input.inverse
      ? divRound(leg.sideSign * q * move * ONE, leg.entryPrice * price, 'floor')
      : divRound(leg.sideSign * q * move, ONE, 'floor');
    if (leg.closeFeeRate !== 0n) {
      slack -= input.inverse ? divRound(q * leg.closeFeeRate, price, 'ceil') : divRound(q * leg.closeFeeRate * price, ONE * ONE, 'ceil');
    }
    slack -= leg.fixedCloseFee;
    if (input.target === 'bankruptcy') continue;
    if (leg.fixedMaintenance !== null) {
      slack -= leg.fixedMaintenance;
      continue;
    }
    const notional = legNotional(leg, price, input.inverse);
    const tier = tierAt(leg.tiers, tierIndexFor(leg.tiers, notional));
    slack -= divRound(notional * tier.maintenanceRate, ONE, 'ceil') - tier.maintenanceAmount;
  }
  return slack;
}

function breachedAt(input: SolveInput, price: Fixed): boolean {
  return kernelSlack(input, price) < 0n;
}

function tiersAt(input: SolveInput, price: Fixed): number[] {
  return input.legs.map((leg) => (leg.fixedMaintenance === null ? tierIndexFor(leg.tiers, legNotional(leg, price, input.inverse)) : 0));
}

/**
 * Cut prices c: the tiers in force are constant on (c_i, c_i+1]. For a floor f, a step tier
 * holds notional <= f, a cumulative one notional < f (i.e. <= f - 1 unit).
 */
function cuts(input: SolveInput): Fixed[] {
  const points: Fixed[] = [];
  for (const leg of input.legs) {
    if (leg.fixedMaintenance !== null || leg.quantity === 0n) continue;
    const inclusive = isStepTable(leg.tiers);
    for (let t = 1; t < leg.tiers.length; t++) {
      const floor = tierAt(leg.tiers, t).notionalFloor;
      const lowerMax = inclusive ? floor : floor - 1n; // largest notional still in the tier below
      // linear: ceil(q p / ONE) <= m  <=>  p <= floor(m ONE / q): the cut is that price.
      // inverse: ceil(q ONE / p) <= m  <=>  p >= ceil(q ONE / m): higher tier up to that - 1.
      const cut =
        input.inverse
          ? lowerMax > 0n ? divRound(leg.quantity * ONE, lowerMax, 'ceil') - 1n : null
          : divRound(lowerMax * ONE, leg.quantity, 'floor');
      if (cut !== null && cut > 0n) points.push(cut);
    }
  }
  return [...new Set(points)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

type Direction = -1n | 1n;

/** Last safe price walking from the mark in `dir`, or null when no price that way breaches. */
function walk(input: SolveInput, cutPrices: readonly Fixed[], dir: Direction): Fixed | null {
  let price = input.markPrice;
  for (;;) {
    // Segment [lo, hi] holding `price`: lo = (largest cut < price) + 1, hi = smallest cut >= price.
    let lo = 1n;
    let hi: Fixed | null = null;
    for (const cut of cutPrices) {
      if (cut < price) lo = cut + 1n;
      else if (hi === null) hi = cut;
    }
    // The jump: the first price of this segment is already breached, so the last safe price is
    // the end of the previous segment (checked safe before stepping here).
    if (breachedAt(input, price)) return price - dir;
    let end: Fixed | null = dir < 0n ? lo : hi;
    if (end === null) {
      // Unbounded above: the slack is linear in u, so its root (if above) bounds the search.
      const root = rootOf(lineFor(input, tiersAt(input, price)), input.inverse);
      if (root === null || root.price <= price) return null;
      end = root.price + root.price / 1_000_000_000n + 2n; // past the root by more than any rounding
    }
    if (!breachedAt(input, end)) {
      if (dir < 0n ? lo <= 1n : hi === null) return null;
      price = dir < 0n ? lo - 1n : (hi as Fixed) + 1n;
      continue;
    }
    // At vanishing prices a fully collateralised long is "breached" only by the kernel's roundings
    // (its line has no positive root): no liquidation price, as the tier-iteration solver reports.
    if (dir < 0n && lo <= 1n && rootOf(lineFor(input, tiersAt(input, price)), input.inverse) === null) return null;
    // Monotone in the segment: safe at `price`, breached at `end`. Bisect for the last safe one.
    let safe = price;
    let breached = end;
    while (safe - breached > 1n || breached - safe > 1n) {
      const middle = (safe + breached) / 2n;
      if (breachedAt(input, middle)) breached = middle;
      else safe = middle;
    }
    return safe;
  }
}

/**
 * The liquidation price by the first-crossing rule above; `breached-at-mark` when the pool is
 * already below its requirement at the mark (the caller then reports the root as for tiers
 * without steps: where the slack would be restored).
 */
export function solveStepPrice(input: SolveInput): SolvedPrice | null | 'breached-at-mark' {
  if (breachedAt(input, input.markPrice)) return 'breached-at-mark';
  const cutPrices = cuts(input);
  const below = walk(input, cutPrices, -1n);
  const above = walk(input, cutPrices, 1n);
  const belowPrice = below !== null && below > 0n ? below : null;
  if (belowPrice === null) return above === null ? null : { price: above, breachBelow: false };
  if (above === null || input.markPrice - belowPrice <= above - input.markPrice) return { price: belowPrice, breachBelow: true };
  return { price: above, breachBelow: false };
}
