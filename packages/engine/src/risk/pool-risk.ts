/**
 * Exact risk of one account in one settle asset, through the core kernel (`computeRisk`), on a
 * *view*: the current positions, wallet and orders, or a what-if copy of them for a pre-trade
 * check. Nothing here mutates the state.
 *
 * Open-order margin (our rule, docs/commands.md): each order that can open or increase a position
 * reserves IM = notional at its limit price / leverage (or x the tier's initial rate for profiles
 * without user leverage), in the tier of its own notional. One-way mode: per symbol, the larger of
 * the buy total and the sell total (both sides cannot increase the position at once). Hedge mode:
 * the sum of opening orders (buy long, sell short). Reduce-only orders reserve nothing. Orders
 * reserve from the cross wallet even for isolated symbols, since a fill moves margin from it.
 */
import {
  computeRisk,
  div,
  fromUnits,
  invariant,
  max,
  mul,
  notionalAt,
  tierAt,
  tierIndexForPosition,
  type Fixed,
  type Instrument,
  type MarginMode,
  type PositionSpec,
  type RiskReport,
  type Side,
} from '@margin/core';
import { assetDecimals, walletUnits } from '../ledger/ledger.js';
import { settingOf } from '../state/positions.js';
import type { Account, EngineState, Order } from '../state/types.js';
import { optionRequirement, type OptionHolding, type OptionPoolFigures } from './option-requirement.js';
import { withPortfolioFigures } from '../portfolio/portfolio-account.js';
import { optionPositionsOf } from '../state/option-book.js';
import { multiAssetFreeOf } from './multi-asset-hook.js';

export interface PositionView {
  readonly key: string;
  readonly symbol: string;
  readonly positionSide: Side | null;
  /** Signed, non-zero. */
  readonly size: Fixed;
  readonly entryPrice: Fixed;
  readonly margin: MarginMode;
  readonly isolatedUnits: bigint;
}

export interface PoolView {
  readonly asset: string;
  readonly wallet: bigint;
  readonly positions: readonly PositionView[];
  readonly orders: readonly Order[];
  /** What-if option holdings of the cross pool; absent: the account's current ones. */
  readonly options?: readonly OptionHolding[];
}

function instrumentOf(state: EngineState, symbol: string): Instrument {
  const market = state.markets.get(symbol);
  invariant(market !== undefined, `market ${symbol} exists`);
  return market.instrument;
}

/** The account's current positions, wallet and orders in `asset`, in key order. */
export function currentView(state: EngineState, account: Account, asset: string): PoolView {
  const positions: PositionView[] = [];
  for (const position of account.positions.values()) {
    if (instrumentOf(state, position.symbol).settle === asset) positions.push(position);
  }
  positions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const orders: Order[] = [];
  for (const order of account.orders.values()) {
    if (instrumentOf(state, order.symbol).settle === asset) orders.push(order);
  }
  return { asset, wallet: walletUnits(account, asset), positions, orders };
}

/** The view with one position replaced (or removed with null, or added). */
export function withPosition(view: PoolView, key: string, next: PositionView | null): PoolView {
  const positions = view.positions.filter((position) => position.key !== key);
  if (next !== null) positions.push(next);
  positions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { ...view, positions };
}

/** computeRisk on a view (open-order margin included), without liquidation-price solves by default. */
export function riskOfView(state: EngineState, account: Account, view: PoolView, withPrices: boolean | 'bankruptcy' = false): RiskReport {
  const decimals = assetDecimals(state, view.asset);
  const instruments = new Map<string, Instrument>();
  const markPrices = new Map<string, Fixed>();
  const specs: PositionSpec[] = view.positions.map((position) => {
    const market = state.markets.get(position.symbol);
    invariant(market !== undefined && market.markPrice !== null, `market ${position.symbol} has a mark price`);
    instruments.set(position.symbol, market.instrument);
    markPrices.set(position.symbol, market.markPrice);
    const side: Side = position.size > 0n ? 'long' : 'short';
    return {
      symbol: position.symbol,
      side,
      size: position.size > 0n ? position.size : -position.size,
      entryPrice: position.entryPrice,
      leverage: settingOf(account, position.symbol).leverage,
      margin: position.margin,
      isolatedBalance: position.margin === 'isolated' ? fromUnits(position.isolatedUnits, decimals) : null,
    };
  });
  // An account in portfolio margin takes its account requirement from the portfolio model.
  const options = account.portfolioModel === null ? null : (view.options ?? optionPositionsOf(state, account.id, view.asset));
  const optionEquity = options === null || options.length === 0 ? 0n : optionRequirement(state, account.id, view.asset, options).equity;
  const report = computeRisk(
    {
      profile: state.profile,
      account: {
        balance: fromUnits(view.wallet, decimals),
        positionMode: account.positionMode,
        asset: view.asset,
        orderMargin: openOrderMargin(state, account, view.orders),
      },
      instruments,
      markPrices,
      positions: specs,
    },
    { withPrices },
  );
  return withPortfolioFigures(state, account, view.positions, report, options ?? [], optionEquity);
}

/** IM reserved by one order (see the module comment). */
export function orderInitialMargin(state: EngineState, account: Account, order: Order): Fixed {
  const instrument = instrumentOf(state, order.symbol);
  const notional = notionalAt(instrument, order.size, order.price, 'ceil');
  const tier = tierAt(instrument.tiers, tierIndexForPosition(instrument.tiers, notional, order.size));
  if (state.profile.initialMargin === 'tier') return mul(notional, tier.initialRate, 'ceil');
  const requested = settingOf(account, order.symbol).leverage ?? tier.maxLeverage;
  const leverage = requested > tier.maxLeverage ? tier.maxLeverage : requested;
  return div(notional, leverage, 'ceil');
}

/** Whether an order can open or increase a position (reduce-only orders cannot). */
export function orderOpens(order: Order): boolean {
  if (order.reduceOnly) return false;
  if (order.positionSide === null) return true;
  return (order.positionSide === 'long') === (order.side === 'buy');
}

/** Open-order margin of the orders in a view. */
export function openOrderMargin(state: EngineState, account: Account, orders: readonly Order[]): Fixed {
  const perSymbol = new Map<string, { buy: Fixed; sell: Fixed; hedge: Fixed }>();
  for (const order of orders) {
    if (!orderOpens(order)) continue;
    const total = perSymbol.get(order.symbol) ?? { buy: 0n, sell: 0n, hedge: 0n };
    const margin = orderInitialMargin(state, account, order);
    if (order.positionSide !== null) total.hedge += margin;
    else if (order.side === 'buy') total.buy += margin;
    else total.sell += margin;
    perSymbol.set(order.symbol, total);
  }
  let sum = 0n;
  for (const total of perSymbol.values()) sum += max(total.buy, total.sell) + total.hedge;
  return sum;
}

export interface CrossFigures {
  readonly report: RiskReport;
  readonly equity: Fixed;
  readonly initialMargin: Fixed;
  readonly maintenanceMargin: Fixed;
  readonly orderMargin: Fixed;
  /** equity - IM - open-order margin (may be negative). */
  readonly free: Fixed;
  /** The options' share of the figures above (option-requirement.ts). */
  readonly options: OptionPoolFigures;
}

/**
 * True where an account's cross pool in `asset` is a function of its wallet in that asset and its
 * futures legs alone, i.e. none of the terms `crossFigures` and `riskOfView` add on top: no
 * portfolio model, no credit line, no multi-asset mode, no wallet in another asset, no options.
 * A new term of the cross pool belongs here too (the ADL queue defers such pools' exact figures
 * to a snapshot of exactly those inputs: adl-top-queue.ts).
 */
export function crossPoolIsPlain(state: EngineState, account: Account, asset: string): boolean {
  return (
    account.portfolioModel === null &&
    account.creditLine === null &&
    account.collateralMode === null &&
    account.wallets.size <= 1 &&
    (state.options === undefined || optionPositionsOf(state, account.id, asset).length === 0)
  );
}

export function crossFigures(state: EngineState, account: Account, view: PoolView): CrossFigures {
  const report = riskOfView(state, account, view);
  const { orderMargin } = report.account;
  // Options sit in the cross pool of their settle asset beside the futures (ADR 0022).
  const options = optionRequirement(state, account.id, view.asset, view.options);
  const equity = report.account.equity + options.equity;
  const initialMargin = report.account.initialMargin + options.initialMargin;
  const maintenanceMargin = report.account.maintenanceMargin + options.maintenanceMargin;
  // A multi-asset account: the whole pool's free margin, in the view's asset (collateral/).
  const free = multiAssetFreeOf(state, account, view) ?? equity - initialMargin - orderMargin;
  return { report, equity, initialMargin, maintenanceMargin, orderMargin, free, options };
}
