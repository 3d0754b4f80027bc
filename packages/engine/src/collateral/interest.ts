/**
 * `chargeInterest`: interest on the account's loan of an asset (the negative part of its wallet)
 * over the period the command states (no clock), by core's `accruedInterest` (365-day year,
 * rounded up, then up to the asset's units), paid from the wallet to `fees`.
 */
import { formatFixed, formatUnits, fromUnits, accruedInterest, toUnits } from '@margin/core';
import type { ChargeInterestCommand } from '@margin/wire';
import { Entries, assetDecimals, assetLedger, system, wallet, walletUnits } from '../ledger/ledger.js';
import { reviewRisk } from '../liquidation/run.js';
import type { EngineState } from '../state/types.js';
import type { Sink } from '../events/sink.js';

export function applyChargeInterest(state: EngineState, command: ChargeInterestCommand, out: Sink): void {
  const account = state.accounts.get(command.account);
  if (account === undefined) {
    out.reject(command.type, 'account_not_found');
    return;
  }
  if (command.to < command.from) {
    out.reject(command.type, 'interest_period_invalid', `to (${new Date(command.to).toISOString()}) is before from (${new Date(command.from).toISOString()})`);
    return;
  }
  const decimals = assetDecimals(state, command.asset);
  const balance = walletUnits(account, command.asset);
  const principalUnits = balance < 0n ? -balance : 0n;
  const interest = accruedInterest(fromUnits(principalUnits, decimals), command.annualRate, command.from, command.to);
  // Charged to the account: rounded up to whole units.
  const units = toUnits(interest, decimals, 'ceil');
  const entries = new Entries(state);
  if (units > 0n) {
    assetLedger(state, command.asset);
    entries.move(command.asset, wallet(account), system('fees'), units);
  }
  out.emit({
    type: 'interestCharged',
    account: account.id,
    asset: command.asset,
    principal: formatUnits(principalUnits, decimals),
    annualRate: formatFixed(command.annualRate),
    amount: formatUnits(units, decimals),
    walletBalance: formatUnits(walletUnits(account, command.asset), decimals),
    entries: entries.list,
  });
  if (units > 0n) reviewRisk(state, [{ account, asset: command.asset }], out);
}
