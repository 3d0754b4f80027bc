/**
 * One account. Most accounts never set a per-symbol setting, never rest an order and trade one
 * settle asset, so those maps are allocated on first write (a million accounts save ~300 bytes
 * each); readers see an empty map until then.
 */
import type { CreditLineSpec, PositionMode } from '@margin/core';
import type { Order, Position, SymbolSetting } from './types.js';

const EMPTY: ReadonlyMap<unknown, unknown> = new Map<unknown, unknown>();
const empty = <K, V>(): ReadonlyMap<K, V> => EMPTY as ReadonlyMap<K, V>;

export class Account {
  positionMode: PositionMode = 'one-way';
  /** Portfolio-margin model (a portfolio profile name) for the account's cross pools; null: per-position margin. */
  portfolioModel: string | null = null;
  /** Wallet balances in units per asset. */
  readonly wallets = new Map<string, bigint>();
  readonly positions = new Map<string, Position>();
  private settingsMap: Map<string, SymbolSetting> | null = null;
  private ordersMap: Map<string, Order> | null = null;
  private crossPoolsMap: Map<string, number> | null = null;
  /** Credit line of a multi-asset account (`creditLine`); replaced, never mutated. */
  creditLine: CreditLineSpec | null = null;
  /** Multi-asset mode (`setCollateralMode`): the venue's collateral snapshot id; null: one pool per settle asset. */
  collateralMode: string | null = null;
  /** Credit-line loan-to-value band last reported (collateral/credit-bands.ts): 0 none, 1 margin call, 2 liquidation. */
  creditBand = 0;

  constructor(readonly id: string) {}

  get settings(): ReadonlyMap<string, SymbolSetting> {
    return this.settingsMap ?? empty();
  }

  get orders(): ReadonlyMap<string, Order> {
    return this.ordersMap ?? empty();
  }

  /** Cross pool row in the scan arrays per settle asset. */
  get crossPools(): ReadonlyMap<string, number> {
    return this.crossPoolsMap ?? empty();
  }

  setSetting(symbol: string, setting: SymbolSetting): void {
    (this.settingsMap ??= new Map()).set(symbol, setting);
  }

  deleteSetting(symbol: string): void {
    this.settingsMap?.delete(symbol);
  }

  setOrder(order: Order): void {
    (this.ordersMap ??= new Map()).set(order.orderId, order);
  }

  deleteOrder(orderId: string): void {
    this.ordersMap?.delete(orderId);
  }

  setCrossPool(asset: string, pool: number): void {
    (this.crossPoolsMap ??= new Map()).set(asset, pool);
  }

  /** Only a preview's rollback removes a cross pool (the pool row goes with it). */
  deleteCrossPool(asset: string): void {
    this.crossPoolsMap?.delete(asset);
  }
}
