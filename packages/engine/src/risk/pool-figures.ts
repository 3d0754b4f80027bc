/**
 * Equity and maintenance margin of an account's pools, exactly as core's `computeRisk` computes
 * them (the same kernel functions and roundings: notional up, PnL down, tier maintenance up, fee
 * to close at the mark up), without its report objects, maps, initial margins or price solves.
 * This is what the margin-call review and the liquidation trigger need for every account a price
 * move flags, so it is their hot path (docs/risk-scan.md, "Confirm").
 *
 * Profiles whose maintenance includes the fee to close at the bankruptcy price (Bybit) need the
 * bankruptcy price, i.e. a price solve: for them this returns null and callers use `computeRisk`.
 * A property test asserts equality with `computeRisk` after every command of random streams.
 */
import {
  feeFor,
  fromUnits,
  maintenanceForTier,
  notionalAt,
  pnlBetween,
  tierAt,
  tierIndexForPosition,
  type Fixed,
} from '@margin/core';
import { assetDecimals, walletUnits } from '../ledger/ledger.js';
import type { Account, EngineState, Position } from '../state/types.js';
import { portfolioMaintenance } from '../portfolio/portfolio-account.js';

export interface PoolFigures {
  readonly equity: Fixed;
  readonly maintenance: Fixed;
}

export interface AccountFigures {
  /** The cross pool; null when the account holds no cross position in the asset. */
  readonly cross: PoolFigures | null;
  /** Cross wallet balance (the cross pool's balance even without positions). */
  readonly walletUnits: bigint;
  /** Each isolated position of the asset, by key. */
  readonly isolated: ReadonlyMap<string, PoolFigures>;
}

function positionFigures(state: EngineState, position: Position): { pnl: Fixed; maintenance: Fixed } {
  const market = state.markets.get(position.symbol);
  if (market === undefined || market.markPrice === null) throw new RangeError(`condition failed: market ${position.symbol} has a mark`);
  const { instrument, markPrice } = market;
  const profile = state.profile;
  const long = position.size > 0n;
  const size = long ? position.size : -position.size;
  const valuePrice = profile.positionValueBasis === 'entry' ? position.entryPrice : markPrice;
  const valueNotional = notionalAt(instrument, size, valuePrice, 'ceil');
  const tier = tierAt(instrument.tiers, tierIndexForPosition(instrument.tiers, valueNotional, size));
  let maintenance = maintenanceForTier(tier, valueNotional);
  if (profile.maintenanceCloseFee === 'mark' && instrument.takerFeeRate !== null && instrument.takerFeeRate !== 0n) {
    maintenance += feeFor(instrument, size, markPrice, instrument.takerFeeRate);
  }
  return { pnl: pnlBetween(instrument, long ? 'long' : 'short', size, position.entryPrice, markPrice, 'floor'), maintenance };
}

/** The account's pools in `asset`, or null when the profile needs price solves for maintenance. */
export function accountFigures(state: EngineState, account: Account, asset: string): AccountFigures | null {
  if (state.profile.maintenanceCloseFee === 'bankruptcy') return null;
  const decimals = assetDecimals(state, asset);
  const wallet = walletUnits(account, asset);
  let crossCount = 0;
  let crossPnl = 0n;
  let crossMaintenance = 0n;
  const isolated = new Map<string, PoolFigures>();
  for (const position of account.positions.values()) {
    if (state.markets.get(position.symbol)?.instrument.settle !== asset) continue;
    const { pnl, maintenance } = positionFigures(state, position);
    if (position.margin === 'isolated') {
      isolated.set(position.key, { equity: fromUnits(position.isolatedUnits, decimals) + pnl, maintenance });
    } else {
      crossCount++;
      crossPnl += pnl;
      crossMaintenance += maintenance;
    }
  }
  // An account in portfolio margin: the cross maintenance is the portfolio model's.
  const portfolio = crossCount === 0 ? null : portfolioMaintenance(state, account, asset);
  const cross = crossCount === 0 ? null : { equity: fromUnits(wallet, decimals) + crossPnl, maintenance: portfolio ?? crossMaintenance };
  return { cross, walletUnits: wallet, isolated };
}

/** One pool's figures (cross when `positionKey` is null); null when the profile needs price solves. */
export function poolFigures(state: EngineState, account: Account, asset: string, positionKey: string | null): PoolFigures | null {
  const figures = accountFigures(state, account, asset);
  if (figures === null) return null;
  if (positionKey === null) return figures.cross ?? { equity: fromUnits(figures.walletUnits, assetDecimals(state, asset)), maintenance: 0n };
  return figures.isolated.get(positionKey) ?? { equity: 0n, maintenance: 0n };
}
