/**
 * `lossShare`: a holder's share of a socialised loss decided across engine instances (the
 * shortfall protocol for socialize profiles, docs/scale-out.md). As the local settlement does it
 * (liquidation/socialize.ts), the share leaves the position's holder with a `lossShared` event;
 * here it goes to the system account `transfers`, on its way to the bankrupt's instance
 * (`shortfallSettle`). The account is then reviewed as after any change.
 */
import { formatFixed, formatUnits } from '@margin/core';
import type { LossShareCommand } from '../../commands/schema.js';
import type { Sink } from '../../events/sink.js';
import { Entries, assetLedger, system } from '../../ledger/ledger.js';
import { holderOf } from '../../liquidation/pool-state.js';
import { reviewRisk } from '../../liquidation/run.js';
import type { EngineState } from '../../state/types.js';
import { exactUnits } from '../checks.js';

export function applyLossShare(state: EngineState, command: LossShareCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const account = state.accounts.get(command.account);
  if (account === undefined) return reject('account_not_found');
  const market = state.markets.get(command.symbol);
  if (market === undefined) return reject('instrument_not_found', `unknown symbol "${command.symbol}"`);
  const position = account.positions.get(command.positionKey);
  if (position === undefined || position.symbol !== command.symbol) return reject('adl_position_changed', `${command.account} holds no position "${command.positionKey}"`);
  const asset = market.instrument.settle;
  const units = exactUnits(state, asset, command.amount);
  if (units === null) return reject('amount_precision_exceeded', `amount has more than ${assetLedger(state, asset).decimals} fraction digits for ${asset}`);
  const entries = new Entries(state);
  entries.move(asset, holderOf(account, position), system('transfers'), units);
  out.emit({
    type: 'lossShared',
    account: account.id,
    asset,
    symbol: command.symbol,
    positionKey: position.key,
    size: formatFixed(position.size),
    amount: formatUnits(units, assetLedger(state, asset).decimals),
    entries: entries.list,
  });
  reviewRisk(state, [{ account, asset }], out);
}
