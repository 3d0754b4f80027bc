/** `insuranceDeposit`: money from outside (`world`) into an insurance fund (docs/liquidation.md). */
import { formatUnits } from '@margin/core';
import type { InsuranceDepositCommand } from '../../commands/schema.js';
import { Entries, assetDecimals, assetLedger, system } from '../../ledger/ledger.js';
import { emitFundChange } from '../../liquidation/funds.js';
import type { EngineState, SystemAccount } from '../../state/types.js';
import { exactUnits } from '../checks.js';
import type { Sink } from '../../events/sink.js';

export function applyInsuranceDeposit(state: EngineState, command: InsuranceDepositCommand, out: Sink): void {
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
  const entries = new Entries(state);
  entries.move(command.asset, system('world'), system(fund), units);
  ledger.deposited += units;
  out.emit({ type: 'insuranceDeposited', asset: command.asset, fund, amount: formatUnits(units, ledger.decimals), entries: entries.list });
  emitFundChange(state, out, command.asset, fund, units, 'deposit');
}
