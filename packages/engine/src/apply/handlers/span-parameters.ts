/**
 * `spanParameters`: loads a SPAN risk parameter set (ADR 0035). Checks in order (the first failure
 * wins, nothing is applied on a failure):
 *
 *   span_parameters_invalid (the content does not parse in its format: the detail names the line
 *   and field; or the symbol map names a contract the set lacks, an option, or a symbol twice);
 *   span_parameters_in_use (the id names a loaded set that accounts are on, and the new set cannot
 *   hold a position or open order of one of them: an unmapped symbol or another currency).
 *
 * Then the set is stored (replacing the one of that id), `spanParametersLoaded` names the accounts
 * on it, and each of them has its risk reviewed: a replaced set changes their requirement, which
 * may call or liquidate at once.
 */
import type { SpanParametersCommand } from '../../commands/schema.js';
import type { Sink } from '../../events/sink.js';
import { reviewRisk } from '../../liquidation/run.js';
import type { Account, EngineState } from '../../state/types.js';
import { accountsOnSet, ensureSpanBook, spanBookOf } from '../../state/span-book.js';
import { settleAssetsOf } from '../../state/settle-assets.js';
import { spanSetOf, spanSymbolRefusal, spanSymbolsJson } from '../../portfolio/span-model.js';

/** The settle assets of the account's positions and orders, sorted. */
export function spanSettleAssetsOf(state: EngineState, account: Account): string[] {
  return settleAssetsOf(state, account);
}

/** The symbols of the account's positions and orders, sorted. */
export function spanSymbolsHeld(account: Account): string[] {
  const symbols = new Set<string>();
  for (const position of account.positions.values()) symbols.add(position.symbol);
  for (const order of account.orders.values()) symbols.add(order.symbol);
  return [...symbols].sort();
}

export function applySpanParameters(state: EngineState, command: SpanParametersCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const set = spanSetOf(command);
  if ('refusal' in set) return reject('span_parameters_invalid', set.refusal);
  const book = spanBookOf(state);
  const replaced = book?.sets.has(command.set) === true;
  const accounts = book === null ? [] : accountsOnSet(book, command.set);
  for (const id of accounts) {
    const account = state.accounts.get(id);
    if (account === undefined) continue;
    for (const symbol of spanSymbolsHeld(account)) {
      const refusal = spanSymbolRefusal(state, set, symbol);
      if (refusal !== null) return reject('span_parameters_in_use', `account ${id}: ${refusal}`);
    }
  }
  ensureSpanBook(state).sets.set(command.set, set);
  out.emit({
    type: 'spanParametersLoaded',
    set: set.id,
    format: set.format,
    exchangeComplex: set.params.exchangeComplex,
    businessDate: set.params.businessDate,
    digest: set.digest,
    contracts: set.params.contracts.length,
    symbols: spanSymbolsJson(set),
    replaced,
    accounts,
  });
  const targets: { account: Account; asset: string }[] = [];
  for (const id of accounts) {
    const account = state.accounts.get(id);
    if (account !== undefined) for (const asset of spanSettleAssetsOf(state, account)) targets.push({ account, asset });
  }
  if (targets.length > 0) reviewRisk(state, targets, out);
}
