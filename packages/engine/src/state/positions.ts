/**
 * Accounts and positions: lookup, creation and removal, keeping the scan arrays in step with the
 * exact state (every change of size, entry, wallet or isolated balance reaches its slot or pool).
 */
import { fixedToNumber, invariant, type Fixed, type MarginMode, type Side } from '@margin/core';
import { assetLedger, unitsToNumber, walletUnits } from './balances.js';
import { Account } from './account.js';
import { beforePoolChange } from './pool-watch.js';
import { notePoolPlain } from './pool-plain.js';
import { PositionRow, positionKind } from './position-row.js';
import { DetachedPosition } from './position-columns.js';
import type { EngineState, Market, Position, SymbolSetting } from './types.js';

const DEFAULT_SETTING: SymbolSetting = { leverage: null, margin: 'cross' };

export function newAccount(id: string): Account {
  return new Account(id);
}

export function settingOf(account: Account, symbol: string): SymbolSetting {
  return account.settings.get(symbol) ?? DEFAULT_SETTING;
}

export function positionKey(symbol: string, positionSide: Side | null): string {
  return positionSide === null ? symbol : `${symbol}/${positionSide}`;
}

/** Float quantity of the scan: size x contractSize. */
function scanQuantity(market: Market, size: Fixed): number {
  return fixedToNumber(size) * fixedToNumber(market.instrument.contractSize);
}

/** The cross pool row of (account, asset), created on first use. */
export function crossPool(state: EngineState, account: Account, asset: string): number {
  let pool = account.crossPoolOf(asset);
  if (pool === undefined) {
    const ledger = assetLedger(state, asset);
    pool = state.scan.addPool({ accountId: account.id, asset, positionKey: null }, unitsToNumber(walletUnits(account, asset), ledger.decimals));
    account.setCrossPool(asset, pool);
    notePoolPlain(state, account, pool, asset, false);
  }
  return pool;
}

export interface NewPosition {
  readonly symbol: string;
  readonly positionSide: Side | null;
  readonly size: Fixed;
  readonly entryPrice: Fixed;
  readonly margin: MarginMode;
  readonly isolatedUnits?: bigint;
  readonly level?: number;
}

export function openPosition(state: EngineState, account: Account, market: Market, spec: NewPosition): Position {
  invariant(spec.size !== 0n, 'a new position has a size');
  const key = positionKey(spec.symbol, spec.positionSide);
  invariant(!account.positions.has(key), `position ${key} of ${account.id} is new`);
  const asset = market.instrument.settle;
  const decimals = assetLedger(state, asset).decimals;
  const isolatedUnits = spec.isolatedUnits ?? 0n;
  const kind = positionKind(key, spec.symbol, spec.positionSide, spec.margin);
  // Detached until the account holds it: then its values move into the columns at its slot.
  const position: Position = new PositionRow(account.id, kind, new DetachedPosition(state.positionColumns, spec.size, spec.entryPrice, isolatedUnits, -1), -1);
  const pool =
    spec.margin === 'isolated'
      ? state.scan.addPool({ accountId: account.id, asset, positionKey: key }, unitsToNumber(isolatedUnits, decimals), spec.level ?? 0)
      : crossPool(state, account, asset);
  if (spec.margin === 'isolated') position.pool = pool;
  if (spec.margin === 'isolated') notePoolPlain(state, account, pool, asset, true);
  beforePoolChange(state, pool);
  position.slot = state.scan.addSlot(pool, market.symbolIndex, scanQuantity(market, spec.size), fixedToNumber(spec.entryPrice), position);
  account.positions.set(key, position);
  return position;
}

export function resizePosition(state: EngineState, market: Market, position: Position, size: Fixed, entryPrice: Fixed): void {
  invariant(size !== 0n, 'a resized position keeps a size (closing uses closePosition)');
  beforePoolChange(state, state.scan.poolOfSlot(position.slot));
  position.size = size;
  position.entryPrice = entryPrice;
  state.scan.updateSlot(position.slot, scanQuantity(market, size), fixedToNumber(entryPrice));
}

export function closePosition(state: EngineState, account: Account, position: Position): void {
  invariant(position.isolatedUnits === 0n, `closed position ${position.key} of ${account.id} has released its isolated margin`);
  beforePoolChange(state, state.scan.poolOfSlot(position.slot));
  state.scan.removeSlot(position.slot);
  if (position.pool >= 0) state.scan.removePool(position.pool);
  account.positions.delete(position.key);
}
