/**
 * Applying a fill to a position: average entry, realised PnL on reduce, close and flip.
 *
 * A position is a signed size (+ long, - short, 0 flat) and an entry price. Average entry is
 * arithmetic in price for linear instruments and harmonic for inverse ones (equal-value weighting:
 * 50 @ 10,000 + 50 @ 15,000 -> 12,000, Bybit). The average entry is rounded against the holder
 * (a long's entry up, a short's down); realised PnL is rounded down. Fees are not folded into the
 * entry price: they are returned separately so the ledger books them as fees.
 */
import { divRound, type Fixed } from '../num/index.js';
import { isInverse, type Instrument } from '../instrument/instrument.js';
import { pnlBetween, type Side } from './position-math.js';
import { invariant } from '../errors.js';

export interface PositionState {
  /** Signed size in contracts: positive long, negative short, 0 flat. */
  readonly size: Fixed;
  /** Average entry price; 0 when flat. */
  readonly entryPrice: Fixed;
}

export interface FillOutcome {
  readonly position: PositionState;
  readonly realizedPnl: Fixed;
  /** Contracts closed by this fill (unsigned). */
  readonly closedSize: Fixed;
  /** Contracts opened or added by this fill (unsigned). */
  readonly openedSize: Fixed;
}

export const FLAT: PositionState = { size: 0n, entryPrice: 0n };

/** Average entry after adding `addSize` (unsigned) at `price` to `held` (unsigned) at `entry`. */
export function averageEntry(
  instrument: Instrument,
  side: Side,
  heldSize: Fixed,
  entryPrice: Fixed,
  addSize: Fixed,
  price: Fixed,
): Fixed {
  if (heldSize === 0n) return price;
  const rounding = side === 'long' ? 'ceil' : 'floor';
  if (isInverse(instrument.kind)) {
    // (h + a) / (h/entry + a/price) = (h + a) x entry x price / (h x price + a x entry)
    return divRound((heldSize + addSize) * entryPrice * price, heldSize * price + addSize * entryPrice, rounding);
  }
  return divRound(heldSize * entryPrice + addSize * price, heldSize + addSize, rounding);
}

/**
 * Apply a fill of signed size `fillSize` (+ buy, - sell) at `price`. With `allowFlip` false
 * (hedge mode, where each side is its own position) a fill that would cross zero throws.
 */
export function applyFill(
  instrument: Instrument,
  position: PositionState,
  fillSize: Fixed,
  price: Fixed,
  allowFlip = true,
): FillOutcome {
  invariant(fillSize !== 0n, 'fill size is not zero');
  invariant(price > 0n, 'fill price is positive');
  const held = position.size;
  const sameDirection = held === 0n || (held > 0n) === (fillSize > 0n);
  if (sameDirection) {
    const side: Side = fillSize > 0n ? 'long' : 'short';
    const heldAbs = held < 0n ? -held : held;
    const addAbs = fillSize < 0n ? -fillSize : fillSize;
    return {
      position: {
        size: held + fillSize,
        entryPrice: averageEntry(instrument, side, heldAbs, position.entryPrice, addAbs, price),
      },
      realizedPnl: 0n,
      closedSize: 0n,
      openedSize: addAbs,
    };
  }
  const heldSide: Side = held > 0n ? 'long' : 'short';
  const heldAbs = held < 0n ? -held : held;
  const fillAbs = fillSize < 0n ? -fillSize : fillSize;
  const closedSize = fillAbs < heldAbs ? fillAbs : heldAbs;
  const realizedPnl = pnlBetween(instrument, heldSide, closedSize, position.entryPrice, price, 'floor');
  const remaining = held + fillSize;
  if (remaining === 0n) return { position: FLAT, realizedPnl, closedSize, openedSize: 0n };
  const flipped = (remaining > 0n) !== (held > 0n);
  if (!flipped) {
    return { position: { size: remaining, entryPrice: position.entryPrice }, realizedPnl, closedSize, openedSize: 0n };
  }
  invariant(allowFlip, 'a hedge-mode fill does not cross zero');
  const openedSize = remaining < 0n ? -remaining : remaining;
  return { position: { size: remaining, entryPrice: price }, realizedPnl, closedSize, openedSize };
}
