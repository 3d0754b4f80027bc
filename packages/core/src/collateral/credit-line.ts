/**
 * A credit line: the lender's undrawn limit counts toward margin (never toward owned equity, never
 * withdrawable); what is drawn (principal + interest) is a liability at 100%. Calls by
 * loan-to-value bands: LTV = creditUsed / haircut collateral value.
 */
import { InputError, type PathSegment } from '../errors.js';
import { div, max, type Fixed } from '../num/index.js';

export interface LtvBands {
  /** Largest LTV at which a new draw is allowed. */
  readonly initial: Fixed;
  /** At or above: margin call (notify). */
  readonly marginCall: Fixed;
  /** At or above: liquidation (sell collateral, repay). */
  readonly liquidation: Fixed;
}

export interface CreditLineSpec {
  /** Limit in the reference currency, >= 0. */
  readonly limit: Fixed;
  /** Drawn principal plus accrued interest, reference currency, >= 0. */
  readonly used: Fixed;
  readonly bands: LtvBands | null;
}

export type LtvStatus = 'none' | 'ok' | 'margin-call' | 'liquidation';

export interface CreditFigures {
  readonly limit: Fixed;
  readonly used: Fixed;
  /** limit - used, never below 0: the part that counts toward margin. */
  readonly available: Fixed;
  /** used / haircut collateral value, rounded up; null when nothing is drawn or there is no collateral and nothing drawn. */
  readonly loanToValue: Fixed | null;
  readonly status: LtvStatus;
  /** A new draw is allowed (LTV below the initial band and limit left). */
  readonly canDraw: boolean;
}

export function validateCreditLine(spec: CreditLineSpec, path: readonly PathSegment[]): CreditLineSpec {
  if (spec.limit < 0n) throw new InputError([...path, 'limit'], 'must not be negative (a credit line limit is >= 0)');
  if (spec.used < 0n) throw new InputError([...path, 'used'], 'must not be negative (drawn credit is >= 0)');
  const bands = spec.bands;
  if (bands !== null) {
    if (bands.initial <= 0n) throw new InputError([...path, 'bands', 'initial'], 'must be positive');
    if (bands.marginCall < bands.initial) throw new InputError([...path, 'bands', 'marginCall'], 'must be >= bands.initial (bands ascend: initial <= marginCall <= liquidation)');
    if (bands.liquidation < bands.marginCall) throw new InputError([...path, 'bands', 'liquidation'], 'must be >= bands.marginCall (bands ascend: initial <= marginCall <= liquidation)');
  }
  return spec;
}

export function creditFigures(spec: CreditLineSpec, collateralValue: Fixed): CreditFigures {
  const available = max(0n, spec.limit - spec.used);
  let loanToValue: Fixed | null = null;
  if (spec.used > 0n) loanToValue = collateralValue > 0n ? div(spec.used, collateralValue, 'ceil') : null;
  let status: LtvStatus = 'none';
  if (spec.bands !== null && spec.used > 0n) {
    // No collateral at all against a drawn loan: the worst band.
    const ltv = loanToValue ?? spec.bands.liquidation;
    status = ltv >= spec.bands.liquidation ? 'liquidation' : ltv >= spec.bands.marginCall ? 'margin-call' : 'ok';
  } else if (spec.bands !== null) status = 'ok';
  const belowInitial = spec.bands === null || spec.used === 0n || (loanToValue !== null && loanToValue < spec.bands.initial);
  return { limit: spec.limit, used: spec.used, available, loanToValue, status, canDraw: available > 0n && belowInitial };
}
