/** `placeOrder` / `cancelOrder`: open orders reserve initial margin (rules in risk/pool-risk.ts). */
import { formatFixed, type Side } from '@margin/core';
import type { CancelOrderCommand, PlaceOrderCommand } from '../../commands/schema.js';
import { crossFigures, currentView, orderInitialMargin, orderOpens } from '../../risk/pool-risk.js';
import { positionKey } from '../../state/positions.js';
import { portfolioRefusal } from '../../portfolio/portfolio-account.js';
import type { EngineState, Order } from '../../state/types.js';
import { isMultiple } from '../checks.js';
import type { Sink } from '../../events/sink.js';

export function applyPlaceOrder(state: EngineState, command: PlaceOrderCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const account = state.accounts.get(command.account);
  if (account === undefined) return reject('account_not_found');
  const market = state.markets.get(command.symbol);
  if (market === undefined) return reject('instrument_not_found', `unknown symbol "${command.symbol}"`);
  if (market.settlementPrice !== null) return reject('instrument_expired');
  if (market.markPrice === null) return reject('mark_price_missing');
  const portfolioRefused = portfolioRefusal(state, account, command.symbol);
  if (portfolioRefused !== null) return reject('portfolio_model_cannot_hold', portfolioRefused);
  if (!isMultiple(command.price, market.instrument.tickSize)) return reject('price_not_multiple_of_tick');
  if (!isMultiple(command.size, market.instrument.lotSize)) return reject('size_not_multiple_of_lot');
  const hedge = account.positionMode === 'hedge';
  if (hedge && command.positionSide === undefined) return reject('position_side_required');
  if (!hedge && command.positionSide !== undefined) return reject('position_side_not_allowed');
  if (account.orders.has(command.orderId)) return reject('order_id_in_use');
  const positionSide: Side | null = hedge ? (command.positionSide ?? null) : null;
  if (command.reduceOnly) {
    const position = account.positions.get(positionKey(command.symbol, positionSide));
    const reduces =
      positionSide === null
        ? position !== undefined && position.size > 0n === (command.side === 'sell')
        : (positionSide === 'long') === (command.side === 'sell');
    if (!reduces) return reject('reduce_only_would_increase_position');
  }
  const order: Order = {
    orderId: command.orderId,
    symbol: command.symbol,
    side: command.side,
    positionSide,
    size: command.size,
    price: command.price,
    reduceOnly: command.reduceOnly,
  };
  const asset = market.instrument.settle;
  const view = currentView(state, account, asset);
  const before = crossFigures(state, account, view);
  const after = crossFigures(state, account, { ...view, orders: [...view.orders, order] });
  if (after.orderMargin > before.orderMargin && after.free < 0n) {
    return reject(
      'initial_margin_insufficient',
      `equity ${formatFixed(after.equity)} < initial margin ${formatFixed(after.initialMargin)} + open-order margin ${formatFixed(after.orderMargin)} ${asset}`,
    );
  }
  account.setOrder(order);
  out.emit({
    type: 'orderPlaced',
    account: account.id,
    orderId: order.orderId,
    symbol: order.symbol,
    side: order.side,
    positionSide,
    size: formatFixed(order.size),
    price: formatFixed(order.price),
    reduceOnly: order.reduceOnly,
    orderInitialMargin: orderOpens(order) ? formatFixed(orderInitialMargin(state, account, order)) : '0',
    openOrderMargin: formatFixed(after.orderMargin),
  });
}

export function applyCancelOrder(state: EngineState, command: CancelOrderCommand, out: Sink): void {
  const account = state.accounts.get(command.account);
  if (account === undefined) return out.reject(command.type, 'account_not_found');
  const order = account.orders.get(command.orderId);
  if (order === undefined) return out.reject(command.type, 'order_not_found');
  account.deleteOrder(order.orderId);
  out.emit({ type: 'orderCanceled', account: account.id, orderId: order.orderId, symbol: order.symbol, remaining: formatFixed(order.size), reason: 'canceled' });
}
