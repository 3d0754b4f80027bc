/**
 * Liquidation of one pool (a cross account in one settle asset, or one isolated position) whose
 * equity is below its maintenance margin at the marks (docs/liquidation.md):
 *
 *   1. `liquidationStarted`; cancel the open orders that draw on the pool; recheck.
 *   2. Bankrupt (equity <= 0): every position is closed at the mark and the deficit goes to
 *      `resolveDeficit` (fund, then ADL or socialised loss). Hyperliquid's backstop rule
 *      (equity < 2/3 MM): every position is closed at the mark and the remaining equity goes to
 *      the fund.
 *   3. Otherwise, step by step until the pool is healthy or empty: take the position with the
 *      largest maintenance margin, size the step with the profile's rule (core
 *      `partialLiquidationStep`: tier step-down, restore, Hyperliquid chunks, full), and close it
 *      through the executors in order (`book`, then `backstop`); each step is rechecked with the
 *      exact kernel. The backstop takes the whole position (a takeover at the bankruptcy price
 *      cannot restore the ratio, so there is no point in stepping it).
 *   4. `liquidationEnded` with the outcome.
 */
import {
  feeFor,
  formatFixed,
  formatUnits,
  fromUnits,
  liquidationFeeRate,
  marginRatio,
  max,
  mulDiv,
  partialLiquidationStep,
  pnlBetween,
  roundDecimals,
  toUnits,
  walkBook,
  type BookLevel,
  type BookWalk,
  type Fixed,
} from '@margin/core';
import { Entries, system, walletUnits } from '../ledger/ledger.js';
import { positionKey } from '../state/positions.js';
import type { EngineState, Market, Position } from '../state/types.js';
import { absSize, realizeClose, removeClosed, sideOf, type ClosedPart } from './close.js';
import type { LiquidationContext } from './context.js';
import { deficitPrice, resolveDeficit, type BankruptPool } from './deficit.js';
import { emitFundChange, fundFor } from './funds.js';
import { decimalsOf, holderOf, poolHeld, poolNetSize, poolState, poolTotals, type PoolMember, type PoolRef, type PoolState } from './pool-state.js';

/** After this many partial steps a pool that is still short is closed in full (a safety net). */
export const PARTIAL_STEPS_MAX = 64;

type ChargeReason = 'clearance-fee' | 'gain-vs-bankruptcy-price' | 'backstop-takeover' | 'remaining-equity';

function marketOf(state: EngineState, symbol: string): Market & { markPrice: Fixed } {
  const market = state.markets.get(symbol);
  if (market === undefined || market.markPrice === null) throw new RangeError(`condition failed: market ${symbol} has a mark`);
  return market as Market & { markPrice: Fixed };
}

function money(state: EngineState, value: Fixed, rounding: 'floor' | 'ceil'): string {
  return formatFixed(roundDecimals(value, state.profile.moneyDecimals, rounding));
}

function bankruptOf(ref: PoolRef, position: Position | null): BankruptPool {
  if (ref.positionKey !== null && position !== null) return { ...ref, holder: holderOf(ref.account, position) };
  return { ...ref, holder: { kind: 'wallet', account: ref.account } };
}

function cancelOrders(ctx: LiquidationContext, ref: PoolRef): number {
  const { state, out } = ctx;
  const { account, asset } = ref;
  const orders = [...account.orders.values()]
    .filter((order) =>
      ref.positionKey === null
        ? state.markets.get(order.symbol)?.instrument.settle === asset
        : positionKey(order.symbol, order.positionSide) === ref.positionKey,
    )
    .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
  for (const order of orders) {
    account.deleteOrder(order.orderId);
    out.emit({ type: 'orderCanceled', account: account.id, orderId: order.orderId, symbol: order.symbol, remaining: formatFixed(order.size), reason: 'liquidation' });
  }
  return orders.length;
}

/** The position to reduce first: the largest maintenance margin (ties: the first key). */
function target(members: readonly PoolMember[]): PoolMember {
  let best = members[0] as PoolMember;
  for (const member of members) if (member.risk.maintenanceMargin > best.risk.maintenanceMargin) best = member;
  return best;
}

/** Money from the pool to the fund, capped by what the pool's equity still holds. */
function charge(ctx: LiquidationContext, ref: PoolRef, position: Position, wantedUnits: bigint, equityAfter: Fixed, reason: ChargeReason, rate: Fixed | null): void {
  const { state, out } = ctx;
  const decimals = decimalsOf(state, ref.asset);
  const cap = max(0n, toUnits(equityAfter, decimals, 'floor'));
  const units = wantedUnits < cap ? wantedUnits : cap;
  if (units <= 0n) return;
  const fund = fundFor(state, ref.asset, position.symbol);
  const entries = new Entries(state);
  entries.move(ref.asset, holderOf(ref.account, position), system(fund), units);
  out.emit({
    type: 'liquidationFee',
    account: ref.account.id,
    asset: ref.asset,
    positionKey: position.key,
    symbol: position.symbol,
    reason,
    rate: rate === null ? null : formatFixed(rate),
    amount: formatUnits(units, decimals),
    fund,
    entries: entries.list,
  });
  emitFundChange(state, out, ref.asset, fund, units, reason === 'clearance-fee' ? 'liquidation-fee' : 'takeover', { account: ref.account.id });
}

interface Execution {
  readonly executor: 'book' | 'backstop';
  /** Where a book execution filled: the snapshot, or the mark when the symbol has none. */
  readonly venue: 'book' | 'mark' | 'insurance-fund';
  readonly size: Fixed;
  readonly price: Fixed;
  readonly fills: readonly BookLevel[];
}

/** Close `execution.size` of the position at `execution.price`, emit the fill; returns the part and the pool equity after. */
function closePart(ctx: LiquidationContext, ref: PoolRef, position: Position, execution: Execution, bankruptcyPrice: Fixed | null): { part: ClosedPart; flat: boolean; equityAfter: Fixed } {
  const { state, out } = ctx;
  const market = marketOf(state, position.symbol);
  const decimals = decimalsOf(state, ref.asset);
  const entries = new Entries(state);
  const side = sideOf(position);
  const close = realizeClose(state, entries, ref.account, market, position, execution.size, execution.price);
  if (close.flat && position.margin === 'cross') removeClosed(state, entries, ref.account, market, position);
  out.emit({
    type: 'liquidationFill',
    account: ref.account.id,
    asset: ref.asset,
    positionKey: position.key,
    symbol: position.symbol,
    executor: execution.executor,
    venue: execution.venue,
    side: side === 'long' ? 'sell' : 'buy',
    size: formatFixed(execution.size),
    price: formatFixed(execution.price),
    markPrice: formatFixed(market.markPrice),
    bankruptcyPrice: bankruptcyPrice === null ? null : formatFixed(bankruptcyPrice),
    fills: execution.fills.map((fill) => ({ price: formatFixed(fill.price), size: formatFixed(fill.size) })),
    realizedPnl: formatUnits(close.pnlUnits, decimals),
    remainingSize: formatFixed(close.flat ? 0n : position.size),
    entries: entries.list,
  });
  const equityAfter = close.flat && position.margin === 'isolated' ? fromUnits(position.isolatedUnits, decimals) : poolTotals(state, ref).equity;
  return { part: close.part, flat: close.flat, equityAfter };
}

/** A fully closed isolated position: settle a negative balance, then release what is left and remove it. */
function finishIsolated(ctx: LiquidationContext, ref: PoolRef, position: Position, parts: readonly ClosedPart[]): void {
  const { state } = ctx;
  if (position.isolatedUnits < 0n) resolveDeficit(ctx, bankruptOf(ref, position), parts, -position.isolatedUnits);
  const entries = new Entries(state);
  removeClosed(state, entries, ref.account, marketOf(state, position.symbol), position);
  if (entries.list.length > 0) {
    ctx.out.emit({ type: 'isolatedMarginReleased', account: ref.account.id, asset: ref.asset, positionKey: position.key, amount: formatUnits(position.isolatedUnits, decimalsOf(state, ref.asset)), entries: entries.list });
  }
}

/** Consume the book levels a walk filled (sizes shrink, empty levels go). */
function consume(levels: BookLevel[], fills: readonly BookLevel[]): void {
  fills.forEach((fill, i) => {
    const level = levels[i];
    if (level === undefined) return;
    levels[i] = { price: level.price, size: level.size - fill.size };
  });
  while (levels.length > 0 && (levels[0] as BookLevel).size <= 0n) levels.shift();
}

/** What closing a size through the book would fetch (the step sizing counts the slippage), when the book executor has a snapshot. */
function bookPricer(state: EngineState, market: Market, member: PoolMember): ((size: Fixed) => Fixed | null) | null {
  const book = market.book;
  if (book === null || state.liquidation.executors[0] !== 'book') return null;
  const long = sideOf(member.position) === 'long';
  const limit = member.risk.bankruptcyPrice;
  return (size) => {
    const walk = walkBook(long ? book.bids : book.asks, long ? 'sell' : 'buy', size, limit);
    return walk.unfilledSize === 0n ? walk.averagePrice : null;
  };
}

/** One step: close `size` of `member` through the executors in order. */
function executeStep(ctx: LiquidationContext, ref: PoolRef, pool: PoolState, member: PoolMember, size: Fixed, parts: ClosedPart[]): void {
  const { state } = ctx;
  const rules = state.liquidation.rules;
  const position = member.position;
  const market = marketOf(state, position.symbol);
  const instrument = market.instrument;
  const mark = market.markPrice;
  const side = sideOf(position);
  const bankruptcyPrice = member.risk.bankruptcyPrice;
  const decimals = decimalsOf(state, ref.asset);
  let remaining = size;
  let equity = pool.equity;
  for (const executor of state.liquidation.executors) {
    if (remaining <= 0n) break;
    const net = poolNetSize(ref, position.symbol);
    const onNetSide = net !== 0n && (net > 0n) === (side === 'long');
    const netAbs = net < 0n ? -net : net;
    if (executor === 'book') {
      // With a snapshot: walk it, never beyond the bankruptcy price. Without one the engine knows
      // no depth, and fills at the mark (a liquid market).
      const book = market.book;
      let walk: BookWalk;
      if (book === null) {
        walk = { fills: [], filledSize: remaining, unfilledSize: 0n, filledValue: 0n, averagePrice: mark };
      } else {
        const levels = side === 'long' ? book.bids : book.asks;
        walk = walkBook(levels, side === 'long' ? 'sell' : 'buy', remaining, bankruptcyPrice);
        if (walk.filledSize === 0n || walk.averagePrice === null) continue;
        consume(levels, walk.fills);
      }
      if (walk.averagePrice === null) continue;
      const price = walk.averagePrice;
      const equityBefore = equity;
      const done = closePart(ctx, ref, position, { executor, size: walk.filledSize, price, fills: walk.fills, venue: book === null ? 'mark' : 'book' }, bankruptcyPrice);
      parts.push(done.part);
      if (rules.settleAtBankruptcy) {
        // The account is closed at the bankruptcy price: what the book gave beyond it goes to the fund.
        const gain = onNetSide ? mulDiv(equityBefore, walk.filledSize, netAbs, 'ceil') + pnlBetween(instrument, side, walk.filledSize, mark, price, 'ceil') : 0n;
        charge(ctx, ref, position, toUnits(max(0n, gain), decimals, 'ceil'), done.equityAfter, 'gain-vs-bankruptcy-price', null);
      } else {
        const rate = liquidationFeeRate(rules, instrument);
        charge(ctx, ref, position, toUnits(feeFor(instrument, walk.filledSize, price, rate), decimals, 'ceil'), done.equityAfter, 'clearance-fee', rate);
      }
      remaining -= walk.filledSize;
      if (done.flat && position.margin === 'isolated') return finishIsolated(ctx, ref, position, parts);
      if (remaining > 0n) equity = poolTotals(state, ref).equity;
      continue;
    }
    // Backstop: the fund takes the position over at the bankruptcy price and unwinds it at the
    // mark; in the ledger, a close at the mark and the pool's equity behind those contracts to the
    // fund. A takeover at the bankruptcy price leaves the margin ratio where it was, so once the
    // book cannot take a step, smaller steps would not restore anything: the whole position goes.
    remaining = absSize(position);
    const takeover = onNetSide ? mulDiv(equity, remaining, netAbs, 'ceil') : 0n;
    // The bankruptcy price of what is left: the mark moved by the equity behind each contract.
    const takeoverPrice = onNetSide ? deficitPrice(instrument, mark, side, -takeover, remaining) : bankruptcyPrice;
    const done = closePart(ctx, ref, position, { executor, size: remaining, price: mark, fills: [], venue: 'insurance-fund' }, takeoverPrice);
    parts.push(done.part);
    charge(ctx, ref, position, toUnits(max(0n, takeover), decimals, 'ceil'), done.equityAfter, 'backstop-takeover', null);
    remaining = 0n;
    if (done.flat && position.margin === 'isolated') return finishIsolated(ctx, ref, position, parts);
  }
}

/** Close every position of the pool at the mark (bankrupt, or Hyperliquid's backstop). */
function closeAll(ctx: LiquidationContext, ref: PoolRef, pool: PoolState, mode: 'bankrupt' | 'backstop', parts: ClosedPart[]): void {
  const { state } = ctx;
  const isolatedPosition = ref.positionKey === null ? null : (pool.members[0]?.position ?? null);
  for (const member of pool.members) {
    const market = marketOf(state, member.position.symbol);
    if (isolatedPosition !== null) ctx.closing.add(member.position);
    const done = closePart(ctx, ref, member.position, { executor: 'backstop', size: absSize(member.position), price: market.markPrice, fills: [], venue: 'insurance-fund' }, member.risk.bankruptcyPrice);
    parts.push(done.part);
  }
  const decimals = decimalsOf(state, ref.asset);
  const balance = isolatedPosition === null ? walletUnits(ref.account, ref.asset) : isolatedPosition.isolatedUnits;
  if (mode === 'backstop' && balance > 0n) {
    const anchor = isolatedPosition ?? (pool.members[0] as PoolMember).position;
    charge(ctx, ref, anchor, balance, fromUnits(balance, decimals), 'remaining-equity', null);
  }
  if (isolatedPosition !== null) {
    finishIsolated(ctx, ref, isolatedPosition, parts);
    ctx.closing.delete(isolatedPosition);
  } else if (balance < 0n) {
    resolveDeficit(ctx, bankruptOf(ref, null), parts, -balance);
  }
}

export function liquidatePool(ctx: LiquidationContext, ref: PoolRef): void {
  const { state, out } = ctx;
  const rules = state.liquidation.rules;
  let pool = poolState(state, ref, true);
  if (pool.members.length === 0 || !(pool.equity < pool.maintenance)) return;
  const ratio = marginRatio(pool.maintenance, pool.equity);
  out.emit({
    type: 'liquidationStarted',
    account: ref.account.id,
    asset: ref.asset,
    positionKey: ref.positionKey,
    equity: money(state, pool.equity, 'floor'),
    maintenanceMargin: money(state, pool.maintenance, 'ceil'),
    marginRatio: ratio === null ? null : formatFixed(roundDecimals(ratio, state.profile.ratioDecimals, 'ceil')),
    rule: rules.partial,
    positions: pool.members.map((member) => ({ key: member.position.key, size: formatFixed(member.position.size), markPrice: formatFixed(member.risk.markPrice) })),
  });
  if (cancelOrders(ctx, ref) > 0) pool = poolState(state, ref, true);
  const parts: ClosedPart[] = [];
  let steps = 0;
  while (pool.members.length > 0 && pool.equity < pool.maintenance) {
    steps++;
    const backstop = rules.backstopBelow;
    if (pool.equity <= 0n) {
      closeAll(ctx, ref, pool, 'bankrupt', parts);
      break;
    }
    if (backstop !== null && pool.equity * backstop.denominator < pool.maintenance * backstop.numerator) {
      closeAll(ctx, ref, pool, 'backstop', parts);
      break;
    }
    const member = target(pool.members);
    const market = marketOf(state, member.position.symbol);
    const executionPrice = bookPricer(state, market, member);
    const size =
      steps > PARTIAL_STEPS_MAX
        ? absSize(member.position)
        : partialLiquidationStep({
            rule: rules.partial,
            instrument: market.instrument,
            size: absSize(member.position),
            markPrice: market.markPrice,
            poolEquity: pool.equity,
            poolMaintenance: pool.maintenance,
            liquidationFeeRate: rules.settleAtBankruptcy ? 0n : liquidationFeeRate(rules, market.instrument),
            ...(rules.chunkNotional === null ? {} : { chunkNotional: rules.chunkNotional }),
            ...(rules.chunkFraction === null ? {} : { chunkFraction: rules.chunkFraction }),
            ...(executionPrice === null ? {} : { executionPrice, side: sideOf(member.position) }),
          }).closeSize;
    executeStep(ctx, ref, pool, member, size, parts);
    pool = poolState(state, ref, true);
  }
  // Closes round PnL down: a cross pool left with no position may sit a few units below zero.
  if (ref.positionKey === null && pool.members.length === 0) {
    const balance = walletUnits(ref.account, ref.asset);
    if (balance < 0n) resolveDeficit(ctx, bankruptOf(ref, null), parts, -balance);
  }
  const after = poolTotals(state, ref);
  out.emit({
    type: 'liquidationEnded',
    account: ref.account.id,
    asset: ref.asset,
    positionKey: ref.positionKey,
    outcome: poolHeld(state, ref) ? 'restored' : 'closed',
    steps: String(steps),
    equity: money(state, after.equity, 'floor'),
    maintenanceMargin: money(state, after.maintenance, 'ceil'),
  });
}
