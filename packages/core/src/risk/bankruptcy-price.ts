/**
 * The bankruptcy price of one symbol's legs in one margin pool, without the risk report: what a
 * liquidation that closes a bankrupt pool reads (the fills print it, the backstop closes at it).
 * Equal to `computeRisk(...).positions[i].bankruptcyPrice` for each leg of the symbol (the same
 * leg set-up, the same solve, the same display rounding): `bankruptcy-price.property.test.ts`.
 *
 * `constant` is what does not move with the symbol's price, as computeRisk takes it: for a cross
 * pool the wallet balance (minus the open-order margin where the profile's orders reduce the
 * pool) plus the PnL (each rounded down) of the pool's positions in other symbols; for an isolated
 * position its isolated balance. `legs` are the pool's positions in the symbol (one, or both
 * sides in hedge mode).
 */
import { mul, type Fixed } from '../num/index.js';
import { isInverse, type Instrument } from '../instrument/instrument.js';
import type { Profile } from '../profile/profile.js';
import { lineFor, rootOf } from '../liquidation/solver-line.js';
import type { SolveLeg } from '../liquidation/price-solver.js';
import { displayPrice } from './compute-risk.js';

export interface BankruptcyLeg {
  /** Signed contracts (non-zero). */
  readonly size: Fixed;
  readonly entryPrice: Fixed;
}

/**
 * Bankruptcy price (display) of the legs of `instrument` in a pool, or null when none is positive.
 * A bankruptcy solve is one line (no tiers: maintenance is not part of equity = 0), so no tier
 * iteration and no per-leg tier lookup.
 */
export function poolBankruptcyPrice(profile: Profile, instrument: Instrument, markPrice: Fixed, constant: Fixed, legs: readonly BankruptcyLeg[]): Fixed | null {
  if (legs.length === 0) return null;
  const closeFeeRate = profile.bankruptcyCloseFee && profile.maintenanceCloseFee !== 'none' ? (instrument.takerFeeRate ?? 0n) : 0n;
  const solveLegs: SolveLeg[] = legs.map((leg) => {
    const size = leg.size < 0n ? -leg.size : leg.size;
    return {
      sideSign: leg.size < 0n ? -1n : 1n,
      quantity: mul(size, instrument.contractSize, 'ceil'),
      entryPrice: leg.entryPrice,
      // Not read by a bankruptcy line (equity = 0 has no maintenance term).
      tiers: instrument.tiers,
      fixedMaintenance: 0n,
      closeFeeRate,
      fixedCloseFee: 0n,
    };
  });
  const inverse = isInverse(instrument.kind);
  const root = rootOf(lineFor({ inverse, constant, legs: solveLegs, target: 'bankruptcy', markPrice }, []), inverse);
  return root === null ? null : displayPrice(profile, instrument, root.price, root.breachBelow);
}
