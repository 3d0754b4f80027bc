/**
 * `settleExpiry` on an option symbol: cash settlement at the settlement price (quote per coin).
 * An in-the-money option pays its intrinsic value: each long receives intrinsic x coins from
 * clearing (rounded down), each short pays it to clearing (rounded up); inverse options pay
 * intrinsic / settlement price, in coin (core `settlementValue`). Out of the money nothing moves.
 * Positions are removed and the market takes no more trades or prices.
 */
import { formatFixed, formatUnits, intrinsicPerCoin, settlementValue, toUnits } from '@margin/core';
import type { SettleExpiryCommand } from '@margin/wire';
import { Entries, assetLedger, system, wallet } from '../../ledger/ledger.js';
import type { Sink } from '../../events/sink.js';
import type { Account, EngineState } from '../../state/types.js';
import { reviewRisk } from '../../liquidation/run.js';
import { holdersOf, optionMarket, setOptionPosition } from '../../state/option-book.js';

/** Handles the command when `command.symbol` is an option; false otherwise. */
const isoTime = (ms: number): string => new Date(ms).toISOString();

export function applyOptionExpiry(state: EngineState, command: SettleExpiryCommand, out: Sink): boolean {
  const market = optionMarket(state, command.symbol);
  if (market === null) return false;
  const { instrument } = market;
  if (market.settlementPrice !== null) {
    out.reject(command.type, 'instrument_expired', `${command.symbol} has been settled`);
    return true;
  }
  if (command.time < instrument.expiryMs) {
    out.reject(command.type, 'expiry_not_reached', `expiry is ${isoTime(instrument.expiryMs)}`);
    return true;
  }
  const asset = instrument.settle;
  const decimals = assetLedger(state, asset).decimals;
  const holders = holdersOf(state, command.symbol);
  const touched: Account[] = [];
  for (const position of holders) {
    const account = state.accounts.get(position.accountId);
    if (account === undefined) continue;
    const value = settlementValue(instrument, position.size, command.price);
    const units = position.size > 0n ? toUnits(value, decimals, 'floor') : -toUnits(value, decimals, 'ceil');
    const entries = new Entries(state);
    entries.move(asset, system('clearing'), wallet(account), units);
    setOptionPosition(state, account.id, command.symbol, 0n, 0n);
    touched.push(account);
    out.emit({
      type: 'positionSettled',
      account: account.id,
      symbol: command.symbol,
      positionKey: command.symbol,
      size: formatFixed(position.size),
      entryPrice: formatFixed(position.entryPrice),
      price: formatFixed(command.price),
      realizedPnl: formatUnits(units, decimals),
      entries: entries.list,
    });
  }
  market.settlementPrice = command.price;
  market.markPrice = intrinsicPerCoin(instrument, command.price);
  market.markIv = null;
  out.emit({ type: 'expirySettled', symbol: command.symbol, price: formatFixed(command.price), time: isoTime(command.time), positions: String(holders.length) });
  reviewRisk(state, touched.map((account) => ({ account, asset })), out);
  return true;
}
