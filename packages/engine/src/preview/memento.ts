/**
 * Saved copies of the exact state a preview reached (accounts, markets, asset ledgers), put back
 * into the same objects on rollback, so every reference the state holds (scan rows to positions,
 * the maps to accounts) stays valid. Each memento costs the size of the object it saves.
 */
import type { BookLevel } from '@margin/core';
import type { Account, AssetLedger, Market, Order, Position, SymbolSetting, SystemAccount } from '../state/types.js';
import { portfolioModelsChanged } from '../portfolio/model-epoch.js';

type Fields<T, K extends keyof T> = Pick<T, K>;
type PositionFields = Fields<Position, 'size' | 'entryPrice' | 'isolatedUnits' | 'slot' | 'pool'>;

export interface AccountMemento {
  readonly account: Account;
  readonly positionMode: Account['positionMode'];
  readonly portfolioModel: Account['portfolioModel'];
  readonly wallets: [string, bigint][];
  readonly positions: [string, Position, PositionFields][];
  readonly settings: [string, SymbolSetting, SymbolSetting][];
  readonly orders: [string, Order, Order['size']][];
  readonly crossPools: [string, number][];
  readonly creditLine: Account['creditLine'];
  readonly collateralMode: Account['collateralMode'];
  readonly creditBand: Account['creditBand'];
}

export function saveAccount(account: Account): AccountMemento {
  return {
    account,
    positionMode: account.positionMode,
    portfolioModel: account.portfolioModel,
    wallets: [...account.wallets],
    positions: [...account.positions].map(([key, p]) => [key, p, { size: p.size, entryPrice: p.entryPrice, isolatedUnits: p.isolatedUnits, slot: p.slot, pool: p.pool }]),
    settings: [...account.settings].map(([symbol, setting]) => [symbol, setting, { ...setting }]),
    orders: [...account.orders].map(([id, order]) => [id, order, order.size]),
    crossPools: [...account.crossPools],
    creditLine: account.creditLine,
    collateralMode: account.collateralMode,
    creditBand: account.creditBand,
  };
}

export function restoreAccount(saved: AccountMemento): void {
  const account = saved.account;
  account.positionMode = saved.positionMode;
  if (account.portfolioModel !== saved.portfolioModel) portfolioModelsChanged();
  account.portfolioModel = saved.portfolioModel;
  account.wallets.clear();
  for (const [asset, units] of saved.wallets) account.wallets.set(asset, units);
  account.positions.clear();
  for (const [key, position, fields] of saved.positions) {
    Object.assign(position, fields);
    account.positions.set(key, position);
  }
  for (const symbol of [...account.settings.keys()]) account.deleteSetting(symbol);
  for (const [symbol, setting, fields] of saved.settings) account.setSetting(symbol, Object.assign(setting, fields));
  for (const id of [...account.orders.keys()]) account.deleteOrder(id);
  for (const [, order, size] of saved.orders) {
    order.size = size;
    account.setOrder(order);
  }
  for (const asset of [...account.crossPools.keys()]) account.deleteCrossPool(asset);
  for (const [asset, pool] of saved.crossPools) account.setCrossPool(asset, pool);
  account.creditLine = saved.creditLine;
  account.collateralMode = saved.collateralMode;
  account.creditBand = saved.creditBand;
}

/**
 * Whether the account differs from its memento in any field `restoreAccount` writes (what
 * "touched" means in a preview's report; an unchanged account needs no restore).
 */
export function accountChanged(saved: AccountMemento): boolean {
  const account = saved.account;
  if (account.positionMode !== saved.positionMode) return true;
  if (account.creditLine !== saved.creditLine) return true;
  if (account.collateralMode !== saved.collateralMode || account.creditBand !== saved.creditBand) return true;
  if (account.portfolioModel !== saved.portfolioModel) return true;
  if (account.crossPools.size !== saved.crossPools.length || saved.crossPools.some(([asset, pool]) => account.crossPools.get(asset) !== pool)) return true;
  if (account.wallets.size !== saved.wallets.length || saved.wallets.some(([asset, units]) => account.wallets.get(asset) !== units)) return true;
  if (account.positions.size !== saved.positions.length) return true;
  for (const [key, position, fields] of saved.positions) {
    if (account.positions.get(key) !== position) return true;
    if (position.size !== fields.size || position.entryPrice !== fields.entryPrice || position.isolatedUnits !== fields.isolatedUnits) return true;
    if (position.slot !== fields.slot || position.pool !== fields.pool) return true;
  }
  if (account.settings.size !== saved.settings.length) return true;
  for (const [symbol, setting, fields] of saved.settings) {
    const now = account.settings.get(symbol);
    if (now !== setting || now.leverage !== fields.leverage || now.margin !== fields.margin) return true;
  }
  if (account.orders.size !== saved.orders.length) return true;
  return saved.orders.some(([id, order, size]) => account.orders.get(id) !== order || order.size !== size);
}

export interface MarketMemento {
  readonly market: Market;
  readonly fields: Omit<Market, 'symbolIndex'>;
  /** The book's level arrays are consumed in place by liquidation fills. */
  readonly bids: BookLevel[] | null;
  readonly asks: BookLevel[] | null;
  readonly bookTimeMs: number | null;
}

export function saveMarket(market: Market): MarketMemento {
  const { symbolIndex: _row, ...fields } = market;
  return {
    market,
    fields,
    bids: market.book === null ? null : [...market.book.bids],
    asks: market.book === null ? null : [...market.book.asks],
    bookTimeMs: market.book?.timeMs ?? null,
  };
}

export function restoreMarket(saved: MarketMemento): void {
  Object.assign(saved.market, saved.fields);
  const book = saved.fields.book;
  if (book !== null) {
    book.bids.splice(0, book.bids.length, ...(saved.bids ?? []));
    book.asks.splice(0, book.asks.length, ...(saved.asks ?? []));
    book.timeMs = saved.bookTimeMs ?? book.timeMs;
  }
}

export interface AssetMemento {
  readonly ledger: AssetLedger;
  readonly decimals: number;
  readonly system: [SystemAccount, bigint][];
  readonly deposited: bigint;
  readonly withdrawn: bigint;
  readonly collateral: AssetLedger['collateral'];
}

export function saveAsset(ledger: AssetLedger): AssetMemento {
  return { ledger, decimals: ledger.decimals, system: [...ledger.system], deposited: ledger.deposited, withdrawn: ledger.withdrawn, collateral: ledger.collateral };
}

export function restoreAsset(saved: AssetMemento): void {
  const ledger = saved.ledger;
  ledger.decimals = saved.decimals;
  ledger.deposited = saved.deposited;
  ledger.withdrawn = saved.withdrawn;
  if (saved.collateral === undefined) delete ledger.collateral;
  else ledger.collateral = saved.collateral;
  ledger.system.clear();
  for (const [name, units] of saved.system) ledger.system.set(name, units);
}
