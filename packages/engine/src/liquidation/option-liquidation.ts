/**
 * Liquidation of short options (ADR 0022). When an account's cross pool in an asset, options
 * included, is below its maintenance margin, its short options are bought back at their marks,
 * the one with the largest maintenance margin first, in full, one at a time, until the pool is
 * back at or above maintenance or no short option remains. The close is a fill against the
 * clearing account at the mark (what the account pays rounds up), without a fee. Long options are
 * assets (they count at their value where the venue says so): they are sold at the mark (rounded
 * down) only when nothing else is left in the pool, no short option and no future, and its
 * equity is still below maintenance (i.e. negative); what remains below zero is then a deficit.
 *
 * The venue record's `liquidationOrder` says whether futures or short options go first; the
 * futures are liquidated by the ordinary pool liquidation (liquidate-pool.ts) on their own
 * figures.
 */
import { formatFixed, formatUnits, marginRatio, mul, roundDecimals, toUnits, type Fixed } from '@margin/core';
import { Entries, assetLedger, system, wallet } from '../ledger/ledger.js';
import { poolHeld } from './pool-state.js';
import type { LiquidationContext } from './context.js';
import type { Account } from '../state/types.js';
import { poolFigures } from '../risk/pool-figures.js';
import { crossFigures, currentView } from '../risk/pool-risk.js';
import { optionRequirement, optionRules, type OptionPositionFigures } from '../risk/option-requirement.js';
import { optionMarket, setOptionPosition } from '../state/option-book.js';
import { shortBuyBackSize, shortOptionRule } from './option-reduce.js';

/** Short options closed first (before the futures) by the venue's rule. */
export function shortOptionsFirst(ctx: LiquidationContext): boolean {
  return ctx.state.options !== undefined && optionRules(ctx.state)?.liquidationOrder === 'short-options-then-futures';
}

/** Cross pool figures with options; null when the profile needs price solves (then the report path). */
function crossTotals(ctx: LiquidationContext, account: Account, asset: string): { equity: Fixed; maintenance: Fixed } {
  const fast = poolFigures(ctx.state, account, asset, null);
  if (fast !== null) return fast;
  // Profiles whose maintenance needs price solves: the kernel report plus the options.
  const slow = crossFigures(ctx.state, account, currentView(ctx.state, account, asset));
  return { equity: slow.equity, maintenance: slow.maintenanceMargin };
}

/** Close short options while the cross pool is below maintenance; true when something was closed. */
export function liquidateShortOptions(ctx: LiquidationContext, account: Account, asset: string): boolean {
  const { state, out } = ctx;
  if (state.options === undefined) return false;
  let figures = crossTotals(ctx, account, asset);
  const options = optionRequirement(state, account.id, asset);
  const shorts = options.positions.filter((position) => position.size < 0n);
  // Long options are assets: sold only when nothing else is left to close (no short option, no
  // future in the pool) and the pool is still below maintenance, i.e. its equity is negative.
  const longs = poolHeld(state, { account, asset, positionKey: null }) ? [] : options.positions.filter((position) => position.size > 0n);
  const candidates = shorts.length > 0 ? shorts : longs;
  if (candidates.length === 0 || !(figures.equity < figures.maintenance)) return false;
  const money = (value: Fixed, rounding: 'floor' | 'ceil') => formatFixed(roundDecimals(value, state.profile.moneyDecimals, rounding));
  const ratio = marginRatio(figures.maintenance, figures.equity);
  out.emit({
    type: 'liquidationStarted',
    account: account.id,
    asset,
    positionKey: null,
    equity: money(figures.equity, 'floor'),
    maintenanceMargin: money(figures.maintenance, 'ceil'),
    marginRatio: ratio === null ? null : formatFixed(roundDecimals(ratio, state.profile.ratioDecimals, 'ceil')),
    rule: shorts.length > 0 && shortOptionRule(state) === 'restore' ? 'restore' : 'full',
    positions: candidates.map((position) => ({ key: position.symbol, size: formatFixed(position.size), markPrice: formatFixed(position.markPrice) })),
  });
  // Largest maintenance first (shorts) or largest value first (longs); ties by symbol (the list is in symbol order).
  const weight = (position: (typeof candidates)[number]): Fixed => (position.size < 0n ? position.maintenanceMargin : position.value);
  const order = [...candidates].sort((a, b) => (weight(a) > weight(b) ? -1 : weight(a) < weight(b) ? 1 : 0));
  let steps = 0;
  for (const first of order) {
    // A short may be bought back in several steps (the venue's rule, option-reduce.ts); a long is sold in one.
    let position: OptionPositionFigures | undefined = first;
    for (let round = 0; position !== undefined && figures.equity < figures.maintenance; round++) {
      steps++;
      const long = position.size > 0n;
      const held = long ? position.size : -position.size;
      // After 64 rounds on one option the rest is bought back at once (a safety net, as for futures).
      const closed = long || round >= 64 ? held : shortBuyBackSize(state, account.id, asset, position, figures);
      const left = closeOption(ctx, account, asset, position, closed);
      figures = crossTotals(ctx, account, asset);
      const symbol: string = position.symbol;
      position = left === 0n ? undefined : optionRequirement(state, account.id, asset).positions.find((p) => p.symbol === symbol);
    }
  }
  const after = crossTotals(ctx, account, asset);
  const held = optionRequirement(state, account.id, asset).positions.length > 0 || poolHeld(state, { account, asset, positionKey: null });
  out.emit({
    type: 'liquidationEnded',
    account: account.id,
    asset,
    positionKey: null,
    outcome: held && !(after.equity < after.maintenance) ? 'restored' : 'closed',
    steps: String(steps),
    equity: money(after.equity, 'floor'),
    maintenanceMargin: money(after.maintenance, 'ceil'),
  });
  // A wallet left below zero, or futures still short, are handled in the next round.
  ctx.enqueue(account.id, asset);
  return true;
}

/** Buys back (short) or sells (long) `closed` contracts of `position` at its mark; the contracts left. */
function closeOption(ctx: LiquidationContext, account: Account, asset: string, position: OptionPositionFigures, closed: Fixed): Fixed {
  const { state, out } = ctx;
  const decimals = assetLedger(state, asset).decimals;
  const long = position.size > 0n;
  const left = (long ? position.size : -position.size) - closed;
  const contractSize = optionMarket(state, position.symbol)?.instrument.contractSize ?? 0n;
  const coins = left === 0n ? position.coins : mul(closed, contractSize, 'ceil');
  // Bought back (short) at the mark rounded up, or sold (long) at the mark rounded down.
  const cashUnits = long ? toUnits(mul(coins, position.markPrice, 'floor'), decimals, 'floor') : -toUnits(mul(coins, position.markPrice, 'ceil'), decimals, 'ceil');
  const pnl = mul(coins, (position.markPrice - position.entryPrice) * (long ? 1n : -1n), 'floor');
  const entries = new Entries(state);
  entries.move(asset, system('clearing'), wallet(account), cashUnits);
  setOptionPosition(state, account.id, position.symbol, left === 0n ? 0n : long ? left : -left, left === 0n ? 0n : position.entryPrice);
  out.emit({
    type: 'liquidationFill',
    account: account.id,
    asset,
    positionKey: position.symbol,
    symbol: position.symbol,
    executor: 'backstop',
    venue: 'mark',
    side: long ? 'sell' : 'buy',
    size: formatFixed(closed),
    price: formatFixed(position.markPrice),
    markPrice: formatFixed(position.markPrice),
    bankruptcyPrice: null,
    fills: [],
    realizedPnl: formatUnits(toUnits(pnl, decimals, 'floor'), decimals),
    remainingSize: formatFixed(left),
    entries: entries.list,
  });
  return left;
}
