/**
 * One cross pool holding several assets, measured in a reference currency. Positive balances
 * count at their index price after the tiered haircut; negative balances (loans) count at 100% of
 * their index value and carry the venue's borrow margin; position PnL and requirements come per
 * settle asset and are converted at that asset's index (PnL rounded down, requirements up). A
 * credit line's undrawn part counts toward margin, reported apart and never withdrawable.
 */
import { InputError, type PathSegment } from '../errors.js';
import { div, max, mul, type Fixed } from '../num/index.js';
import { collateralAssetRule, type CollateralSnapshot } from './collateral-rules.js';
import { haircutValue, marginalRatio } from './haircut-tiers.js';
import { creditFigures, type CreditFigures, type CreditLineSpec } from './credit-line.js';

export interface AssetHolding {
  readonly asset: string;
  /** Signed quantity: negative is a loan. */
  readonly quantity: Fixed;
  /** Reference currency per unit, > 0. */
  readonly indexPrice: Fixed;
  /** Rate holdings and gains are credited at (index less the venue's bid buffer); default the index. */
  readonly bidPrice?: Fixed;
  /** Rate loans, losses and requirements are charged at (index plus the ask buffer); default the index. */
  readonly askPrice?: Fixed;
}

export const bidOf = (h: AssetHolding): Fixed => h.bidPrice ?? h.indexPrice;
export const askOf = (h: AssetHolding): Fixed => h.askPrice ?? h.indexPrice;

/** A settle asset's cross positions, in that asset's units. */
export interface SettleFigures {
  readonly asset: string;
  readonly unrealizedPnl: Fixed;
  readonly initialMargin: Fixed;
  readonly maintenanceMargin: Fixed;
}

export interface AssetValuation {
  readonly asset: string;
  readonly quantity: Fixed;
  readonly indexPrice: Fixed;
  readonly bidPrice: Fixed;
  readonly askPrice: Fixed;
  /** |quantity| x bid (holdings, down) or x ask (loans, up), before any haircut. */
  readonly grossValue: Fixed;
  /** Ratio of the slice the next unit falls in (1 - haircut); 1 for loans. */
  readonly marginalRatio: Fixed;
  /** Value after the haircut (holdings only; 0 for loans). */
  readonly collateralValue: Fixed;
  /** Loan value at 100% (loans only). */
  readonly liability: Fixed;
  readonly borrowInitialMargin: Fixed;
  readonly borrowMaintenanceMargin: Fixed;
  /** The loan exceeds the venue's borrow limit for the asset. */
  readonly overBorrowLimit: boolean;
}

export interface MultiAssetPool {
  readonly reference: string;
  readonly snapshotId: string;
  readonly assets: readonly AssetValuation[];
  /** Sum of haircut holdings. */
  readonly collateralValue: Fixed;
  readonly liabilities: Fixed;
  /** Positions' PnL in the reference currency. */
  readonly unrealizedPnl: Fixed;
  /** collateral - liabilities - credit used + PnL: what the account owns. */
  readonly ownEquity: Fixed;
  readonly credit: CreditFigures | null;
  /** ownEquity + undrawn credit: what backs the requirements. */
  readonly equity: Fixed;
  readonly initialMargin: Fixed;
  readonly maintenanceMargin: Fixed;
  readonly orderMargin: Fixed;
  /** MM / equity, up; null when equity <= 0 and MM > 0 (or both 0). */
  readonly marginRatio: Fixed | null;
  /** equity - IM - order margin, >= 0. */
  readonly availableBalance: Fixed;
  /** Own equity - IM - order margin, >= 0: credit is never withdrawable. */
  readonly withdrawable: Fixed;
  readonly liquidatable: boolean;
}

export interface MultiAssetPoolInput {
  readonly snapshot: CollateralSnapshot;
  readonly holdings: readonly AssetHolding[];
  readonly settles: readonly SettleFigures[];
  readonly credit: CreditLineSpec | null;
  /** Margin of open orders, reference currency. */
  readonly orderMargin: Fixed;
  /** Input path of the holdings list, for errors. */
  readonly path?: readonly PathSegment[];
}

export function valueAsset(snapshot: CollateralSnapshot, holding: AssetHolding, path: readonly PathSegment[]): AssetValuation {
  const rule = collateralAssetRule(snapshot, holding.asset, [...path, 'asset']);
  if (holding.indexPrice <= 0n) throw new InputError([...path, 'indexPrice'], 'must be positive');
  const bidPrice = bidOf(holding);
  const askPrice = askOf(holding);
  if (bidPrice <= 0n || bidPrice > askPrice) throw new InputError([...path, 'bidBuffer'], 'must leave 0 < bid <= ask');
  if (holding.quantity < 0n && !rule.borrowable) {
    throw new InputError([...path, 'quantity'], `is negative but ${holding.asset} cannot be borrowed in snapshot ${snapshot.id} (negative balances not allowed)`);
  }
  if (holding.quantity >= 0n) {
    return {
      asset: holding.asset,
      quantity: holding.quantity,
      indexPrice: holding.indexPrice,
      bidPrice,
      askPrice,
      grossValue: mul(holding.quantity, bidPrice, 'floor'),
      marginalRatio: marginalRatio(holding.quantity, bidPrice, rule.haircut),
      collateralValue: haircutValue(holding.quantity, bidPrice, rule.haircut),
      liability: 0n,
      borrowInitialMargin: 0n,
      borrowMaintenanceMargin: 0n,
      overBorrowLimit: false,
    };
  }
  const loan = -holding.quantity;
  const liability = mul(loan, askPrice, 'ceil');
  return {
    asset: holding.asset,
    quantity: holding.quantity,
    indexPrice: holding.indexPrice,
    bidPrice,
    askPrice,
    grossValue: liability,
    marginalRatio: 10n ** 18n,
    collateralValue: 0n,
    liability,
    borrowInitialMargin: mul(liability, rule.borrowInitialRate, 'ceil'),
    borrowMaintenanceMargin: mul(liability, rule.borrowMaintenanceRate, 'ceil'),
    overBorrowLimit: rule.borrowLimit !== null && loan > rule.borrowLimit,
  };
}

export function computeMultiAssetPool(input: MultiAssetPoolInput): MultiAssetPool {
  const path = input.path ?? ['holdings'];
  const seen = new Set<string>();
  const assets = input.holdings.map((holding, i) => {
    if (seen.has(holding.asset)) throw new InputError([...path, i, 'asset'], `duplicate asset "${holding.asset}"`);
    seen.add(holding.asset);
    return valueAsset(input.snapshot, holding, [...path, i]);
  });
  const holdingOf = new Map(input.holdings.map((h) => [h.asset, h]));
  let unrealizedPnl = 0n;
  let initialMargin = 0n;
  let maintenanceMargin = 0n;
  for (const settle of input.settles) {
    const holding = holdingOf.get(settle.asset);
    if (holding === undefined) throw new InputError(path, `needs an entry for settle asset ${settle.asset} (its index price converts the positions' PnL and margin)`);
    // Gains credited at the bid, losses and requirements charged at the ask.
    unrealizedPnl += settlePnlInReference(settle.unrealizedPnl, holding);
    initialMargin += mul(settle.initialMargin, askOf(holding), 'ceil');
    maintenanceMargin += mul(settle.maintenanceMargin, askOf(holding), 'ceil');
  }
  for (const a of assets) {
    initialMargin += a.borrowInitialMargin;
    maintenanceMargin += a.borrowMaintenanceMargin;
  }
  const collateralValue = assets.reduce((s, a) => s + a.collateralValue, 0n);
  const liabilities = assets.reduce((s, a) => s + a.liability, 0n);
  const credit = input.credit === null ? null : creditFigures(input.credit, collateralValue);
  const ownEquity = collateralValue - liabilities - (credit?.used ?? 0n) + unrealizedPnl;
  const equity = ownEquity + (credit?.available ?? 0n);
  const marginRatio = equity > 0n ? div(maintenanceMargin, equity, 'ceil') : null;
  return {
    reference: input.snapshot.reference,
    snapshotId: input.snapshot.id,
    assets,
    collateralValue,
    liabilities,
    unrealizedPnl,
    ownEquity,
    credit,
    equity,
    initialMargin,
    maintenanceMargin,
    orderMargin: input.orderMargin,
    marginRatio,
    availableBalance: max(0n, equity - initialMargin - input.orderMargin),
    withdrawable: max(0n, (ownEquity < equity ? ownEquity : equity) - initialMargin - input.orderMargin),
    liquidatable: maintenanceMargin > 0n && equity < maintenanceMargin,
  };
}

/** A settle asset's PnL in the reference currency: gains at the bid (down), losses at the ask (up). */
export function settlePnlInReference(pnl: Fixed, holding: AssetHolding): Fixed {
  return pnl >= 0n ? mul(pnl, bidOf(holding), 'floor') : -mul(-pnl, askOf(holding), 'ceil');
}
