/**
 * Parameters of an OKX-style portfolio margin risk unit (one underlying). Sources: OKX
 * position-builder API (https://www.okx.com/docs-v5/en/#trading-account-rest-api-position-builder-new)
 * and the January 2025 parameter notice
 * (https://okx-api.aperture.finance/help/okx-will-further-adjust-portfolio-margin-parameters).
 * Dated snapshots live in the venue record (core/src/venues/okx-pm.ts).
 */
import type { Settlement } from '../revalue.js';

export interface OkxReductionTier {
  /** Upper bound of the unit's notional (quote) for this multiplier; null for the last tier. */
  readonly upToNotional: number | null;
  readonly multiplier: number;
}

export interface OkxPmParams {
  readonly unit: string;
  readonly settlement: Settlement;
  /** MR1 spot shocks on each side (0.04, 0.08, 0.12): with 0, seven moves. */
  readonly spotShocks: readonly number[];
  /** MR1 relative volatility shocks (0.3: vol x 1.3 and x 0.7). */
  readonly volShockUp: number;
  readonly volShockDown: number;
  /** MR4 basis: annualised move risk x years to expiry, at least `basisMinimum` (fractions of notional). */
  readonly annualisedMoveRisk: number;
  readonly basisMinimum: number;
  /** MR6 extreme move (0.24) and the fraction of its worst loss counted (0.5). */
  readonly extremeMove: number;
  readonly extremeFraction: number;
  /** MR7 position-reduction cost: rate of notional x the tier multiplier of the unit's notional. */
  readonly reductionRate: number;
  readonly reductionTiers: readonly OkxReductionTier[];
  /** MR8 borrowing: maintenance and initial rates of the liability. */
  readonly borrowMaintenanceRate: number;
  readonly borrowInitialRate: number;
  /** Initial = factor x maintenance (unit part), decimal text. */
  readonly initialFactor: string;
}
