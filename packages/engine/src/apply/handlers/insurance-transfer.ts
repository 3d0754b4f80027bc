/**
 * `insuranceTransfer`: one leg of insurance money moving between engine instances (account
 * partitions, docs/scale-out.md). The `out` leg moves the amount from the fund to the system
 * account `transfers` (refused when the fund holds less: a fund never goes below zero); the `in`
 * leg, applied by the other instance, moves it from `transfers` into its fund. Each instance's
 * ledger sums to zero after either leg; over both instances `transfers` sums to the money still
 * on its way (zero once both legs applied).
 */
import { formatUnits } from '@margin/core';
import type { InsuranceTransferCommand } from '../../commands/schema.js';
import type { Sink } from '../../events/sink.js';
import { Entries, assetDecimals, assetLedger, system } from '../../ledger/ledger.js';
import { emitFundChange, fundUnits } from '../../liquidation/funds.js';
import type { EngineState, SystemAccount } from '../../state/types.js';
import { exactUnits } from '../checks.js';

export function applyInsuranceTransfer(state: EngineState, command: InsuranceTransferCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  if (command.symbol !== undefined) {
    const market = state.markets.get(command.symbol);
    if (market === undefined) return reject('instrument_not_found', `unknown symbol "${command.symbol}"`);
    if (market.instrument.settle !== command.asset) return reject('insurance_asset_mismatch', `${command.symbol} settles in ${market.instrument.settle}`);
  }
  const units = exactUnits(state, command.asset, command.amount);
  if (units === null) return reject('amount_precision_exceeded', `amount has more than ${assetDecimals(state, command.asset)} fraction digits for ${command.asset}`);
  const fund: SystemAccount = command.symbol === undefined ? 'insurance' : `insurance:${command.symbol}`;
  const ledger = assetLedger(state, command.asset);
  if (command.leg === 'out') {
    const held = fundUnits(state, command.asset, fund);
    if (held < units) return reject('insurance_fund_short', `${fund} holds ${formatUnits(held > 0n ? held : 0n, ledger.decimals)} ${command.asset}, the transfer asks for ${formatUnits(units, ledger.decimals)}`);
  }
  const entries = new Entries(state);
  if (command.leg === 'out') entries.move(command.asset, system(fund), system('transfers'), units);
  else entries.move(command.asset, system('transfers'), system(fund), units);
  out.emit({
    type: 'insuranceTransferred',
    asset: command.asset,
    fund,
    transfer: command.transfer,
    leg: command.leg,
    from: command.from,
    to: command.to,
    amount: formatUnits(units, ledger.decimals),
    entries: entries.list,
  });
  emitFundChange(state, out, command.asset, fund, command.leg === 'out' ? -units : units, 'transfer');
}
