/**
 * The money side of a liquidation close: the close itself at an execution price (its realised
 * PnL against `clearing`, a `liquidationFill` event), the charge from the pool to the insurance
 * fund (fee, gain over the bankruptcy price, takeover, remaining equity; never more than the
 * pool's equity), and the end of a fully closed isolated position (a negative balance is a
 * deficit, what is left returns to the wallet).
 */
import { formatFixed, formatUnits, fromUnits, max, toUnits, type BookLevel, type Fixed } from '@margin/core';
import { Entries, system } from '../ledger/ledger.js';
import type { EngineState, ExecutorName, Market, Position } from '../state/types.js';
import { realizeClose, removeClosed, sideOf, type ClosedPart } from './close.js';
import type { LiquidationContext } from './context.js';
import { resolveDeficit, type BankruptPool } from './deficit.js';
import { emitFundChange, fundFor } from './funds.js';
import { decimalsOf, holderOf, poolTotals, type PoolRef } from './pool-state.js';
import { markText } from './mark-text.js';

export type ChargeReason = 'clearance-fee' | 'gain-vs-bankruptcy-price' | 'backstop-takeover' | 'remaining-equity';

export interface Execution {
  readonly executor: ExecutorName;
  /** Where it filled: the book snapshot, the mark (a symbol without a snapshot), or the fund. */
  readonly venue: 'book' | 'mark' | 'insurance-fund';
  readonly size: Fixed;
  readonly price: Fixed;
  readonly fills: readonly BookLevel[];
}

export interface ClosedStep {
  readonly part: ClosedPart;
  readonly flat: boolean;
  /** The pool's equity after the close (the cap of the charge that follows). */
  readonly equityAfter: Fixed;
}

export function marketOf(state: EngineState, symbol: string): Market & { markPrice: Fixed } {
  const market = state.markets.get(symbol);
  if (market === undefined || market.markPrice === null) throw new RangeError(`condition failed: market ${symbol} has a mark`);
  return market as Market & { markPrice: Fixed };
}

export function bankruptOf(ref: PoolRef, position: Position | null): BankruptPool {
  // Fields written out, not spread: this runs for every bankruptcy of a cascade.
  const holder = ref.positionKey !== null && position !== null ? holderOf(ref.account, position) : ({ kind: 'wallet', account: ref.account } as const);
  return { account: ref.account, asset: ref.asset, positionKey: ref.positionKey, holder };
}

/** Close `execution.size` of the position at `execution.price` and emit the fill. */
export function closePart(ctx: LiquidationContext, ref: PoolRef, position: Position, execution: Execution, bankruptcyPrice: Fixed | null): ClosedStep {
  const { state, out } = ctx;
  const market = marketOf(state, position.symbol);
  const decimals = decimalsOf(state, ref.asset);
  const entries = new Entries(state);
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
    side: sideOf(position) === 'long' ? 'sell' : 'buy',
    size: formatFixed(execution.size),
    price: execution.price === market.markPrice ? markText(market.markPrice) : formatFixed(execution.price),
    markPrice: markText(market.markPrice),
    bankruptcyPrice: bankruptcyPrice === null ? null : formatFixed(bankruptcyPrice),
    fills: execution.fills.map((fill) => ({ price: formatFixed(fill.price), size: formatFixed(fill.size) })),
    realizedPnl: formatUnits(close.pnlUnits, decimals),
    remainingSize: formatFixed(close.flat ? 0n : position.size),
    entries: entries.list,
  });
  const equityAfter = close.flat && position.margin === 'isolated' ? fromUnits(position.isolatedUnits, decimals) : poolTotals(state, ref).equity;
  return { part: close.part, flat: close.flat, equityAfter };
}

/** Money from the pool to the fund, capped by what the pool's equity still holds. */
export function charge(ctx: LiquidationContext, ref: PoolRef, position: Position, wantedUnits: bigint, equityAfter: Fixed, reason: ChargeReason, rate: Fixed | null): void {
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

/** A fully closed isolated position: settle a negative balance, then release what is left and remove it. */
export function finishIsolated(ctx: LiquidationContext, ref: PoolRef, position: Position, parts: readonly ClosedPart[]): void {
  const { state } = ctx;
  if (position.isolatedUnits < 0n) resolveDeficit(ctx, bankruptOf(ref, position), parts, -position.isolatedUnits);
  const released = position.isolatedUnits;
  const entries = new Entries(state);
  removeClosed(state, entries, ref.account, marketOf(state, position.symbol), position);
  if (entries.list.length > 0) {
    ctx.out.emit({ type: 'isolatedMarginReleased', account: ref.account.id, asset: ref.asset, positionKey: position.key, amount: formatUnits(released, decimalsOf(state, ref.asset)), entries: entries.list });
  }
}
