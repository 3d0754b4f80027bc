/** `addIsolatedMargin` / `removeIsolatedMargin`: transfers between the wallet and an isolated position. */
import { formatUnits, max, toUnits } from '@margin/core';
import type { AddIsolatedMarginCommand, RemoveIsolatedMarginCommand } from '../../commands/schema.js';
import { Entries, assetLedger, isolated, wallet } from '../../ledger/ledger.js';
import { reviewRisk } from '../../liquidation/run.js';
import { currentView, riskOfView } from '../../risk/pool-risk.js';
import { positionKey } from '../../state/positions.js';
import type { Account, EngineState, Position } from '../../state/types.js';
import { exactUnits } from '../checks.js';
import type { Sink } from '../../events/sink.js';
import { withdrawableUnits } from './money.js';

type IsolatedCommand = AddIsolatedMarginCommand | RemoveIsolatedMarginCommand;

interface Target {
  readonly account: Account;
  readonly position: Position;
  readonly asset: string;
  readonly units: bigint;
}

function target(state: EngineState, command: IsolatedCommand, out: Sink): Target | null {
  const account = state.accounts.get(command.account);
  if (account === undefined) {
    out.reject(command.type, 'account_not_found');
    return null;
  }
  const market = state.markets.get(command.symbol);
  if (market === undefined) {
    out.reject(command.type, 'instrument_not_found', `unknown symbol "${command.symbol}"`);
    return null;
  }
  const hedge = account.positionMode === 'hedge';
  if (hedge && command.positionSide === undefined) {
    out.reject(command.type, 'position_side_required');
    return null;
  }
  if (!hedge && command.positionSide !== undefined) {
    out.reject(command.type, 'position_side_not_allowed');
    return null;
  }
  const position = account.positions.get(positionKey(command.symbol, command.positionSide ?? null));
  if (position === undefined || position.margin !== 'isolated') {
    out.reject(command.type, 'isolated_position_not_found');
    return null;
  }
  const asset = market.instrument.settle;
  const units = exactUnits(state, asset, command.amount);
  if (units === null) {
    out.reject(command.type, 'amount_precision_exceeded', `amount has more than ${assetLedger(state, asset).decimals} fraction digits for ${asset}`);
    return null;
  }
  return { account, position, asset, units };
}

function done(state: EngineState, command: IsolatedCommand, found: Target, entries: Entries, out: Sink): void {
  const decimals = assetLedger(state, found.asset).decimals;
  out.emit({
    type: command.type === 'addIsolatedMargin' ? 'isolatedMarginAdded' : 'isolatedMarginRemoved',
    account: found.account.id,
    symbol: found.position.symbol,
    positionKey: found.position.key,
    amount: formatUnits(found.units, decimals),
    isolatedBalance: formatUnits(found.position.isolatedUnits, decimals),
    entries: entries.list,
  });
  reviewRisk(state, [{ account: found.account, asset: found.asset }], out);
}

export function applyAddIsolatedMargin(state: EngineState, command: AddIsolatedMarginCommand, out: Sink): void {
  const found = target(state, command, out);
  if (found === null) return;
  const available = withdrawableUnits(state, found.account.id, found.asset);
  if (found.units > available) {
    const decimals = assetLedger(state, found.asset).decimals;
    return out.reject(command.type, 'available_balance_insufficient', `at most ${formatUnits(available, decimals)} ${found.asset} is free`);
  }
  const entries = new Entries(state);
  entries.move(found.asset, wallet(found.account), isolated(found.account, found.position), found.units);
  done(state, command, found, entries, out);
}

/** What may leave an isolated position: min(balance, equity - IM), floored to units. */
export function isolatedFreeUnits(state: EngineState, account: Account, position: Position, asset: string): bigint {
  const decimals = assetLedger(state, asset).decimals;
  const view = currentView(state, account, asset);
  const report = riskOfView(state, account, { ...view, positions: view.positions.filter((p) => p.key === position.key) });
  const risk = report.positions[0];
  if (risk === undefined || risk.isolated === null) return 0n;
  const free = toUnits(risk.isolated.equity - risk.initialMargin, decimals, 'floor');
  return max(0n, free < position.isolatedUnits ? free : position.isolatedUnits);
}

export function applyRemoveIsolatedMargin(state: EngineState, command: RemoveIsolatedMarginCommand, out: Sink): void {
  const found = target(state, command, out);
  if (found === null) return;
  const available = isolatedFreeUnits(state, found.account, found.position, found.asset);
  if (found.units > available) {
    const decimals = assetLedger(state, found.asset).decimals;
    return out.reject(command.type, 'available_balance_insufficient', `at most ${formatUnits(available, decimals)} ${found.asset} can be removed`);
  }
  const entries = new Entries(state);
  entries.move(found.asset, isolated(found.account, found.position), wallet(found.account), found.units);
  done(state, command, found, entries, out);
}
