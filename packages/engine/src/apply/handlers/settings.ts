/** `setLeverage`, `setMarginMode`, `setPositionMode`: per-account trading settings. */
import { formatFixed, notionalAt, tierAt, tierIndexForPosition, type Fixed } from '@margin/core';
import type { SetLeverageCommand, SetMarginModeCommand, SetPositionModeCommand } from '../../commands/schema.js';
import { reviewRisk } from '../../liquidation/run.js';
import { crossFigures, currentView, riskOfView } from '../../risk/pool-risk.js';
import { settingOf } from '../../state/positions.js';
import type { Account, EngineState } from '../../state/types.js';
import type { Sink } from '../../events/sink.js';

function symbolBusy(account: Account, symbol: string): boolean {
  for (const position of account.positions.values()) if (position.symbol === symbol) return true;
  for (const order of account.orders.values()) if (order.symbol === symbol) return true;
  return false;
}

/** Whether the account's pools in `asset` still meet IM (cross incl. order margin, each isolated). */
function meetsInitialMargin(state: EngineState, account: Account, asset: string, symbol: string): boolean {
  const view = currentView(state, account, asset);
  if (crossFigures(state, account, view).free < 0n) return false;
  const report = riskOfView(state, account, view);
  return report.positions.every(
    (risk) => risk.spec.symbol !== symbol || risk.isolated === null || risk.isolated.equity >= risk.initialMargin,
  );
}

export function applySetLeverage(state: EngineState, command: SetLeverageCommand, out: Sink): void {
  const account = state.accounts.get(command.account);
  if (account === undefined) return out.reject(command.type, 'account_not_found');
  const market = state.markets.get(command.symbol);
  if (market === undefined) return out.reject(command.type, 'instrument_not_found', `unknown symbol "${command.symbol}"`);
  const instrument = market.instrument;
  // The tier of the largest position held in the symbol caps the leverage.
  let notional: Fixed = 0n;
  let largest: Fixed = 0n;
  for (const position of account.positions.values()) {
    if (position.symbol !== command.symbol || market.markPrice === null) continue;
    const size = position.size < 0n ? -position.size : position.size;
    const value = notionalAt(instrument, size, market.markPrice, 'ceil');
    if (value > notional) notional = value;
    if (size > largest) largest = size;
  }
  const tierIndex = tierIndexForPosition(instrument.tiers, notional, largest);
  const tier = tierAt(instrument.tiers, tierIndex);
  if (command.leverage > tier.maxLeverage) {
    return out.reject(command.type, 'leverage_above_tier_max', `at most ${formatFixed(tier.maxLeverage)} for tier ${tierIndex + 1}`);
  }
  const previous = account.settings.get(command.symbol);
  const before = settingOf(account, command.symbol).leverage ?? tier.maxLeverage;
  account.setSetting(command.symbol, { ...settingOf(account, command.symbol), leverage: command.leverage });
  // Only a lower leverage raises initial margin; a higher one always passes (it frees margin).
  const lowers = command.leverage < before;
  if (lowers && symbolBusy(account, command.symbol) && !meetsInitialMargin(state, account, instrument.settle, command.symbol)) {
    // Undo the trial setting exactly (absent stays absent: the snapshot must not change).
    if (previous === undefined) account.deleteSetting(command.symbol);
    else account.setSetting(command.symbol, previous);
    return out.reject(command.type, 'initial_margin_insufficient', 'the lower leverage raises initial margin above equity');
  }
  out.emit({ type: 'leverageSet', account: account.id, symbol: command.symbol, leverage: formatFixed(command.leverage) });
  reviewRisk(state, [{ account, asset: instrument.settle }], out);
}

export function applySetMarginMode(state: EngineState, command: SetMarginModeCommand, out: Sink): void {
  const account = state.accounts.get(command.account);
  if (account === undefined) return out.reject(command.type, 'account_not_found');
  if (!state.markets.has(command.symbol)) return out.reject(command.type, 'instrument_not_found', `unknown symbol "${command.symbol}"`);
  if (symbolBusy(account, command.symbol)) return out.reject(command.type, 'position_or_orders_open');
  if (account.portfolioModel !== null && command.mode === 'isolated') return out.reject(command.type, 'portfolio_isolated_not_allowed', `the account is in portfolio margin (${account.portfolioModel})`);
  account.setSetting(command.symbol, { ...settingOf(account, command.symbol), margin: command.mode });
  out.emit({ type: 'marginModeSet', account: account.id, symbol: command.symbol, mode: command.mode });
}

export function applySetPositionMode(state: EngineState, command: SetPositionModeCommand, out: Sink): void {
  const account = state.accounts.get(command.account);
  if (account === undefined) return out.reject(command.type, 'account_not_found');
  if (account.positions.size > 0 || account.orders.size > 0) return out.reject(command.type, 'positions_or_orders_open');
  account.positionMode = command.mode;
  out.emit({ type: 'positionModeSet', account: account.id, mode: command.mode });
}
