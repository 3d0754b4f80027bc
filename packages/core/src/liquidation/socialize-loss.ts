/**
 * Socialised loss: when the insurance fund is empty and a profile disables ADL, a deficit is
 * shared pro rata across the open interest (Drift does it through its cumulative funding index:
 * resolve_perp_bankruptcy in
 * https://github.com/drift-labs/protocol-v2/blob/master/programs/drift/src/controller/liquidation.rs).
 * Each share is an exact integer number of asset units: shares round up (every holder pays at
 * least its exact part, the loss is covered), and the excess over the deficit goes to the named
 * rounding account, so the entries still sum to zero.
 */
import { divRound } from '../num/rounding.js';

export interface Holder {
  readonly account: string;
  /** Weight of the holder, e.g. notional of its open positions on the profitable side (>= 0). */
  readonly weight: bigint;
}

export interface LossShare {
  readonly account: string;
  /** Units the holder pays (>= 0). */
  readonly units: bigint;
}

export interface SocializedLoss {
  readonly shares: readonly LossShare[];
  /** Units collected beyond the deficit (>= 0, < holders count), credited to the rounding account. */
  readonly roundingUnits: bigint;
}

export function socializeLoss(deficitUnits: bigint, holders: readonly Holder[]): SocializedLoss {
  if (deficitUnits < 0n) throw new RangeError('condition failed: deficit must not be negative');
  const total = holders.reduce((sum, h) => sum + (h.weight > 0n ? h.weight : 0n), 0n);
  if (deficitUnits === 0n || total === 0n) return { shares: [], roundingUnits: 0n };
  const shares = holders
    .filter((h) => h.weight > 0n)
    .map((h) => ({ account: h.account, units: divRound(deficitUnits * h.weight, total, 'ceil') }));
  const collected = shares.reduce((sum, s) => sum + s.units, 0n);
  return { shares, roundingUnits: collected - deficitUnits };
}
