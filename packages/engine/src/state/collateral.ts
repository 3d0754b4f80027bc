/**
 * Collateral state of multi-asset accounts (docs/collateral.md): per asset its haircut tiers,
 * borrowing rules and the last index price (kept on the asset's ledger), per account its credit
 * line. Objects are replaced, never mutated, so a preview's memento restores them by reference.
 */
import type { CreditLineSpec, Fixed, HaircutTable } from '@margin/core';

export interface AssetCollateral {
  /** Currency the index price is quoted in (USD in every documented venue mode). */
  readonly reference: string;
  readonly haircut: HaircutTable;
  readonly borrowable: boolean;
  readonly borrowInitialRate: Fixed;
  readonly borrowMaintenanceRate: Fixed;
  readonly borrowLimit: Fixed | null;
  /** Snapshot id the rules came from, or null when given in full. */
  readonly snapshot: string | null;
  readonly indexPrice: Fixed | null;
  readonly bidPrice: Fixed | null;
  readonly askPrice: Fixed | null;
  readonly priceTimeMs: number | null;
}

export type { CreditLineSpec };
