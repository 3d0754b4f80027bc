/**
 * `spanParameters`: loads a SPAN risk parameter set (ADR 0035). Checks in order (the first failure
 * wins, nothing is applied on a failure):
 *
 *   span_parameters_invalid (the content does not parse in its format: the detail names the line
 *   and field; or the symbol map names a contract the set lacks, a symbol twice, or a listed
 *   engine future as an option series, an option as a futures contract or a series of the other
 *   right, ADR 0041);
 *   span_parameters_in_use (the id names a loaded set that accounts are on, and the new set cannot
 *   hold a position, option or open order of one of them: an unmapped symbol or another currency).
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
import { optionBookOf } from '../../state/option-book.js';
import { spanSetOf, spanSymbolRefusal, spanSymbolsJson } from '../../portfolio/span-model.js';
import { portfolioModelsChanged } from '../../portfolio/model-epoch.js';

/** The settle assets of the account's positions, orders and options (ADR 0041), sorted. */
export function spanSettleAssetsOf(state: EngineState, account: Account): string[] {
  return settleAssetsOf(state, account, { options: true });
}

/** The symbols of the account's positions, orders and options (`state` given), sorted. */
export function spanSymbolsHeld(account: Account, state?: EngineState): string[] {
  const symbols = new Set<string>();
  for (const position of account.positions.values()) symbols.add(position.symbol);
  for (const order of account.orders.values()) symbols.add(order.symbol);
  if (state !== undefined) for (const symbol of optionBookOf(state)?.positions.get(account.id)?.keys() ?? []) symbols.add(symbol);
  return [...symbols].sort();
}

export function applySpanParameters(state: EngineState, command: SpanParametersCommand, out: Sink): void {
  const reject = out.reject.bind(out, command.type);
  const set = spanSetOf(command, state);
  if ('refusal' in set) return reject('span_parameters_invalid', set.refusal);
  const book = spanBookOf(state);
  const replaced = book?.sets.has(command.set) === true;
  const accounts = book === null ? [] : accountsOnSet(book, command.set);
  for (const id of accounts) {
    const account = state.accounts.get(id);
    if (account === undefined) continue;
    for (const symbol of spanSymbolsHeld(account, state)) {
      const refusal = spanSymbolRefusal(state, set, symbol);
      if (refusal !== null) return reject('span_parameters_in_use', `account ${id}: ${refusal}`);
    }
  }
  ensureSpanBook(state).sets.set(command.set, set);
  // The SPAN pool filter (portfolio/span-scan.ts) keeps each pool's requirement until the epoch moves.
  if (replaced) portfolioModelsChanged();
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
