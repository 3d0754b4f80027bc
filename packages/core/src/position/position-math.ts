/**
 * Notional and PnL of a position, exact up to one named rounding each.
 *
 * Linear:  notional = size x contractSize x price (settle = quote),
 *          PnL      = side x size x contractSize x (exit - entry).
 * Inverse: notional = size x contractSize / price (settle = coin),
 *          PnL      = side x size x contractSize x (1/entry - 1/exit).
 */
import { ONE, divRound, type Fixed, type Rounding } from '../num/index.js';
import { isInverse, type Instrument } from '../instrument/instrument.js';

export type Side = 'long' | 'short';

export function sideSign(side: Side): 1n | -1n {
  return side === 'long' ? 1n : -1n;
}

const ONE_SQUARED = ONE * ONE;

/** Notional value of `size` contracts at `price`, in the settle asset. */
export function notionalAt(instrument: Instrument, size: Fixed, price: Fixed, rounding: Rounding = 'ceil'): Fixed {
  const quantity = size * instrument.contractSize; // E36
  if (isInverse(instrument.kind)) return divRound(quantity, price, rounding);
  return divRound(quantity * price, ONE_SQUARED, rounding);
}

/** PnL of `size` contracts (unsigned) held on `side` from `entryPrice` to `exitPrice`; floor. */
export function pnlBetween(
  instrument: Instrument,
  side: Side,
  size: Fixed,
  entryPrice: Fixed,
  exitPrice: Fixed,
  rounding: Rounding = 'floor',
): Fixed {
  const signedQuantity = sideSign(side) * size * instrument.contractSize; // E36
  const move = exitPrice - entryPrice;
  if (isInverse(instrument.kind)) {
    // q x (1/entry - 1/exit) = q x (exit - entry) / (entry x exit)
    return divRound(signedQuantity * move, entryPrice * exitPrice, rounding);
  }
  return divRound(signedQuantity * move, ONE_SQUARED, rounding);
}

/** Fee on a trade of `size` at `price` with `rate`, rounded up (charged). */
export function feeFor(instrument: Instrument, size: Fixed, price: Fixed, rate: Fixed): Fixed {
  const quantity = size * instrument.contractSize * rate; // E54
  if (isInverse(instrument.kind)) return divRound(quantity, price * ONE, 'ceil');
  return divRound(quantity * price, ONE_SQUARED * ONE, 'ceil');
}
