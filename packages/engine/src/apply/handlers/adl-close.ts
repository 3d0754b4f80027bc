/**
 * `adlClose`: a counterparty's side of an ADL decided across engine instances (the shortfall
 * protocol, docs/scale-out.md). As a local ADL does it (liquidation/deficit.ts), the position
 * closes `quantity` at `price` (the bankrupt position's mark: realised PnL against `clearing`) and
 * pays `haircut`; here the haircut goes to the system account `transfers`, on its way to the
 * bankrupt's instance (`shortfallSettle`). The account is then reviewed as after any change.
 */
import { formatFixed, formatUnits } from '@margin/core';
import type { AdlCloseCommand } from '../../commands/schema.js';
import type { Sink } from '../../events/sink.js';
import { Entries, assetLedger, system } from '../../ledger/ledger.js';
import { absSize, realizeClose, removeClosed, sideOf } from '../../liquidation/close.js';
import { holderOf } from '../../liquidation/pool-state.js';
import { reviewRisk } from '../../liquidation/run.js';
import type { EngineState } from '../../state/types.js';
import { exactUnits } from '../checks.js';

export function applyAdlClose(state: EngineState, command: AdlCloseCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const account = state.accounts.get(command.account);
  if (account === undefined) return reject('account_not_found');
  const market = state.markets.get(command.symbol);
  if (market === undefined) return reject('instrument_not_found', `unknown symbol "${command.symbol}"`);
  if (market.markPrice === null) return reject('mark_price_missing');
  const position = account.positions.get(command.positionKey);
  if (position === undefined || position.symbol !== command.symbol || sideOf(position) !== command.side || absSize(position) < command.quantity) {
    return reject('adl_position_changed', `position "${command.positionKey}" of ${command.account} is not a ${command.side} of at least ${formatFixed(command.quantity)}`);
  }
  const asset = market.instrument.settle;
  const haircut = exactUnits(state, asset, command.haircut);
  if (haircut === null) return reject('amount_precision_exceeded', `haircut has more than ${assetLedger(state, asset).decimals} fraction digits for ${asset}`);
  const decimals = assetLedger(state, asset).decimals;
  const entries = new Entries(state);
  const close = realizeClose(state, entries, account, market, position, command.quantity, command.price);
  entries.move(asset, holderOf(account, position), system('transfers'), haircut);
  if (close.flat) removeClosed(state, entries, account, market, position);
  out.emit({
    type: 'autoDeleveraged',
    account: account.id,
    asset,
    symbol: command.symbol,
    positionKey: position.key,
    side: command.side,
    size: formatFixed(command.quantity),
    price: command.bankruptcyPrice === undefined ? null : formatFixed(command.bankruptcyPrice),
    markPrice: formatFixed(command.price),
    rank: command.rank,
    queue: command.queue,
    realizedPnl: formatUnits(close.pnlUnits - haircut, decimals),
    haircut: formatUnits(haircut, decimals),
    bankruptAccount: command.bankruptAccount,
    bankruptPositionKey: command.bankruptPositionKey,
    remainingSize: formatFixed(close.flat ? 0n : position.size),
    entries: entries.list,
  });
  reviewRisk(state, [{ account, asset }], out);
}
