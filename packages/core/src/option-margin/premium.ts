/**
 * Money of option trades and expiry, exactly, in ledger units of the settle asset: the pieces the
 * engine's option fills and settlement post. Each transfer names its rounding: what an account
 * pays rounds up, what it receives rounds down, and the difference goes to a named rounding
 * account, so every transfer sums to zero.
 *
 * - fill: the buyer pays price x coins, the seller receives it; each pays its own fee (capped as a
 *   fraction of the premium where the venue has a cap, `optionTradeFee`).
 * - settlement at expiry: each long receives intrinsic x coins, each short pays it (inverse:
 *   intrinsic divided by the settlement price, in coin).
 * - position: average entry price of the premium; realised PnL on a reduce in the premium unit.
 */
import { abs, mul, toUnits, type Fixed } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import { intrinsicPerCoin, type OptionInstrument } from '../instrument/option-instrument.js';

export interface PremiumTransfer {
  /** Units the payer's wallet loses (> = received). */
  readonly paidUnits: bigint;
  /** Units the receiver's wallet gains. */
  readonly receivedUnits: bigint;
  /** paid - received: to the rounding account. */
  readonly roundingUnits: bigint;
}

/** A value owed by one side to the other, in units of `decimals`. */
export function premiumTransfer(amount: Fixed, decimals: number): PremiumTransfer {
  const paidUnits = toUnits(amount, decimals, 'ceil');
  const receivedUnits = toUnits(amount, decimals, 'floor');
  return { paidUnits, receivedUnits, roundingUnits: paidUnits - receivedUnits };
}

/** The premium of a fill: price x size x contract size (exact in kernel units, no rounding yet). */
export function fillPremium(instrument: Pick<OptionInstrument, 'contractSize'>, size: Fixed, price: Fixed): Fixed {
  // size x contractSize x price at E54, back to E18 rounded up: the premium owed by the buyer.
  return divRound(size * instrument.contractSize * price, 10n ** 36n, 'ceil');
}

/** What a long of `size` contracts receives (and a short pays) at settlement price `price`. */
export function settlementValue(instrument: Pick<OptionInstrument, 'kind' | 'right' | 'strike' | 'contractSize'>, size: Fixed, price: Fixed): Fixed {
  return mul(mul(abs(size), instrument.contractSize, 'ceil'), intrinsicPerCoin(instrument, price), 'ceil');
}

export interface OptionPositionState {
  /** Signed contracts: + long, - short. */
  readonly size: Fixed;
  /** Average premium per coin paid (long) or received (short). */
  readonly entryPrice: Fixed;
}

export interface OptionFillOutcome {
  readonly position: OptionPositionState;
  /** Premium-unit PnL realised by the part that closed (sign of the account), rounded down. */
  readonly realizedPnl: Fixed;
  readonly closedSize: Fixed;
  readonly openedSize: Fixed;
}

/**
 * A fill of `signedSize` contracts at `price` on a position: adding averages the entry price
 * (size-weighted, rounded toward the account: up for a long, down for a short); reducing realises
 * (price - entry) x closed coins x side; past zero the rest opens at `price`.
 */
export function applyOptionFill(instrument: Pick<OptionInstrument, 'contractSize'>, before: OptionPositionState, signedSize: Fixed, price: Fixed): OptionFillOutcome {
  const same = before.size === 0n || before.size > 0n === signedSize > 0n;
  if (same) {
    const size = before.size + signedSize;
    const cost = abs(before.size) * before.entryPrice + abs(signedSize) * price;
    const entryPrice = divRound(cost, abs(size), size > 0n ? 'ceil' : 'floor');
    return { position: { size, entryPrice }, realizedPnl: 0n, closedSize: 0n, openedSize: abs(signedSize) };
  }
  const closedSize = abs(signedSize) < abs(before.size) ? abs(signedSize) : abs(before.size);
  const sign = before.size > 0n ? 1n : -1n;
  const coins = mul(closedSize, instrument.contractSize, 'floor');
  const realizedPnl = mul(coins, (price - before.entryPrice) * sign, 'floor');
  const size = before.size + signedSize;
  const openedSize = abs(signedSize) - closedSize;
  const position = size === 0n ? { size: 0n, entryPrice: 0n } : openedSize > 0n ? { size, entryPrice: price } : { size, entryPrice: before.entryPrice };
  return { position, realizedPnl, closedSize, openedSize };
}
