/**
 * `fill`: one trade of one account. Checks in precedence order, then the what-if pre-trade check
 * for risk-increasing fills, then the mutation and its balanced ledger entries:
 *
 *   realised PnL   clearing <-> wallet (cross) or isolated account (isolated)   floor to units
 *   fee            wallet -> fees                                              exact (rejected otherwise)
 *                  a rebate (negative fee) at most the venue's rebateRateMax x notional (apply/rebate.ts)
 *   isolated only: release on reduce  isolated -> wallet (all on close or flip, else pro rata, floor)
 *                  top-up on increase wallet -> isolated, up to the position's IM (ceil)
 *
 * A fill that opens or increases a position (including the new side of a flip) must leave the
 * cross pool with equity >= IM + open-order margin; an isolated position is topped up to its IM
 * from the wallet first. Reducing fills always pass (docs/errors.md, initial_margin_insufficient).
 */
import { FLAT, applyFill as applyFillToPosition, formatFixed, formatUnits, fromUnits, pnlBetween, toUnits, type Fixed, type PositionState, type Side } from '@margin/core';
import type { FillCommand } from '../../commands/schema.js';
import { Entries, assetDecimals, assetLedger, isolated, system, wallet, walletUnits } from '../../ledger/ledger.js';
import { rebateAllowanceUnits } from '../rebate.js';
import { reviewRisk } from '../../liquidation/run.js';
import { crossFigures, currentView, riskOfView, withPosition, type PositionView } from '../../risk/pool-risk.js';
import { portfolioRefusal } from '../../portfolio/portfolio-account.js';
import { closePosition, openPosition, positionKey, resizePosition, settingOf } from '../../state/positions.js';
import type { Account, EngineState, Order, Position } from '../../state/types.js';
import { exactUnits, isMultiple } from '../checks.js';
import type { Sink } from '../../events/sink.js';

interface IsolatedFlow {
  /** Isolated balance after PnL and release, before the top-up. */
  readonly balanceUnits: bigint;
  readonly releaseUnits: bigint;
  readonly topUpUnits: bigint;
}

/** Orders after a fill consumed `size` of `order` (removed when nothing remains). */
function ordersAfter(orders: readonly Order[], order: Order | undefined, size: Fixed): Order[] {
  if (order === undefined) return [...orders];
  return orders.flatMap((candidate) => {
    if (candidate !== order) return [candidate];
    const remaining = candidate.size - size;
    return remaining > 0n ? [{ ...candidate, size: remaining }] : [];
  });
}

function isolatedFlow(
  state: EngineState,
  account: Account,
  asset: string,
  position: Position | undefined,
  next: PositionView | null,
  pnlUnits: bigint,
  closedSize: Fixed,
  opens: boolean,
): IsolatedFlow {
  const decimals = assetLedger(state, asset).decimals;
  const held = position === undefined ? 0n : position.size < 0n ? -position.size : position.size;
  const balance = (position?.isolatedUnits ?? 0n) + pnlUnits;
  const flipped = position !== undefined && next !== null && next.size > 0n !== position.size > 0n;
  let releaseUnits = 0n;
  if (position !== undefined && (next === null || flipped)) releaseUnits = balance;
  else if (closedSize > 0n && balance > 0n) releaseUnits = (balance * closedSize) / held; // floor: both positive
  const remaining = balance - releaseUnits;
  let topUpUnits = 0n;
  if (opens && next !== null) {
    const single = riskOfView(state, account, { asset, wallet: 0n, orders: [], positions: [{ ...next, isolatedUnits: remaining }] });
    const risk = single.positions[0];
    if (risk !== undefined) {
      const shortfall = risk.initialMargin - (fromUnits(remaining, decimals) + risk.unrealizedPnl);
      if (shortfall > 0n) topUpUnits = toUnits(shortfall, decimals, 'ceil');
    }
  }
  return { balanceUnits: remaining, releaseUnits, topUpUnits };
}

export function applyFill(state: EngineState, command: FillCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const account = state.accounts.get(command.account);
  if (account === undefined) return reject('account_not_found');
  const market = state.markets.get(command.symbol);
  if (market === undefined) return reject('instrument_not_found', `unknown symbol "${command.symbol}"`);
  if (market.settlementPrice !== null) return reject('instrument_expired');
  if (market.markPrice === null) return reject('mark_price_missing');
  const portfolioRefused = portfolioRefusal(state, account, command.symbol);
  if (portfolioRefused !== null) return reject('portfolio_model_cannot_hold', portfolioRefused);
  const instrument = market.instrument;
  if (!isMultiple(command.price, instrument.tickSize)) return reject('price_not_multiple_of_tick');
  if (!isMultiple(command.size, instrument.lotSize)) return reject('size_not_multiple_of_lot');
  const asset = instrument.settle;
  const feeUnits = exactUnits(state, asset, command.fee);
  if (feeUnits === null) return reject('amount_precision_exceeded', `fee has more than ${assetLedger(state, asset).decimals} fraction digits for ${asset}`);
  if (feeUnits < 0n) {
    const allowanceUnits = rebateAllowanceUnits(state, instrument, command.size, command.price);
    if (-feeUnits > allowanceUnits) {
      const decimals = assetDecimals(state, asset);
      return reject(
        'fee_rebate_exceeds_allowance',
        `rebate ${formatUnits(-feeUnits, decimals)} ${asset} exceeds ${formatUnits(allowanceUnits, decimals)} ${asset} (rebateRateMax ${formatFixed(state.profile.rebateRateMax ?? 0n)} of the fill's notional)`,
      );
    }
  }
  const hedge = account.positionMode === 'hedge';
  if (hedge && command.positionSide === undefined) return reject('position_side_required');
  if (!hedge && command.positionSide !== undefined) return reject('position_side_not_allowed');
  const positionSide: Side | null = hedge ? (command.positionSide ?? null) : null;
  let order: Order | undefined;
  if (command.orderId !== undefined) {
    order = account.orders.get(command.orderId);
    if (order === undefined || order.symbol !== command.symbol || order.side !== command.side || order.positionSide !== positionSide) {
      return reject('order_not_found', `no open ${command.side} order "${command.orderId}" on ${command.symbol}`);
    }
    if (command.size > order.size) return reject('order_size_exceeded');
  }
  const key = positionKey(command.symbol, positionSide);
  const position = account.positions.get(key);
  const signedSize = command.side === 'buy' ? command.size : -command.size;
  if (hedge && (positionSide === 'long') !== (command.side === 'buy')) {
    const held = position === undefined ? 0n : position.size < 0n ? -position.size : position.size;
    if (command.size > held) return reject('reduce_exceeds_position');
  }
  const before: PositionState = position === undefined ? FLAT : { size: position.size, entryPrice: position.entryPrice };
  const outcome = applyFillToPosition(instrument, before, signedSize, command.price, !hedge);
  const opens = outcome.openedSize > 0n;
  if (opens && (command.reduceOnly || order?.reduceOnly === true)) return reject('reduce_only_would_increase_position');

  const decimals = assetLedger(state, asset).decimals;
  const margin = position?.margin ?? settingOf(account, command.symbol).margin;
  const pnlUnits = toUnits(outcome.realizedPnl, decimals, 'floor');
  const nextSize = outcome.position.size;
  const next: PositionView | null =
    nextSize === 0n
      ? null
      : { key, symbol: command.symbol, positionSide, size: nextSize, entryPrice: outcome.position.entryPrice, margin, isolatedUnits: 0n };
  const flow =
    margin === 'isolated'
      ? isolatedFlow(state, account, asset, position, next, pnlUnits, outcome.closedSize, opens)
      : { balanceUnits: 0n, releaseUnits: 0n, topUpUnits: 0n };

  if (opens) {
    const view = currentView(state, account, asset);
    const walletAfter = view.wallet + (margin === 'cross' ? pnlUnits : 0n) - feeUnits + flow.releaseUnits - flow.topUpUnits;
    const nextView = next === null ? null : { ...next, isolatedUnits: flow.balanceUnits + flow.topUpUnits };
    const figures = crossFigures(state, account, withPosition({ ...view, wallet: walletAfter, orders: ordersAfter(view.orders, order, command.size) }, key, nextView));
    // Where the profile says so, the instant gain of opening better than the mark is not equity
    // (Binance's order cost); an opening loss is already in the figures through the mark.
    const gain = margin === 'cross' && state.profile.openingGain === 'excluded' ? openingGain(instrument, command.side, outcome.openedSize, command.price, market.markPrice) : 0n;
    if (figures.free - gain < 0n) {
      return reject(
        'initial_margin_insufficient',
        gain > 0n
          ? `equity ${formatFixed(figures.equity)} less the opening gain ${formatFixed(gain)} (not credited by this profile) < initial margin ${formatFixed(figures.initialMargin)} + open-order margin ${formatFixed(figures.orderMargin)} ${asset}`
          : `equity ${formatFixed(figures.equity)} < initial margin ${formatFixed(figures.initialMargin)} + open-order margin ${formatFixed(figures.orderMargin)} ${asset}`,
      );
    }
  }

  // Mutation: no rejection past this point.
  const entries = new Entries(state);
  let held = position;
  if (held === undefined && next !== null) {
    held = openPosition(state, account, market, { symbol: command.symbol, positionSide, size: next.size, entryPrice: next.entryPrice, margin });
  }
  if (held !== undefined) {
    const pnlAccount = margin === 'isolated' ? isolated(account, held) : wallet(account);
    entries.move(asset, system('clearing'), pnlAccount, pnlUnits);
    entries.move(asset, wallet(account), system('fees'), feeUnits);
    if (margin === 'isolated') {
      entries.move(asset, isolated(account, held), wallet(account), flow.releaseUnits);
      entries.move(asset, wallet(account), isolated(account, held), flow.topUpUnits);
    }
    if (next === null) closePosition(state, account, held);
    else resizePosition(state, market, held, next.size, next.entryPrice);
  }
  if (order !== undefined) {
    order.size -= command.size;
    if (order.size === 0n) account.deleteOrder(order.orderId);
  }
  out.emit({
    type: 'filled',
    account: account.id,
    symbol: command.symbol,
    side: command.side,
    positionSide,
    size: formatFixed(command.size),
    price: formatFixed(command.price),
    fee: formatUnits(feeUnits, decimals),
    orderId: command.orderId ?? null,
    orderRemaining: order === undefined ? null : formatFixed(order.size),
    realizedPnl: formatUnits(pnlUnits, decimals),
    position: {
      key,
      size: formatFixed(nextSize),
      entryPrice: formatFixed(outcome.position.entryPrice),
      margin,
      isolatedBalance: held !== undefined && margin === 'isolated' ? formatUnits(held.isolatedUnits, decimals) : null,
    },
    walletBalance: formatUnits(walletUnits(account, asset), decimals),
    entries: entries.list,
    time: new Date(command.time).toISOString(),
  });
  reviewRisk(state, [{ account, asset }], out);
}

/** The paper gain of opening `size` at `price` when the mark is better for the position: >= 0, rounded up. */
function openingGain(instrument: Parameters<typeof pnlBetween>[0], tradeSide: 'buy' | 'sell', size: Fixed, price: Fixed, markPrice: Fixed | null): Fixed {
  if (size <= 0n || markPrice === null) return 0n;
  const gain = pnlBetween(instrument, tradeSide === 'buy' ? 'long' : 'short', size, price, markPrice, 'ceil');
  return gain > 0n ? gain : 0n;
}
