/**
 * Distance to liquidation: how far the mark may move, as a fraction of the mark, before the
 * liquidation price is reached. Rounded down (toward the smaller distance), so the figure a trader
 * reads never promises more room than there is.
 */
import { ONE, type Fixed } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';

/** |liquidation − mark| / mark, floored at E18; null when there is no liquidation price. */
export function liquidationDistance(markPrice: Fixed, liquidationPrice: Fixed | null): Fixed | null {
  if (liquidationPrice === null || markPrice <= 0n) return null;
  const gap = liquidationPrice > markPrice ? liquidationPrice - markPrice : markPrice - liquidationPrice;
  return divRound(gap * ONE, markPrice, 'floor');
}
