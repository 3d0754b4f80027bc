/**
 * Liquidation executors: who takes the contracts a liquidation step closes. A step goes through
 * the configured executors in order (`createEngineState({ liquidation: { executors } })`, default
 * book then backstop); each takes what it can and returns the contracts it closed.
 *
 * - `book`: with an order-book snapshot of the symbol, walk it best first with price impact, never
 *   beyond the bankruptcy price, consuming the levels; without a snapshot the engine knows no
 *   depth and fills at the mark. The account pays the profile's clearance fee to the fund, or,
 *   for profiles that settle at the bankruptcy price, everything the fills gave beyond it.
 * - `backstop`: the insurance fund takes the whole position over at the bankruptcy price and
 *   unwinds it at the mark at once. In the ledger: a close at the mark and the pool's equity
 *   behind those contracts (equity x size / net size of the symbol in the pool) to the fund. A
 *   takeover at the bankruptcy price leaves the margin ratio as it was, so once the book cannot
 *   take a step, smaller steps would restore nothing: the backstop takes all that is left.
 */
import { bookLimitsOf, checkBook, feeFor, liquidationFeeRate, max, mulDiv, pnlBetween, toUnits, walkBook, type BookCheck, type BookLevel, type BookWalk, type Fixed } from '@margin/core';
import type { EngineState, ExecutorName, Market } from '../state/types.js';
import { absSize, sideOf, type ClosedPart } from './close.js';
import type { LiquidationContext } from './context.js';
import { deficitPrice } from './deficit.js';
import { decimalsOf, poolNetSize, poolTotals, type PoolMember, type PoolRef } from './pool-state.js';
import { charge, closePart, finishIsolated, marketOf } from './settle-close.js';

/** One step in progress: the position, what is left to close, the pool's equity now. */
export interface StepState {
  readonly ref: PoolRef;
  readonly member: PoolMember;
  remaining: bigint;
  equity: Fixed;
  /** Set when the position is gone (fully closed and settled). */
  done: boolean;
  readonly parts: ClosedPart[];
}

export interface Executor {
  readonly name: ExecutorName;
  /** Close what it can of `step.remaining`; updates the step. */
  execute(ctx: LiquidationContext, step: StepState): void;
}

/** Consume the book levels a walk filled (sizes shrink, emptied levels go). */
function consume(levels: BookLevel[], fills: readonly BookLevel[]): void {
  fills.forEach((fill, i) => {
    const level = levels[i];
    if (level !== undefined) levels[i] = { price: level.price, size: level.size - fill.size };
  });
  while (levels.length > 0 && (levels[0] as BookLevel).size <= 0n) levels.shift();
}

/** Net size of the position's symbol in the pool, and whether the position is on its side. */
function netOf(step: StepState): { onNetSide: boolean; netAbs: Fixed } {
  const position = step.member.position;
  const net = poolNetSize(step.ref, position.symbol);
  return { onNetSide: net !== 0n && (net > 0n) === (sideOf(position) === 'long'), netAbs: net < 0n ? -net : net };
}

const bookExecutor: Executor = {
  name: 'book',
  execute(ctx, step) {
    const { state } = ctx;
    const { ref, member } = step;
    const position = member.position;
    const market = marketOf(state, position.symbol);
    const { instrument, markPrice: mark } = market;
    const side = sideOf(position);
    const bankruptcyPrice = member.risk.bankruptcyPrice;
    const book = market.book;
    let walk: BookWalk;
    if (book === null) {
      walk = { fills: [], filledSize: step.remaining, unfilledSize: 0n, filledValue: 0n, averagePrice: mark };
    } else {
      const levels = side === 'long' ? book.bids : book.asks;
      // A book too old, or off the mark, is not used: the next executor takes the step.
      const check = bookCheckFor(state, market, side, bankruptcyPrice);
      if (!check.usable) return;
      walk = walkBook(levels, side === 'long' ? 'sell' : 'buy', step.remaining, check.limitPrice);
      consume(levels, walk.fills);
    }
    const price = walk.averagePrice;
    if (walk.filledSize === 0n || price === null) return;
    const { onNetSide, netAbs } = netOf(step);
    const closed = closePart(ctx, ref, position, { executor: 'book', venue: book === null ? 'mark' : 'book', size: walk.filledSize, price, fills: walk.fills }, bankruptcyPrice);
    step.parts.push(closed.part);
    const decimals = decimalsOf(state, ref.asset);
    const rules = state.liquidation.rules;
    if (rules.settleAtBankruptcy) {
      // Closed at the bankruptcy price: what the book gave beyond it goes to the fund.
      const gain = onNetSide ? mulDiv(step.equity, walk.filledSize, netAbs, 'ceil') + pnlBetween(instrument, side, walk.filledSize, mark, price, 'ceil') : 0n;
      charge(ctx, ref, position, toUnits(max(0n, gain), decimals, 'ceil'), closed.equityAfter, 'gain-vs-bankruptcy-price', null);
    } else {
      const rate = liquidationFeeRate(rules, instrument);
      charge(ctx, ref, position, toUnits(feeFor(instrument, walk.filledSize, price, rate), decimals, 'ceil'), closed.equityAfter, 'clearance-fee', rate);
    }
    step.remaining -= walk.filledSize;
    if (closed.flat && position.margin === 'isolated') finishIsolated(ctx, ref, position, step.parts);
    step.done = closed.flat;
    if (!step.done && step.remaining > 0n) step.equity = poolTotals(state, ref).equity;
  },
};

const backstopExecutor: Executor = {
  name: 'backstop',
  execute(ctx, step) {
    const { state } = ctx;
    const { ref, member } = step;
    const position = member.position;
    const market = marketOf(state, position.symbol);
    const size = absSize(position);
    const { onNetSide, netAbs } = netOf(step);
    const takeover = onNetSide ? mulDiv(step.equity, size, netAbs, 'ceil') : 0n;
    // The bankruptcy price of what is left: the mark moved by the equity behind each contract.
    const price = onNetSide ? deficitPrice(market.instrument, market.markPrice, sideOf(position), -takeover, size) : member.risk.bankruptcyPrice;
    const closed = closePart(ctx, ref, position, { executor: 'backstop', venue: 'insurance-fund', size, price: market.markPrice, fills: [] }, price);
    step.parts.push(closed.part);
    charge(ctx, ref, position, toUnits(max(0n, takeover), decimalsOf(state, ref.asset), 'ceil'), closed.equityAfter, 'backstop-takeover', null);
    if (position.margin === 'isolated') finishIsolated(ctx, ref, position, step.parts);
    step.remaining = 0n;
    step.done = true;
  },
};

export const EXECUTORS: Readonly<Record<ExecutorName, Executor>> = { book: bookExecutor, backstop: backstopExecutor };

/** Close `size` of `member` through the configured executors in order. */
export function executeStep(ctx: LiquidationContext, ref: PoolRef, equity: Fixed, member: PoolMember, size: Fixed, parts: ClosedPart[]): void {
  const step: StepState = { ref, member, remaining: size, equity, done: false, parts };
  for (const name of ctx.state.liquidation.executors) {
    if (step.done || step.remaining <= 0n) return;
    EXECUTORS[name].execute(ctx, step);
  }
}

/** What closing a size through the book would fetch (the restore rule counts the slippage), when the book executor leads and has a snapshot. */
/** The venue record's book limits applied to the market's snapshot for closing a `side` position. */
function bookCheckFor(state: EngineState, market: Market, side: 'long' | 'short', bankruptcyPrice: Fixed | null): BookCheck {
  const book = market.book;
  if (book === null || market.markPrice === null || market.priceTimeMs === null) return { usable: false, reason: 'book_empty' };
  const levels = side === 'long' ? book.bids : book.asks;
  return checkBook(bookLimitsOf(state.liquidation.rules), {
    bookTimeMs: book.timeMs,
    priceTimeMs: market.priceTimeMs,
    markPrice: market.markPrice,
    side: side === 'long' ? 'sell' : 'buy',
    bestPrice: levels[0]?.price ?? null,
    bankruptcyPrice,
  });
}

export function bookPricer(state: EngineState, market: Market, member: PoolMember): ((size: Fixed) => Fixed | null) | null {
  const book = market.book;
  if (book === null || state.liquidation.executors[0] !== 'book') return null;
  const long = sideOf(member.position) === 'long';
  const check = bookCheckFor(state, market, long ? 'long' : 'short', member.risk.bankruptcyPrice);
  if (!check.usable) return null;
  const limit = check.limitPrice;
  return (size) => {
    const walk = walkBook(long ? book.bids : book.asks, long ? 'sell' : 'buy', size, limit);
    return walk.unfilledSize === 0n ? walk.averagePrice : null;
  };
}
