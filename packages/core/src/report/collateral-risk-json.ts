/**
 * The `margin risk --json` shape of a multi-asset account: the pool in the reference currency
 * (owned equity and credit apart), each collateral asset's quantity, index, haircut and value, and
 * the positions as in the single-asset shape. Money is rounded against the account.
 */
import { ONE, formatFixed, type Fixed } from '../num/index.js';
import type { MultiAssetReport } from '../collateral/multi-asset-risk.js';
import type { AssetValuation, MultiAssetPool } from '../collateral/multi-asset-pool.js';
import type { Profile } from '../profile/profile.js';
import type { CreditFigures } from '../collateral/credit-line.js';
import { positionJson, reportFormatter, type PositionJson } from './risk-json.js';

export interface CollateralAssetJson {
  asset: string;
  quantity: string;
  indexPrice: string;
  /** Rate holdings are credited at (index less any bid buffer). */
  bidPrice: string;
  /** Rate loans and requirements are charged at (index plus any ask buffer). */
  askPrice: string;
  /** |quantity| x bid (holdings) or x ask (loans), before the haircut. */
  grossValue: string;
  /** Haircut of the slice the next unit falls in (1 - value ratio); 0 for loans. */
  haircut: string;
  /** Value counted toward margin (holdings). */
  value: string;
  /** Loan value at 100% (negative quantities). */
  liability: string;
  borrowInitialMargin: string;
  borrowMaintenanceMargin: string;
  overBorrowLimit: boolean;
}

export interface CreditJson {
  limit: string;
  used: string;
  available: string;
  loanToValue: string | null;
  status: string;
  canDraw: boolean;
}

export interface MultiAssetAccountJson {
  reference: string;
  equity: string;
  ownEquity: string;
  collateralValue: string;
  liabilities: string;
  unrealizedPnl: string;
  initialMargin: string;
  maintenanceMargin: string;
  orderMargin: string;
  marginRatio: string | null;
  availableBalance: string;
  withdrawable: string;
  liquidatable: boolean;
}

export interface MultiAssetRiskJson {
  profile: string;
  mode: 'multi-asset';
  snapshot: string;
  account: MultiAssetAccountJson;
  collateral: CollateralAssetJson[];
  credit: CreditJson | null;
  positions: PositionJson[];
}

/** The pool part of the shape (account figures, collateral breakdown, credit), for any reader. */
export function multiAssetPoolToJson(pool: MultiAssetPool, profile: Profile): Pick<MultiAssetRiskJson, 'account' | 'collateral' | 'credit'> {
  const f = reportFormatter({ profile } as Parameters<typeof reportFormatter>[0]);
  const asset = (a: AssetValuation): CollateralAssetJson => ({
    asset: a.asset,
    quantity: formatFixed(a.quantity),
    indexPrice: formatFixed(a.indexPrice),
    bidPrice: formatFixed(a.bidPrice),
    askPrice: formatFixed(a.askPrice),
    grossValue: f.money(a.grossValue, a.quantity < 0n ? 'ceil' : 'floor'),
    haircut: formatFixed(a.quantity < 0n ? 0n : ONE - a.marginalRatio),
    value: f.money(a.collateralValue, 'floor'),
    liability: f.money(a.liability, 'ceil'),
    borrowInitialMargin: f.money(a.borrowInitialMargin, 'ceil'),
    borrowMaintenanceMargin: f.money(a.borrowMaintenanceMargin, 'ceil'),
    overBorrowLimit: a.overBorrowLimit,
  });
  const credit = (c: CreditFigures): CreditJson => ({
    limit: f.money(c.limit, 'floor'),
    used: f.money(c.used, 'ceil'),
    available: f.money(c.available, 'floor'),
    loanToValue: f.ratio(c.loanToValue),
    status: c.status,
    canDraw: c.canDraw,
  });
  const money = (v: Fixed, r: 'floor' | 'ceil') => f.money(v, r);
  return {
    account: {
      reference: pool.reference,
      equity: money(pool.equity, 'floor'),
      ownEquity: money(pool.ownEquity, 'floor'),
      collateralValue: money(pool.collateralValue, 'floor'),
      liabilities: money(pool.liabilities, 'ceil'),
      unrealizedPnl: money(pool.unrealizedPnl, 'floor'),
      initialMargin: money(pool.initialMargin, 'ceil'),
      maintenanceMargin: money(pool.maintenanceMargin, 'ceil'),
      orderMargin: formatFixed(pool.orderMargin),
      marginRatio: f.ratio(pool.marginRatio),
      availableBalance: money(pool.availableBalance, 'floor'),
      withdrawable: money(pool.withdrawable, 'floor'),
      liquidatable: pool.liquidatable,
    },
    collateral: pool.assets.map(asset),
    credit: pool.credit === null ? null : credit(pool.credit),
  };
}

export function multiAssetRiskToJson(report: MultiAssetReport): MultiAssetRiskJson {
  const f = reportFormatter({ profile: report.profile } as Parameters<typeof reportFormatter>[0]);
  return {
    profile: report.profile.name,
    mode: 'multi-asset',
    snapshot: report.pool.snapshotId,
    ...multiAssetPoolToJson(report.pool, report.profile),
    positions: report.positions.map((p) => positionJson(p, f)),
  };
}
