/**
 * Equity and maintenance margin of an account's pools, exactly as core's `computeRisk` computes
 * them: core's pool kernel (core/src/risk/pool-kernel.ts: notional up, PnL down, tier maintenance
 * up, fee to close at the mark up), without report objects, initial margins or price solves.
 * This is what the margin-call review and the liquidation trigger need for every account a price
 * move flags, so it is their hot path (docs/risk-scan.md, "Confirm").
 *
 * Profiles whose maintenance includes the fee to close at the bankruptcy price (Bybit) need the
 * bankruptcy price, i.e. a price solve: for them this returns null and callers use `computeRisk`.
 * A property test asserts equality with `computeRisk` after every command of random streams.
 */
import { createPoolLegs, fromUnits, legMaintenance, legPnl, poolKernelSupports, poolSums, pushLeg, type Fixed, type PoolSums } from '@margin/core';
import { assetDecimals, walletUnits } from '../ledger/ledger.js';
import type { Account, EngineState, Position } from '../state/types.js';
import { optionRequirement } from './option-requirement.js';
import { portfolioMaintenance } from '../portfolio/portfolio-account.js';

/** Scratch columns of `accountFigures` (one call at a time: it does not re-enter). */
const scratchCrossLegs = createPoolLegs();
const scratchSums: PoolSums = { equity: 0n, maintenance: 0n };

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
  // Core's pool kernel: the arithmetic computeRisk is property-tested against.
  const size = position.size < 0n ? -position.size : position.size;
  return {
    pnl: legPnl(instrument, position.size, position.entryPrice, markPrice),
    maintenance: legMaintenance(state.profile, instrument, size, position.entryPrice, markPrice),
  };
}

/** The account's pools in `asset`, or null when the profile needs price solves for maintenance. */
export function accountFigures(state: EngineState, account: Account, asset: string): AccountFigures | null {
  if (!poolKernelSupports(state.profile)) return null;
  const decimals = assetDecimals(state, asset);
  const wallet = walletUnits(account, asset);
  // The cross legs go through core's poolSums over reused columns (its shared products: about a
  // third fewer bigint operations per leg than legPnl + legMaintenance, no object per position).
  const crossLegs = scratchCrossLegs;
  crossLegs.count = 0;
  const isolated = new Map<string, PoolFigures>();
  for (const position of account.positions.values()) {
    const market = state.markets.get(position.symbol);
    if (market?.instrument.settle !== asset) continue;
    if (position.margin === 'isolated') {
      const { pnl, maintenance } = positionFigures(state, position);
      isolated.set(position.key, { equity: fromUnits(position.isolatedUnits, decimals) + pnl, maintenance });
    } else {
      if (market.markPrice === null) throw new RangeError(`condition failed: market ${position.symbol} has a mark`);
      pushLeg(crossLegs, market.instrument, position.size, position.entryPrice, market.markPrice);
    }
  }
  const crossCount = crossLegs.count;
  const { equity: crossPnl, maintenance: crossMaintenance } = poolSums(state.profile, 0n, crossLegs, scratchSums);
  // Option positions sit in the cross pool (ADR 0022). An account in portfolio margin: the cross
  // maintenance is the portfolio model's over its futures and options (ADR 0023), and
  // optionRequirement adds only the options' value (its maintenance is 0 for such an account).
  const options = optionRequirement(state, account.id, asset);
  const held = crossCount > 0 || options.positions.length > 0;
  const portfolio = held ? portfolioMaintenance(state, account, asset) : null;
  const cross = !held ? null : { equity: fromUnits(wallet, decimals) + crossPnl + options.equity, maintenance: (portfolio ?? crossMaintenance) + options.maintenanceMargin };
  return { cross, walletUnits: wallet, isolated };
}

/** One pool's figures (cross when `positionKey` is null); null when the profile needs price solves. */
export function poolFigures(state: EngineState, account: Account, asset: string, positionKey: string | null): PoolFigures | null {
  const figures = accountFigures(state, account, asset);
  if (figures === null) return null;
  if (positionKey === null) return figures.cross ?? { equity: fromUnits(figures.walletUnits, assetDecimals(state, asset)), maintenance: 0n };
  return figures.isolated.get(positionKey) ?? { equity: 0n, maintenance: 0n };
}
