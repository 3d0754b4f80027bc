/**
 * Borrowing interest accrued exactly over an interval the caller states (interest arrives as
 * commands carrying the time; no clock): principal x annual rate x elapsed / year, rounded up
 * (interest is charged to the account).
 */
import { InputError, type PathSegment } from '../errors.js';
import { ONE, divRound, type Fixed } from '../num/index.js';

/** The year interest rates are quoted over: 365 days, in ms. */
export const INTEREST_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

export function accruedInterest(principal: Fixed, annualRate: Fixed, fromMs: number, toMs: number, path: readonly PathSegment[] = []): Fixed {
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || toMs < fromMs) {
    throw new InputError([...path, 'toMs'], `must be a whole ms time at or after fromMs (${fromMs}), got ${toMs}`);
  }
  if (annualRate < 0n) throw new InputError([...path, 'annualRate'], 'must not be negative');
  if (principal <= 0n) return 0n;
  // principal (E18) x rate (E18) x ms / (E18 x year ms): one rounding.
  return divRound(principal * annualRate * BigInt(toMs - fromMs), ONE * BigInt(INTEREST_YEAR_MS), 'ceil');
}
