/**
 * The exact pool kernel: equity and maintenance margin of one margin pool (a cross pool, or one
 * isolated position), the figures `computeRisk` reports, specialised for the question the risk
 * scan asks (is equity below maintenance, or below a margin-call level?).
 *
 * Why a second path: `computeRisk` builds a report (objects per position, maps of instruments and
 * marks, initial margins, price solves) that a confirmation of "equity vs a threshold" throws
 * away. Here the legs are plain columns the caller keeps (instrument, signed size, entry, mark),
 * the roundings are inlined for the one sign each operand can have, and nothing is allocated per
 * leg. The arithmetic and roundings are those of computeRisk (notional at the value price up, PnL
 * down, tier maintenance up, fee to close at the mark up): `pool-kernel.property.test.ts` checks
 * every figure against the full report on random pools of every profile the kernel supports.
 *
 * Not covered: profiles whose maintenance includes the fee to close at the BANKRUPTCY price
 * (`maintenanceCloseFee: 'bankruptcy'`, Bybit): that needs a price solve per leg, so callers use
 * `computeRisk` for them (`poolKernelSupports`).
 */
import { ONE } from '../num/index.js';
import type { Fixed } from '../num/index.js';
import type { Instrument } from '../instrument/instrument.js';
import type { Profile } from '../profile/profile.js';
import type { Tier } from '../tiers/tiers.js';

/** ceil(n / d) for d > 0. */
function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n > q * d ? q + 1n : q;
}

/** floor(n / d) for d > 0. */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n < q * d ? q - 1n : q;
}

// Division by ONE^2 or ONE^3 in steps of ONE: floor(floor(n / a) / b) = floor(n / (a b)) for
// a, b > 0 (the same for ceil), and a divisor that fits one 64-bit digit takes V8's short
// division instead of the long one (about a third faster per division, bench/pool-kernel.mjs).

/** floor(n / ONE^2). */
function floorDivOneSquared(n: bigint): bigint {
  return floorDiv(floorDiv(n, ONE), ONE);
}

/** ceil(n / ONE^2). */
function ceilDivOneSquared(n: bigint): bigint {
  return ceilDiv(ceilDiv(n, ONE), ONE);
}

/** ceil(n / ONE^3). */
function ceilDivOneCubed(n: bigint): bigint {
  return ceilDiv(ceilDiv(ceilDiv(n, ONE), ONE), ONE);
}

/** Whether the kernel computes this profile's maintenance exactly (no price solve needed). */
export function poolKernelSupports(profile: Profile): boolean {
  return profile.maintenanceCloseFee !== 'bankruptcy';
}

/** PnL of a leg of signed `size` contracts from `entryPrice` to `markPrice`, rounded down (= `pnlBetween`, floor). */
export function legPnl(instrument: Instrument, size: Fixed, entryPrice: Fixed, markPrice: Fixed): Fixed {
  const signedQuantity = size * instrument.contractSize; // E36
  const move = markPrice - entryPrice;
  if (instrument.kind === 'inverse-perpetual' || instrument.kind === 'inverse-future') {
    return floorDiv(signedQuantity * move, entryPrice * markPrice);
  }
  const units = signedQuantity / ONE; // whole E18 units almost always: one factor ONE less (as poolSums)
  return units * ONE === signedQuantity ? floorDiv(units * move, ONE) : floorDivOneSquared(signedQuantity * move);
}

/** The tier a leg of `absSize` contracts worth `valueNotional` falls in (= `tierIndexForPosition`). */
function tierOf(tiers: readonly Tier[], valueNotional: Fixed, absSize: Fixed): Tier {
  const first = tiers[0] as Tier;
  const step = first.step === true;
  const basis = first.basis === 'quantity' ? absSize : valueNotional;
  let tier = first;
  for (let i = 1; i < tiers.length; i++) {
    const next = tiers[i] as Tier;
    if (next.notionalFloor > basis || (step && next.notionalFloor === basis)) break;
    tier = next;
  }
  return tier;
}

/**
 * Maintenance margin of a leg of `absSize` (> 0) contracts: the tier's rate on the notional at the
 * profile's value price (rounded up) minus the tier's amount, plus the fee to close at the mark
 * where the profile folds it in (rounded up). Not for `maintenanceCloseFee: 'bankruptcy'`.
 */
export function legMaintenance(profile: Profile, instrument: Instrument, absSize: Fixed, entryPrice: Fixed, markPrice: Fixed): Fixed {
  const valuePrice = profile.positionValueBasis === 'entry' ? entryPrice : markPrice;
  const quantity = absSize * instrument.contractSize; // E36
  const inverse = instrument.kind === 'inverse-perpetual' || instrument.kind === 'inverse-future';
  // Whole E18 units (almost always): the linear products carry one factor ONE less (as poolSums).
  const units = quantity / ONE;
  const whole = !inverse && units * ONE === quantity;
  const valueNotional = inverse ? ceilDiv(quantity, valuePrice) : whole ? ceilDiv(units * valuePrice, ONE) : ceilDivOneSquared(quantity * valuePrice);
  const tier = tierOf(instrument.tiers, valueNotional, absSize);
  let maintenance = ceilDiv(valueNotional * tier.maintenanceRate, ONE) - tier.maintenanceAmount;
  const rate = instrument.takerFeeRate;
  if (profile.maintenanceCloseFee === 'mark' && rate !== null && rate !== 0n) {
    const fee = quantity * rate; // E54
    maintenance += inverse ? ceilDiv(fee, markPrice * ONE) : whole ? ceilDivOneSquared(units * rate * markPrice) : ceilDivOneCubed(fee * markPrice);
  }
  return maintenance;
}

/**
 * The legs of one pool as columns (the caller owns and reuses them): leg i is `sizes[i]` signed
 * contracts of `instruments[i]` entered at `entryPrices[i]`, marked at `markPrices[i]`.
 */
export interface PoolLegs {
  count: number;
  readonly instruments: Instrument[];
  readonly sizes: Fixed[];
  readonly entryPrices: Fixed[];
  readonly markPrices: Fixed[];
}

export function createPoolLegs(): PoolLegs {
  return { count: 0, instruments: [], sizes: [], entryPrices: [], markPrices: [] };
}

/** Append a leg (overwriting slots left from an earlier pool). */
export function pushLeg(legs: PoolLegs, instrument: Instrument, size: Fixed, entryPrice: Fixed, markPrice: Fixed): void {
  const i = legs.count++;
  legs.instruments[i] = instrument;
  legs.sizes[i] = size;
  legs.entryPrices[i] = entryPrice;
  legs.markPrices[i] = markPrice;
}

/** Where the kernel writes a pool's figures (one object reused by the caller). */
export interface PoolSums {
  equity: Fixed;
  maintenance: Fixed;
}

/**
 * Equity (`balance` + the legs' PnL, each rounded down) and maintenance (sum of the legs'
 * maintenance, each rounded up) of a pool: computeRisk's `account.equity` and
 * `account.maintenanceMargin` for a cross pool whose wallet balance is `balance`, or
 * `isolated.equity` and the position's `maintenanceMargin` for an isolated one (balance = its
 * isolated balance). Writes into `out` and returns it.
 */
export function poolSums(profile: Profile, balance: Fixed, legs: PoolLegs, out: PoolSums): PoolSums {
  // legPnl and legMaintenance inlined with their shared products (quantity, quantity x mark): the
  // same roundings, about a third fewer bigint operations per leg.
  const entryBasis = profile.positionValueBasis === 'entry';
  const feeAtMark = profile.maintenanceCloseFee === 'mark';
  let equity = balance;
  let maintenance = 0n;
  for (let i = 0; i < legs.count; i++) {
    const instrument = legs.instruments[i] as Instrument;
    const size = legs.sizes[i] as Fixed;
    const entryPrice = legs.entryPrices[i] as Fixed;
    const markPrice = legs.markPrices[i] as Fixed;
    const absSize = size < 0n ? -size : size;
    const quantity = absSize * instrument.contractSize; // E36, >= 0
    const signedMove = size < 0n ? entryPrice - markPrice : markPrice - entryPrice;
    const inverse = instrument.kind === 'inverse-perpetual' || instrument.kind === 'inverse-future';
    let valueNotional: bigint;
    let atMark: bigint; // quantity x mark (linear) for the fee, E54 (or E36 when `whole`)
    let whole = false;
    if (inverse) {
      equity += floorDiv(quantity * signedMove, entryPrice * markPrice);
      valueNotional = ceilDiv(quantity, entryBasis ? entryPrice : markPrice);
      atMark = 0n;
    } else {
      // Almost always the quantity is a whole number of E18 units (size and contract size have at
      // most 18 decimals between them): then every product carries one factor ONE less and one
      // division step fewer, with the same floor/ceil results (the dropped factor is exact).
      const units = quantity / ONE;
      whole = units * ONE === quantity;
      if (whole) {
        equity += floorDiv(units * signedMove, ONE);
        atMark = units * markPrice;
        valueNotional = ceilDiv(entryBasis ? units * entryPrice : atMark, ONE);
      } else {
        equity += floorDivOneSquared(quantity * signedMove);
        atMark = quantity * markPrice;
        valueNotional = ceilDivOneSquared(entryBasis ? quantity * entryPrice : atMark);
      }
    }
    const tier = tierOf(instrument.tiers, valueNotional, absSize);
    maintenance += ceilDiv(valueNotional * tier.maintenanceRate, ONE) - tier.maintenanceAmount;
    const rate = instrument.takerFeeRate;
    if (feeAtMark && rate !== null && rate !== 0n) {
      maintenance += inverse ? ceilDiv(quantity * rate, markPrice * ONE) : whole ? ceilDivOneSquared(atMark * rate) : ceilDivOneCubed(atMark * rate);
    }
  }
  out.equity = equity;
  out.maintenance = maintenance;
  return out;
}

/**
 * The scan's question: is the pool's equity below `multiple` x its maintenance (E18; ONE = the
 * liquidation threshold, above ONE a margin-call level expressed as maintenance / equity)?
 * Exact: compares equity x ONE < maintenance x multiple with no rounding.
 */
export function poolBelow(profile: Profile, balance: Fixed, legs: PoolLegs, multiple: Fixed, scratch: PoolSums): boolean {
  const { equity, maintenance } = poolSums(profile, balance, legs, scratch);
  return multiple === ONE ? equity < maintenance : equity * ONE < maintenance * multiple;
}
