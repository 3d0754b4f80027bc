/**
 * Full revaluation of one portfolio position under a price move and a volatility, for the crypto
 * grids (Deribit- and OKX-style): Black-76 on the shocked forward (r = 0, the crypto convention),
 * P&L gain-positive. Linear contracts settle in the quote currency; inverse (coin-settled)
 * contracts in the coin: a future of q coin-equivalent gains q (1 - 1/(1 + m)) coin on a move m,
 * an option is worth V / F coin (Deribit, Inverse Options:
 * https://support.deribit.com/hc/en-us/articles/25944688327069-Inverse-Options).
 */
import { black76Price, MS_PER_YEAR } from '../options/black76.js';
import { InputError, type PathSegment } from '../errors.js';
import type { PortfolioPosition } from './position.js';

export type Settlement = 'linear' | 'inverse';

/** A position with the market it is revalued from. */
export interface PricedPosition {
  readonly position: PortfolioPosition;
  /** Forward (the future of the same expiry, or the index for a perpetual), quote per unit. */
  readonly forward: number;
  /** Implied volatility of an option (1.00 = 100 %); ignored for futures. */
  readonly volatility: number | null;
}

export function checkPriced(priced: PricedPosition, nowMs: number, path: readonly PathSegment[]): void {
  if (!(priced.forward > 0 && Number.isFinite(priced.forward))) throw new InputError([...path, 'forward'], `must be a finite number greater than 0, got ${priced.forward}`);
  const p = priced.position;
  if (p.kind === 'option') {
    if (priced.volatility === null || !(priced.volatility > 0 && Number.isFinite(priced.volatility))) {
      throw new InputError([...path, 'volatility'], `an option needs a volatility greater than 0, got ${priced.volatility}`);
    }
    if (!(p.expiryMs > nowMs)) throw new InputError([...path, 'expiry'], `an option's expiry must be after the valuation time`);
  }
}

/** Years to expiry (ACT/365); 0 for a perpetual. */
export function yearsLeft(position: PortfolioPosition, nowMs: number): number {
  if (position.expiryMs === null) return 0;
  return Math.max(0, (position.expiryMs - nowMs) / MS_PER_YEAR);
}

/** Value of one unit (multiplier 1) in quote currency at forward F and volatility. */
function unitValue(position: PortfolioPosition, forward: number, volatility: number, timeYears: number): number {
  if (position.kind !== 'option') return forward;
  if (timeYears <= 0) return Math.max(position.optionType === 'call' ? forward - position.strike : position.strike - forward, 0);
  return black76Price(position.optionType === 'call', forward, position.strike, timeYears, volatility, 0);
}

/**
 * P&L (gain positive) of the position when the forward moves by the fraction `move` and the
 * volatility becomes `shockedVolatility`, in the settlement currency.
 */
export function scenarioPnl(priced: PricedPosition, settlement: Settlement, move: number, shockedVolatility: number, nowMs: number): number {
  const p = priced.position;
  const units = p.quantity * p.multiplier;
  const F = priced.forward;
  const shocked = F * (1 + move);
  if (p.kind === 'future') return settlement === 'linear' ? units * F * move : units * (1 - 1 / (1 + move));
  const T = yearsLeft(p, nowMs);
  const vol = priced.volatility ?? 0;
  const before = unitValue(p, F, vol, T);
  const after = unitValue(p, shocked, shockedVolatility, T);
  return settlement === 'linear' ? units * (after - before) : units * (after / shocked - before / F);
}

/** The position's current value (options: premium; futures: 0), in the settlement currency. */
export function positionValue(priced: PricedPosition, settlement: Settlement, nowMs: number): number {
  const p = priced.position;
  if (p.kind === 'future') return 0;
  const v = unitValue(p, priced.forward, priced.volatility ?? 0, yearsLeft(p, nowMs));
  return p.quantity * p.multiplier * (settlement === 'linear' ? v : v / priced.forward);
}

/** |quantity x multiplier x forward|: notional in quote currency (coin-equivalent x forward for inverse). */
export function notionalQuote(priced: PricedPosition): number {
  return Math.abs(priced.position.quantity * priced.position.multiplier * priced.forward);
}
