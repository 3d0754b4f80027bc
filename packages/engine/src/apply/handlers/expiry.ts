/**
 * `settleExpiry`: a dated future is closed at its settlement price. Every position realises its
 * PnL (clearing <-> holder, floor to units), isolated margin returns to the wallet, open orders in
 * the symbol are cancelled, and the market takes no more trades or prices.
 */
import { applyFill, formatFixed, formatUnits, isDatedFuture, toUnits } from '@margin/core';
import type { SettleExpiryCommand } from '../../commands/schema.js';
import { Entries, assetLedger, isolated, system, wallet } from '../../ledger/ledger.js';
import { reviewRisk } from '../../liquidation/run.js';
import { closePosition } from '../../state/positions.js';
import type { Account, EngineState } from '../../state/types.js';
import type { Sink } from '../../events/sink.js';
import { holdingsOf } from './funding.js';
import { isoTime } from './market.js';

export function applySettleExpiry(state: EngineState, command: SettleExpiryCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const market = state.markets.get(command.symbol);
  if (market === undefined) return reject('instrument_not_found', `unknown symbol "${command.symbol}"`);
  const instrument = market.instrument;
  if (!isDatedFuture(instrument.kind) || instrument.expiryMs === null) return reject('instrument_not_dated');
  if (market.settlementPrice !== null) return reject('instrument_expired');
  if (command.time < instrument.expiryMs) return reject('expiry_not_reached', `expiry is ${isoTime(instrument.expiryMs)}`);
  const asset = instrument.settle;
  const decimals = assetLedger(state, asset).decimals;
  const holdings = holdingsOf(state, market);
  const touched = new Map<string, Account>();
  for (const { account, position } of holdings) {
    const outcome = applyFill(instrument, { size: position.size, entryPrice: position.entryPrice }, -position.size, command.price);
    const pnlUnits = toUnits(outcome.realizedPnl, decimals, 'floor');
    const entries = new Entries(state);
    if (position.margin === 'isolated') {
      entries.move(asset, system('clearing'), isolated(account, position), pnlUnits);
      entries.move(asset, isolated(account, position), wallet(account), position.isolatedUnits);
    } else {
      entries.move(asset, system('clearing'), wallet(account), pnlUnits);
    }
    closePosition(state, account, position);
    touched.set(account.id, account);
    out.emit({
      type: 'positionSettled',
      account: account.id,
      symbol: command.symbol,
      positionKey: position.key,
      size: formatFixed(position.size),
      entryPrice: formatFixed(position.entryPrice),
      price: formatFixed(command.price),
      realizedPnl: formatUnits(pnlUnits, decimals),
      entries: entries.list,
    });
  }
  const accountIds = [...state.accounts.keys()].filter((id) => {
    const account = state.accounts.get(id);
    return account !== undefined && account.orders.size > 0;
  });
  accountIds.sort();
  for (const id of accountIds) {
    const account = state.accounts.get(id);
    if (account === undefined) continue;
    const orderIds = [...account.orders.values()].filter((order) => order.symbol === command.symbol).map((order) => order.orderId).sort();
    for (const orderId of orderIds) {
      const order = account.orders.get(orderId);
      if (order === undefined) continue;
      account.deleteOrder(orderId);
      out.emit({ type: 'orderCanceled', account: id, orderId, symbol: order.symbol, remaining: formatFixed(order.size), reason: 'expired' });
    }
  }
  market.settlementPrice = command.price;
  market.markPrice = command.price;
  state.scan.setMark(market.symbolIndex, 0);
  out.emit({ type: 'expirySettled', symbol: command.symbol, price: formatFixed(command.price), time: isoTime(command.time), positions: String(holdings.length) });
  reviewRisk(state, [...touched.values()].map((account) => ({ account, asset })), out);
}
