/** `asset`, `deposit` and `withdraw`: money in and out of the engine through the `world` account. */
import { formatUnits, max, toUnits } from '@margin/core';
import type { AssetCommand, DepositCommand, WithdrawCommand } from '../../commands/schema.js';
import { Entries, assetDecimals, assetLedger, system, wallet, walletUnits } from '../../ledger/ledger.js';
import { multiAssetWithdrawableUnits } from '../../collateral/multi-asset-account.js';
import { crossFigures, currentView } from '../../risk/pool-risk.js';
import { optionPositionsOf } from '../../state/option-book.js';
import { reviewRisk } from '../../liquidation/run.js';
import { newAccount } from '../../state/positions.js';
import type { EngineState } from '../../state/types.js';
import { exactUnits } from '../checks.js';
import type { Sink } from '../../events/sink.js';

export function applyAsset(state: EngineState, command: AssetCommand, out: Sink): void {
  const existing = state.assets.get(command.asset);
  if (existing !== undefined && existing.decimals !== command.decimals && assetInUse(state, command.asset)) {
    out.reject(command.type, 'asset_in_use');
    return;
  }
  assetLedger(state, command.asset).decimals = command.decimals;
  out.emit({ type: 'assetDefined', asset: command.asset, decimals: String(command.decimals) });
}

function assetInUse(state: EngineState, asset: string): boolean {
  const ledger = state.assets.get(asset);
  if (ledger === undefined) return false;
  if (ledger.deposited !== 0n || ledger.withdrawn !== 0n) return true;
  for (const units of ledger.system.values()) if (units !== 0n) return true;
  for (const market of state.markets.values()) if (market.instrument.settle === asset) return true;
  return false;
}

export function applyDeposit(state: EngineState, command: DepositCommand, out: Sink): void {
  const units = exactUnits(state, command.asset, command.amount);
  if (units === null) {
    out.reject(command.type, 'amount_precision_exceeded', `amount has more than ${assetDecimals(state, command.asset)} fraction digits for ${command.asset}`);
    return;
  }
  let account = state.accounts.get(command.account);
  if (account === undefined) {
    account = newAccount(command.account);
    state.accounts.set(account.id, account);
  }
  const ledger = assetLedger(state, command.asset);
  const entries = new Entries(state);
  entries.move(command.asset, system('world'), wallet(account), units);
  ledger.deposited += units;
  out.emit({
    type: 'deposited',
    account: account.id,
    asset: command.asset,
    amount: formatUnits(units, ledger.decimals),
    walletBalance: formatUnits(walletUnits(account, command.asset), ledger.decimals),
    entries: entries.list,
  });
  reviewRisk(state, [{ account, asset: command.asset }], out);
}

export function applyWithdraw(state: EngineState, command: WithdrawCommand, out: Sink): void {
  const account = state.accounts.get(command.account);
  if (account === undefined) {
    out.reject(command.type, 'account_not_found');
    return;
  }
  const units = exactUnits(state, command.asset, command.amount);
  if (units === null) {
    out.reject(command.type, 'amount_precision_exceeded', `amount has more than ${assetDecimals(state, command.asset)} fraction digits for ${command.asset}`);
    return;
  }
  const available = withdrawableUnits(state, account.id, command.asset);
  if (units > available) {
    const decimals = assetDecimals(state, command.asset);
    out.reject(command.type, 'available_balance_insufficient', `at most ${formatUnits(available, decimals)} ${command.asset} can be withdrawn`);
    return;
  }
  const ledger = assetLedger(state, command.asset);
  const entries = new Entries(state);
  entries.move(command.asset, wallet(account), system('world'), units);
  ledger.withdrawn += units;
  out.emit({
    type: 'withdrawn',
    account: account.id,
    asset: command.asset,
    amount: formatUnits(units, ledger.decimals),
    walletBalance: formatUnits(walletUnits(account, command.asset), ledger.decimals),
    entries: entries.list,
  });
  reviewRisk(state, [{ account, asset: command.asset }], out);
}

/**
 * What may leave the cross wallet: min(wallet, equity - IM - open-order margin), floored to units,
 * never negative. Unrealised profit backs positions but cannot be withdrawn.
 */
export function withdrawableUnits(state: EngineState, accountId: string, asset: string): bigint {
  const account = state.accounts.get(accountId);
  if (account === undefined) return 0n;
  const multiAsset = multiAssetWithdrawableUnits(state, account, asset);
  if (multiAsset !== null) return multiAsset;
  const view = currentView(state, account, asset);
  const walletBalance = walletUnits(account, asset);
  if (view.positions.length === 0 && view.orders.length === 0 && optionPositionsOf(state, accountId, asset).length === 0) return max(0n, walletBalance);
  const figures = crossFigures(state, account, view);
  // Floored to units: against the account.
  const freeUnits = toUnits(figures.free, assetDecimals(state, asset), 'floor');
  return max(0n, freeUnits < walletBalance ? freeUnits : walletBalance);
}
