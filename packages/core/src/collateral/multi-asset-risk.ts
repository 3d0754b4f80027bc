/**
 * Risk of a multi-asset cross pool with positions settled in any of its assets. Each settle
 * asset's positions are computed by the ordinary kernel (`computeRisk`) against a balance that
 * stands for the rest of the pool expressed in that asset (at its index, rounded down): so each
 * position's liquidation price is where the whole pool's equity meets its maintenance margin,
 * with every other asset, index and mark held fixed (docs/collateral.md).
 */
import { divRound, type Fixed } from '../num/index.js';
import { computeRisk } from '../risk/compute-risk.js';
import type { AccountSpec, PositionRisk, PositionSpec, RiskRequest } from '../risk/types.js';
import type { Profile } from '../profile/profile.js';
import type { Instrument } from '../instrument/instrument.js';
import { InputError } from '../errors.js';
import type { CollateralSnapshot } from './collateral-rules.js';
import type { CreditLineSpec } from './credit-line.js';
import { askOf, computeMultiAssetPool, settlePnlInReference, type AssetHolding, type MultiAssetPool, type SettleFigures } from './multi-asset-pool.js';

export interface MultiAssetRequest {
  readonly profile: Profile;
  readonly venueName: string;
  readonly snapshot: CollateralSnapshot;
  readonly positionMode: AccountSpec['positionMode'];
  readonly holdings: readonly AssetHolding[];
  readonly credit: CreditLineSpec | null;
  /** Reference currency. */
  readonly orderMargin: Fixed;
  readonly instruments: ReadonlyMap<string, Instrument>;
  readonly markPrices: ReadonlyMap<string, Fixed>;
  readonly positions: readonly PositionSpec[];
}

export interface MultiAssetReport {
  readonly profile: Profile;
  readonly venueName: string;
  readonly pool: MultiAssetPool;
  readonly positions: readonly PositionRisk[];
}

function settleOf(request: MultiAssetRequest, spec: PositionSpec): string {
  const instrument = request.instruments.get(spec.symbol);
  if (instrument === undefined) throw new InputError(['positions'], `unknown symbol "${spec.symbol}"`);
  return instrument.settle;
}

function groupRequest(request: MultiAssetRequest, asset: string, balance: Fixed, positions: readonly PositionSpec[]): RiskRequest {
  return {
    profile: request.profile,
    account: { balance, positionMode: request.positionMode, asset, orderMargin: 0n },
    instruments: request.instruments,
    markPrices: request.markPrices,
    positions,
  };
}

export function computeMultiAssetRisk(request: MultiAssetRequest): MultiAssetReport {
  const settles = [...new Set(request.positions.map((spec) => settleOf(request, spec)))];
  const holdingOf = new Map(request.holdings.map((h) => [h.asset, h]));
  settles.forEach((asset) => {
    if (!holdingOf.has(asset)) throw new InputError(['collateral', 'assets'], `needs an entry for settle asset ${asset} (quantity may be "0"; its index price converts the positions' PnL and margin)`);
  });
  const groups = settles.map((asset) => ({ asset, positions: request.positions.filter((spec) => settleOf(request, spec) === asset) }));

  // Pass 1: each group's own figures (PnL, IM, MM) do not depend on the balance, except a
  // bankruptcy-price close fee; a balance of the group's share of the pool is close enough there
  // and is replaced below by the exact rest-of-pool balance.
  const firstFigures = groups.map((group) => computeRisk(groupRequest(request, group.asset, 0n, group.positions), { withPrices: false }).account);
  const settleFigures = (accounts: readonly { unrealizedPnl: Fixed; initialMargin: Fixed; maintenanceMargin: Fixed }[]): SettleFigures[] =>
    groups.map((group, i) => ({
      asset: group.asset,
      unrealizedPnl: accounts[i]?.unrealizedPnl ?? 0n,
      initialMargin: accounts[i]?.initialMargin ?? 0n,
      maintenanceMargin: accounts[i]?.maintenanceMargin ?? 0n,
    }));
  const pool = computeMultiAssetPool({
    snapshot: request.snapshot,
    holdings: request.holdings,
    settles: settleFigures(firstFigures),
    credit: request.credit,
    orderMargin: request.orderMargin,
    path: ['collateral', 'assets'],
  });

  // Pass 2: per group, the rest of the pool in the group's asset. Liquidation: pool equity less
  // the other groups' MM and the loans' MM; bankruptcy: owned equity only (undrawn credit is the
  // lender's, not a loss buffer of the account).
  const byGroup = groups.map((group, i) => {
    const holding = holdingOf.get(group.asset);
    if (holding === undefined) throw new InputError(['collateral', 'assets'], `needs an entry for settle asset ${group.asset}`);
    // The group's own PnL and MM move with its marks; at a liquidation the PnL is a loss, charged
    // at the ask like the MM, so the rest of the pool is expressed in the asset at the ask.
    const index = askOf(holding);
    const own = firstFigures[i];
    const ownPnlRef = settlePnlInReference(own?.unrealizedPnl ?? 0n, holding);
    const ownMmRef = divRound((own?.maintenanceMargin ?? 0n) * index, 10n ** 18n, 'ceil');
    const restForLiquidation = pool.equity - pool.orderMargin - ownPnlRef - (pool.maintenanceMargin - ownMmRef);
    const restForBankruptcy = pool.ownEquity - ownPnlRef;
    const inAsset = (value: Fixed): Fixed => divRound(value * 10n ** 18n, index, 'floor');
    const liquidation = computeRisk(groupRequest(request, group.asset, inAsset(restForLiquidation), group.positions));
    const bankruptcy = computeRisk(groupRequest(request, group.asset, inAsset(restForBankruptcy), group.positions));
    return liquidation.positions.map((position, k) => ({
      ...position,
      bankruptcyPrice: bankruptcy.positions[k]?.bankruptcyPrice ?? null,
    }));
  });
  const positions = request.positions.map((spec) => {
    for (const list of byGroup) {
      const found = list.find((p) => p.spec === spec);
      if (found !== undefined) return found;
    }
    throw new InputError(['positions'], `position ${spec.symbol} not computed`);
  });
  return { profile: request.profile, venueName: request.venueName, pool, positions };
}
