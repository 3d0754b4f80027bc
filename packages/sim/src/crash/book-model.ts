/**
 * Order-book snapshots for the liquidation book executor: levels around the mark whose spacing
 * widens and whose depth thins when the price moves fast (a crash empties the book). Float
 * scenario maths, rounded onto the tick and lot grid.
 */
import { stepDecimals, type DemoMarket } from '../markets.js';

export const BOOK_LEVELS = 15;

export interface BookSides {
  readonly bids: [string, string][];
  readonly asks: [string, string][];
}

/**
 * `depthContracts`: contracts per level in calm markets; `move`: the absolute log return of the
 * last step (stress).
 */
export function bookAround(market: DemoMarket, mark: number, depthContracts: number, move: number): BookSides {
  const tick = Number(market.tickSize);
  const lot = Number(market.lotSize);
  const priceDigits = stepDecimals(market.tickSize);
  const sizeDigits = stepDecimals(market.lotSize);
  const stress = 1 + 60 * move;
  const spacingTicks = Math.max(1, Math.round((mark * 0.0002 * stress) / tick));
  const depth = Math.max(lot, Math.floor(depthContracts / stress / lot) * lot);
  const center = Math.round(mark / tick);
  const bids: [string, string][] = [];
  const asks: [string, string][] = [];
  for (let i = 0; i < BOOK_LEVELS; i++) {
    const size = (Math.floor((depth * (1 + i * 0.25)) / lot) * lot).toFixed(sizeDigits);
    const bidTicks = center - spacingTicks * (i + 1);
    if (bidTicks > 0) bids.push([(bidTicks * tick).toFixed(priceDigits), size]);
    asks.push([((center + spacingTicks * (i + 1)) * tick).toFixed(priceDigits), size]);
  }
  return { bids, asks };
}
