/**
 * One account. Most accounts never set a per-symbol setting, never rest an order and trade one
 * settle asset, so those maps are allocated on first write (a million accounts save ~300 bytes
 * each); readers see an empty map until then. Wallets, cross pools and positions are not Maps
 * either (ADR 0038): the first asset's wallet and cross pool sit in fields, positions in one
 * exact-size array, and `wallets`, `crossPools`, `positions` are Map views over them.
 */
import type { CreditLineSpec, PositionMode } from '@margin/core';
import type { Order, Position, SymbolSetting } from './types.js';
import { InlineFirstMap } from './inline-first-map.js';
import { PositionListView, type PositionStore } from './position-list.js';
import { bumpPlainEpoch } from '../scan/plain-epoch.js';

const EMPTY: ReadonlyMap<unknown, unknown> = new Map<unknown, unknown>();
const empty = <K, V>(): ReadonlyMap<K, V> => EMPTY as ReadonlyMap<K, V>;

export class Account {
  /** What few accounts set (hedge mode, a second asset, settings, orders, portfolio model, credit line, collateral mode): one object, allocated on first write. */
  private rare: AccountRare | null = null;
  /** The positions (position-list.ts): an exact-size array, a Map beyond a few, or null. */
  positionStore: PositionStore = null;
  /** The first asset's wallet inline, later assets in a Map (inline-first-map.ts, ADR 0038); read through `wallets`. */
  walletAsset: string | null = null;
  walletUnits = 0n;
  /** The first settle asset's cross pool row inline, later ones in a Map; read through `crossPools`. */
  crossPoolAsset: string | null = null;
  crossPoolRow = -1;

  constructor(readonly id: string) {}

  private get rareFields(): AccountRare {
    return (this.rare ??= new AccountRare());
  }

  get positionMode(): PositionMode {
    return this.rare === null ? 'one-way' : this.rare.positionMode;
  }

  set positionMode(mode: PositionMode) {
    if (mode !== 'one-way' || this.rare !== null) this.rareFields.positionMode = mode;
  }

  /** Wallets in assets after the first (inline-first-map.ts); null until a second asset. */
  get walletsMore(): Map<string, bigint> | null {
    return this.rare === null ? null : this.rare.walletsMore;
  }

  set walletsMore(map: Map<string, bigint> | null) {
    // A second wallet asset makes the cross pools not plain for the ADL columns (state/pool-plain.ts).
    if ((map === null) !== (this.walletsMore === null)) bumpPlainEpoch();
    if (map !== null || this.rare !== null) this.rareFields.walletsMore = map;
  }

  /** Cross pool rows of settle assets after the first; null until a second one. */
  get crossPoolsMore(): Map<string, number> | null {
    return this.rare === null ? null : this.rare.crossPoolsMore;
  }

  set crossPoolsMore(map: Map<string, number> | null) {
    if (map !== null || this.rare !== null) this.rareFields.crossPoolsMore = map;
  }

  /** Portfolio-margin model (a portfolio profile name) for the account's cross pools; null: per-position margin. */
  get portfolioModel(): string | null {
    return this.rare === null ? null : this.rare.portfolioModel;
  }

  set portfolioModel(model: string | null) {
    if (model !== this.portfolioModel) bumpPlainEpoch();
    if (model !== null || this.rare !== null) this.rareFields.portfolioModel = model;
  }

  /** Credit line of a multi-asset account (`creditLine`); replaced, never mutated. */
  get creditLine(): CreditLineSpec | null {
    return this.rare === null ? null : this.rare.creditLine;
  }

  set creditLine(line: CreditLineSpec | null) {
    if ((line === null) !== (this.creditLine === null)) bumpPlainEpoch();
    if (line !== null || this.rare !== null) this.rareFields.creditLine = line;
  }

  /** Multi-asset mode (`setCollateralMode`): the venue's collateral snapshot id; null: one pool per settle asset. */
  get collateralMode(): string | null {
    return this.rare === null ? null : this.rare.collateralMode;
  }

  set collateralMode(mode: string | null) {
    if (mode !== this.collateralMode) bumpPlainEpoch();
    if (mode !== null || this.rare !== null) this.rareFields.collateralMode = mode;
  }

  /** Credit-line loan-to-value band last reported (collateral/credit-bands.ts): 0 none, 1 margin call, 2 liquidation. */
  get creditBand(): number {
    return this.rare === null ? 0 : this.rare.creditBand;
  }

  set creditBand(band: number) {
    if (band !== 0 || this.rare !== null) this.rareFields.creditBand = band;
  }

  /** Wallet balances in units per asset (a view: inline-first-map.ts). */
  get wallets(): Map<string, bigint> {
    return new WalletsView(this);
  }

  /** A wallet's units, or undefined when the account has none in that asset (no view allocated). */
  walletOf(asset: string): bigint | undefined {
    if (this.walletAsset === asset) return this.walletUnits;
    return this.walletsMore === null ? undefined : this.walletsMore.get(asset);
  }

  /** The positions by key (a view: position-list.ts); changed only by state/positions.ts and a preview's rollback. */
  get positions(): Map<string, Position> {
    return new PositionListView(this);
  }

  get settings(): ReadonlyMap<string, SymbolSetting> {
    return this.rare?.settingsMap ?? empty();
  }

  get orders(): ReadonlyMap<string, Order> {
    return this.rare?.ordersMap ?? empty();
  }

  /** Cross pool row in the scan arrays per settle asset. */
  get crossPools(): ReadonlyMap<string, number> {
    return new CrossPoolsView(this);
  }

  /** A cross pool row, or undefined (no view allocated). */
  crossPoolOf(asset: string): number | undefined {
    if (this.crossPoolAsset === asset) return this.crossPoolRow;
    return this.crossPoolsMore === null ? undefined : this.crossPoolsMore.get(asset);
  }

  setSetting(symbol: string, setting: SymbolSetting): void {
    (this.rareFields.settingsMap ??= new Map()).set(symbol, setting);
  }

  deleteSetting(symbol: string): void {
    this.rare?.settingsMap?.delete(symbol);
  }

  setOrder(order: Order): void {
    (this.rareFields.ordersMap ??= new Map()).set(order.orderId, order);
  }

  deleteOrder(orderId: string): void {
    this.rare?.ordersMap?.delete(orderId);
  }

  setCrossPool(asset: string, pool: number): void {
    new CrossPoolsView(this).set(asset, pool);
  }

  /** Only a preview's rollback removes a cross pool (the pool row goes with it). */
  deleteCrossPool(asset: string): void {
    new CrossPoolsView(this).delete(asset);
  }
}

/** The fields few accounts set, out of line so that the common account is ~80 bytes smaller. */
class AccountRare {
  positionMode: PositionMode = 'one-way';
  walletsMore: Map<string, bigint> | null = null;
  crossPoolsMore: Map<string, number> | null = null;
  settingsMap: Map<string, SymbolSetting> | null = null;
  ordersMap: Map<string, Order> | null = null;
  portfolioModel: string | null = null;
  creditLine: CreditLineSpec | null = null;
  collateralMode: string | null = null;
  creditBand = 0;
}

/** The wallets' Map view over the account's three wallet fields. */
class WalletsView extends InlineFirstMap<bigint> {
  protected readonly emptyValue = 0n;

  constructor(private readonly account: Account) {
    super();
  }

  protected get firstKey(): string | null {
    return this.account.walletAsset;
  }

  protected set firstKey(key: string | null) {
    this.account.walletAsset = key;
  }

  protected get firstValue(): bigint {
    return this.account.walletUnits;
  }

  protected set firstValue(units: bigint) {
    this.account.walletUnits = units;
  }

  protected get more(): Map<string, bigint> | null {
    return this.account.walletsMore;
  }

  protected set more(map: Map<string, bigint> | null) {
    this.account.walletsMore = map;
  }
}

/** The cross pools' Map view over the account's three cross-pool fields. */
class CrossPoolsView extends InlineFirstMap<number> {
  protected readonly emptyValue = -1;

  constructor(private readonly account: Account) {
    super();
  }

  protected get firstKey(): string | null {
    return this.account.crossPoolAsset;
  }

  protected set firstKey(key: string | null) {
    this.account.crossPoolAsset = key;
  }

  protected get firstValue(): number {
    return this.account.crossPoolRow;
  }

  protected set firstValue(row: number) {
    this.account.crossPoolRow = row;
  }

  protected get more(): Map<string, number> | null {
    return this.account.crossPoolsMore;
  }

  protected set more(map: Map<string, number> | null) {
    this.account.crossPoolsMore = map;
  }
}
