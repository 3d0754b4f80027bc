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
 *      through the executors in order (executors.ts: `book`, then `backstop`); each step is
 *      rechecked with the exact kernel.
 *   4. `liquidationEnded` with the outcome.
 */
import {
  formatFixed,
  fromUnits,
  liquidationFeeRate,
  marginRatio,
  partialLiquidationStep,
  roundDecimals,
  type Fixed,
} from '@margin/core';
import { walletUnits } from '../ledger/ledger.js';
import { positionKey } from '../state/positions.js';
import type { EngineState } from '../state/types.js';
import { absSize, sideOf, type ClosedPart } from './close.js';
import type { LiquidationContext } from './context.js';
import { resolveDeficit } from './deficit.js';
import { bookPricer, executeStep } from './executors.js';
import { decimalsOf, poolHeld, poolState, poolTotals, type PoolMember, type PoolRef } from './pool-state.js';
import { bankruptOf, charge, closePart, finishIsolated, marketOf } from './settle-close.js';
import { portfolioCloseTarget } from '../portfolio/liquidation-order.js';
import { markText } from './mark-text.js';
import { plainBankruptPool, type BankruptMember, type BankruptPool } from './bankrupt-pool.js';

/** After this many partial steps a pool that is still short is closed in full (a safety net). */
export const PARTIAL_STEPS_MAX = 64;

function money(state: EngineState, value: Fixed, rounding: 'floor' | 'ceil'): string {
  return formatFixed(roundDecimals(value, state.profile.moneyDecimals, rounding));
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

/** Close every position of the pool at the mark (bankrupt, or Hyperliquid's backstop). */
function closeAll(ctx: LiquidationContext, ref: PoolRef, pool: Pick<BankruptPool, 'members'>, mode: 'bankrupt' | 'backstop', parts: ClosedPart[]): void {
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
    const anchor = isolatedPosition ?? (pool.members[0] as BankruptMember).position;
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
  const { state } = ctx;
  const rules = state.liquidation.rules;
  // A plain bankrupt pool (most pools of a crash) closes without the risk report (bankrupt-pool.ts).
  const bankrupt = plainBankruptPool(state, ref);
  if (bankrupt !== null) {
    emitStarted(ctx, ref, bankrupt);
    closeAll(ctx, ref, bankrupt, 'bankrupt', []);
    emitEnded(ctx, ref, 1);
    return;
  }
  let pool = poolState(state, ref, 'bankruptcy');
  if (pool.members.length === 0 || !(pool.equity < pool.maintenance)) return;
  emitStarted(ctx, ref, pool);
  if (cancelOrders(ctx, ref) > 0) pool = poolState(state, ref, 'bankruptcy');
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
    // A portfolio account closes the position that lowers its portfolio requirement most, in full.
    const portfolioMember = portfolioCloseTarget(state, ref, pool.members);
    const member = portfolioMember ?? target(pool.members);
    const market = marketOf(state, member.position.symbol);
    const executionPrice = bookPricer(state, market, member);
    const size =
      steps > PARTIAL_STEPS_MAX || portfolioMember !== null
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
            ...(rules.restoreBufferRate === undefined ? {} : { restoreBufferRate: rules.restoreBufferRate, poolNotional: pool.members.reduce((sum, m) => sum + m.risk.notional, 0n) }),
          }).closeSize;
    executeStep(ctx, ref, pool.equity, member, size, parts);
    pool = poolState(state, ref, 'bankruptcy');
  }
  // Closes round PnL down: a cross pool left with no position may sit a few units below zero.
  if (ref.positionKey === null && pool.members.length === 0) {
    const balance = walletUnits(ref.account, ref.asset);
    if (balance < 0n) resolveDeficit(ctx, bankruptOf(ref, null), parts, -balance);
  }
  emitEnded(ctx, ref, steps);
}

function emitStarted(ctx: LiquidationContext, ref: PoolRef, pool: BankruptPool): void {
  const { state, out } = ctx;
  const ratio = marginRatio(pool.maintenance, pool.equity);
  out.emit({
    type: 'liquidationStarted',
    account: ref.account.id,
    asset: ref.asset,
    positionKey: ref.positionKey,
    equity: money(state, pool.equity, 'floor'),
    maintenanceMargin: money(state, pool.maintenance, 'ceil'),
    marginRatio: ratio === null ? null : formatFixed(roundDecimals(ratio, state.profile.ratioDecimals, 'ceil')),
    rule: state.liquidation.rules.partial,
    positions: pool.members.map((member) => ({ key: member.position.key, size: formatFixed(member.position.size), markPrice: markText(member.risk.markPrice) })),
  });
}

function emitEnded(ctx: LiquidationContext, ref: PoolRef, steps: number): void {
  const { state, out } = ctx;
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
