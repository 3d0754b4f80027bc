/**
 * Converting one collateral asset into another at the index with a stated discount: the seller
 * gives `quantity` of `from` and receives its index value less the discount, in `to`, rounded
 * down (the account never gains from rounding). Both legs are explicit so a ledger can book each
 * asset apart and conservation holds per asset (what the account gives, the counterparty gets).
 */
import { InputError, type PathSegment } from '../errors.js';
import { ONE, divRound, type Fixed } from '../num/index.js';

export interface ConversionQuote {
  readonly fromAsset: string;
  readonly toAsset: string;
  /** Quantity of `from` given, > 0. */
  readonly fromQuantity: Fixed;
  /** Quantity of `to` received, rounded down. */
  readonly toQuantity: Fixed;
  /** Price of one `from` in `to` at which the conversion is booked (index ratio less discount). */
  readonly price: Fixed;
  readonly discount: Fixed;
}

export function quoteConversion(
  fromAsset: string,
  toAsset: string,
  fromQuantity: Fixed,
  fromIndex: Fixed,
  toIndex: Fixed,
  discount: Fixed,
  path: readonly PathSegment[] = [],
): ConversionQuote {
  if (fromAsset === toAsset) throw new InputError([...path, 'toAsset'], `must differ from fromAsset "${fromAsset}"`);
  if (fromQuantity <= 0n) throw new InputError([...path, 'quantity'], 'must be positive');
  if (fromIndex <= 0n || toIndex <= 0n) throw new InputError([...path, 'indexPrice'], 'index prices of both assets must be positive');
  if (discount < 0n || discount >= ONE) throw new InputError([...path, 'discount'], 'must be at least 0 and below 1');
  // to = from x fromIndex x (1 - discount) / toIndex, one rounding down.
  const toQuantity = divRound(fromQuantity * fromIndex * (ONE - discount), toIndex * ONE, 'floor');
  const price = divRound(fromIndex * (ONE - discount), toIndex, 'floor');
  return { fromAsset, toAsset, fromQuantity, toQuantity, price, discount };
}

/**
 * The quantity of `from` to sell so that at least `needed` of `to` is received, rounded up, and
 * capped at `available` (then the proceeds fall short).
 */
export function quantityToCover(needed: Fixed, fromIndex: Fixed, toIndex: Fixed, discount: Fixed, available: Fixed): Fixed {
  if (needed <= 0n) return 0n;
  const q = divRound(needed * toIndex * ONE, fromIndex * (ONE - discount), 'ceil');
  return q > available ? available : q;
}
