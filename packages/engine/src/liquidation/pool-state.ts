/**
 * One margin pool as the liquidation sees it, from the exact kernel: the cross pool of
 * (account, asset) or one isolated position. Equity and maintenance are the same numbers the
 * margin-call review and `accountRiskJson` use, so the engine liquidates exactly where the
 * reported liquidation price says.
 */
import { invariant, type Fixed, type PositionRisk, type RiskReport } from '@margin/core';
import { assetLedger, isolated, wallet, walletUnits, type Endpoint } from '../ledger/ledger.js';
import { currentView, riskOfView } from '../risk/pool-risk.js';
import { poolFigures, type PoolFigures } from '../risk/pool-figures.js';
import { optionRequirement } from '../risk/option-requirement.js';
import type { Account, EngineState, Position } from '../state/types.js';

export interface PoolRef {
  readonly account: Account;
  readonly asset: string;
  /** Isolated position key; null for the cross pool. */
  readonly positionKey: string | null;
}

export interface PoolMember {
  readonly position: Position;
  readonly risk: PositionRisk;
}

export interface PoolState {
  readonly equity: Fixed;
  readonly maintenance: Fixed;
  /** Ledger balance of the pool: the cross wallet, or the isolated account. */
  readonly balanceUnits: bigint;
  readonly members: readonly PoolMember[];
  readonly report: RiskReport;
}

/** `withPrices`: 'bankruptcy' solves only the bankruptcy prices (all a liquidation reads). */
export function poolState(state: EngineState, pool: PoolRef, withPrices: boolean | 'bankruptcy'): PoolState {
  const { account, asset, positionKey } = pool;
  const view = currentView(state, account, asset);
  const positions = view.positions.filter((p) => (positionKey === null ? p.margin === 'cross' : p.key === positionKey));
  const report = riskOfView(state, account, { ...view, positions, orders: positionKey === null ? view.orders : [] }, withPrices);
  const members = report.positions.map((risk, i) => {
    const key = positions[i]?.key;
    const position = key === undefined ? undefined : account.positions.get(key);
    invariant(position !== undefined, `pool member ${String(key)} of ${account.id} exists`);
    return { position, risk };
  });
  if (positionKey === null) {
    // A portfolio account's maintenance covers its options (ADR 0023, 0041): its equity counts their value too.
    const optionEquity = account.portfolioModel === null ? 0n : optionRequirement(state, account.id, asset).equity;
    return {
      equity: report.account.equity + optionEquity,
      maintenance: report.account.maintenanceMargin,
      balanceUnits: walletUnits(account, asset),
      members,
      report,
    };
  }
  const member = members[0];
  if (member === undefined) {
    // The isolated position is gone: nothing left in this pool.
    return { equity: 0n, maintenance: 0n, balanceUnits: 0n, members: [], report };
  }
  invariant(member.risk.isolated !== null, 'an isolated pool member has isolated figures');
  return {
    equity: member.risk.isolated.equity,
    maintenance: member.risk.maintenanceMargin,
    balanceUnits: member.position.isolatedUnits,
    members,
    report,
  };
}

/** The ledger account that holds a position's margin: its isolated account, or the wallet. */
export function holderOf(account: Account, position: Position): Endpoint {
  return position.margin === 'isolated' ? isolated(account, position) : wallet(account);
}

export function decimalsOf(state: EngineState, asset: string): number {
  return assetLedger(state, asset).decimals;
}

/** Equity and maintenance of the pool only (the fast exact path; price solves only where the profile needs them). */
export function poolTotals(state: EngineState, ref: PoolRef): PoolFigures {
  const fast = poolFigures(state, ref.account, ref.asset, ref.positionKey);
  if (fast !== null) return fast;
  const slow = poolState(state, ref, false);
  return { equity: slow.equity, maintenance: slow.maintenance };
}

/** Whether the pool still holds a position. */
export function poolHeld(state: EngineState, ref: PoolRef): boolean {
  if (ref.positionKey !== null) return ref.account.positions.has(ref.positionKey);
  for (const position of ref.account.positions.values()) {
    if (position.margin === 'cross' && state.markets.get(position.symbol)?.instrument.settle === ref.asset) return true;
  }
  return false;
}

/** Signed net contracts of `symbol` in the pool as it is now. */
export function poolNetSize(ref: PoolRef, symbol: string): Fixed {
  let net = 0n;
  for (const position of ref.account.positions.values()) {
    const inPool = ref.positionKey === null ? position.margin === 'cross' : position.key === ref.positionKey;
    if (inPool && position.symbol === symbol) net += position.size;
  }
  return net;
}
