/**
 * `shortfallSettle`: the bankrupt instance's leg of the shortfall protocol (docs/scale-out.md):
 * money that arrived in `transfers` (a counterparty's ADL haircut, a share of a socialised loss,
 * or the central fund's out leg) pays `deficit-pending` off. Refused when it would pay more than
 * is pending, so `deficit-pending` never goes above zero. With `into` `socialized-rounding` it pays
 * what pro-rata loss shares collected beyond the loss into that account instead.
 */
import { formatUnits } from '@margin/core';
import type { ShortfallSettleCommand } from '../../commands/schema.js';
import type { Sink } from '../../events/sink.js';
import { Entries, assetDecimals, assetLedger, system } from '../../ledger/ledger.js';
import type { EngineState } from '../../state/types.js';
import { exactUnits } from '../checks.js';

export function applyShortfallSettle(state: EngineState, command: ShortfallSettleCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const units = exactUnits(state, command.asset, command.amount);
  if (units === null) return reject('amount_precision_exceeded', `amount has more than ${assetDecimals(state, command.asset)} fraction digits for ${command.asset}`);
  const ledger = assetLedger(state, command.asset);
  const pending = -(ledger.system.get('deficit-pending') ?? 0n);
  const into = command.into ?? 'deficit-pending';
  if (into === 'deficit-pending' && units > pending) return reject('shortfall_overpaid', `deficit-pending of ${command.asset} waits for ${formatUnits(pending > 0n ? pending : 0n, ledger.decimals)}, the leg pays ${formatUnits(units, ledger.decimals)}`);
  const entries = new Entries(state);
  entries.move(command.asset, system('transfers'), system(into), units);
  out.emit({
    type: 'shortfallSettled',
    shortfallId: command.shortfallId,
    asset: command.asset,
    amount: formatUnits(units, ledger.decimals),
    from: command.from,
    to: command.to,
    into,
    pending: formatUnits(into === 'deficit-pending' ? pending - units : pending, ledger.decimals),
    entries: entries.list,
  });
}
