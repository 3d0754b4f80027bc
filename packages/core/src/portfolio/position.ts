/**
 * The portfolio position of scenario maths: a future (or perpetual) or a European option on one
 * underlying, with a signed quantity in contracts and a multiplier (units of the underlying per
 * contract). Kept apart from the engine's instruments so portfolio maths needs nothing above it;
 * the engine maps its positions into this shape (a later round).
 */
import { InputError, type PathSegment } from '../errors.js';

export type PortfolioOptionKind = 'call' | 'put';

export interface PortfolioFuture {
  readonly kind: 'future';
  readonly id: string;
  readonly underlying: string;
  /** Signed contracts: long > 0. */
  readonly quantity: number;
  /** Units of the underlying per contract. */
  readonly multiplier: number;
  /** Expiry in ms since the epoch; null for a perpetual. */
  readonly expiryMs: number | null;
}

export interface PortfolioOption {
  readonly kind: 'option';
  readonly id: string;
  readonly underlying: string;
  readonly quantity: number;
  readonly multiplier: number;
  readonly optionType: PortfolioOptionKind;
  readonly strike: number;
  readonly expiryMs: number;
}

export type PortfolioPosition = PortfolioFuture | PortfolioOption;

/** Refuses a quantity or multiplier that is not a finite number (a multiplier must be > 0). */
export function checkPortfolioPosition(position: PortfolioPosition, path: readonly PathSegment[]): void {
  if (!Number.isFinite(position.quantity)) throw new InputError([...path, 'quantity'], `must be a finite number, got ${position.quantity}`);
  if (!(position.multiplier > 0 && Number.isFinite(position.multiplier))) {
    throw new InputError([...path, 'multiplier'], `must be a finite number greater than 0, got ${position.multiplier}`);
  }
  if (position.kind === 'option' && !(position.strike > 0 && Number.isFinite(position.strike))) {
    throw new InputError([...path, 'strike'], `must be a finite number greater than 0, got ${position.strike}`);
  }
}
