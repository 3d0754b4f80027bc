/**
 * Impact prices: the average price at which a market order of `impactNotional` (quote currency)
 * would fill against one side of an order-book snapshot, walking levels from the best price.
 *
 * Linear contracts: a level of `size` contracts at `price` holds size x contractSize x price of
 * quote. Inverse contracts: a level holds size x contractSize of quote (USD) whatever the price.
 * Either way the average fill price is quote filled / base filled, so for inverse books it is the
 * harmonic mean. The last level is filled partially. Exact rationals inside; the impact bid rounds
 * down and the impact ask rounds up (the worse fill for the taker). A book too thin to fill the
 * notional has no impact price (null) and says how much it could fill.
 */
import type { Fixed } from '../num/fixed.js';
import { div, mul } from '../num/fixed.js';
import { Rational, R0 } from '../num/rational.js';
import { InputError, invariant, type PathSegment } from '../errors.js';
import { formatFixed } from '../num/decimal.js';

export interface ImpactBookLevel {
  readonly price: Fixed;
  /** Size in contracts. */
  readonly size: Fixed;
}

export type BookSide = 'bid' | 'ask';

export interface ImpactContract {
  readonly inverse: boolean;
  readonly contractSize: Fixed;
}

export interface ImpactPrice {
  readonly side: BookSide;
  /** Average fill price of the impact notional, or null when the book is too thin. */
  readonly price: Fixed | null;
  readonly impactNotional: Fixed;
  /** Quote the book could fill (= impactNotional when price is not null). */
  readonly filledNotional: Fixed;
  readonly levelsUsed: number;
}

/** Levels must run from the best price outward: bids strictly falling, asks strictly rising. */
export function checkBookOrder(levels: readonly ImpactBookLevel[], side: BookSide, path: readonly PathSegment[]): void {
  levels.forEach((level, index) => {
    if (level.price <= 0n) throw new InputError([...path, index, 'price'], 'must be greater than 0');
    if (level.size <= 0n) throw new InputError([...path, index, 'size'], 'must be greater than 0');
    const previous = levels[index - 1];
    if (previous === undefined) return;
    const ok = side === 'bid' ? level.price < previous.price : level.price > previous.price;
    if (!ok) {
      const order = side === 'bid' ? 'falling (best bid first)' : 'rising (best ask first)';
      throw new InputError([...path, index, 'price'], `${side} levels must be strictly ${order}: "${formatFixed(level.price)}" after "${formatFixed(previous.price)}"`);
    }
  });
}

/** Walk one side of the book for `impactNotional` of quote currency. */
export function computeImpactPrice(
  levels: readonly ImpactBookLevel[],
  side: BookSide,
  impactNotional: Fixed,
  contract: ImpactContract,
): ImpactPrice {
  invariant(impactNotional > 0n, 'impact notional is positive');
  const target = Rational.fromFixed(impactNotional);
  const contractSize = Rational.fromFixed(contract.contractSize);
  let quote = R0;
  let base = R0;
  let levelsUsed = 0;
  for (const level of levels) {
    const price = Rational.fromFixed(level.price);
    const size = Rational.fromFixed(level.size);
    const levelQuote = contract.inverse ? size.mul(contractSize) : size.mul(contractSize).mul(price);
    levelsUsed++;
    const remaining = target.sub(quote);
    if (levelQuote.cmp(remaining) >= 0) {
      quote = target;
      base = base.add(remaining.div(price));
      break;
    }
    quote = quote.add(levelQuote);
    base = base.add(levelQuote.div(price));
  }
  if (quote.cmp(target) < 0) {
    return { side, price: null, impactNotional, filledNotional: quote.toUnits(18, 'floor'), levelsUsed };
  }
  const average = quote.div(base).toUnits(18, side === 'bid' ? 'floor' : 'ceil');
  return { side, price: average, impactNotional, filledNotional: impactNotional, levelsUsed };
}

/** Binance: IMN = 200 USDT / initial rate at max leverage; dYdX: 500 USDC / IMF. Rounded up. */
export function impactNotionalFromMargin(impactMargin: Fixed, initialRate: Fixed): Fixed {
  invariant(initialRate > 0n, 'initial rate is positive');
  return div(impactMargin, initialRate, 'ceil');
}

/** The same from the max leverage: margin / (1 / maxLeverage) = margin x maxLeverage, exact. */
export function impactNotionalAtLeverage(impactMargin: Fixed, maxLeverage: Fixed): Fixed {
  invariant(maxLeverage > 0n, 'max leverage is positive');
  return mul(impactMargin, maxLeverage, 'ceil');
}
