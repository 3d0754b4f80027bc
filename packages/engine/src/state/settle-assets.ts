/**
 * The settle assets of an account: the one list the risk reviews, the SPAN set reload and the
 * collateral mode walk over. Always the settle assets of the account's futures positions and open
 * orders; `options` adds those of its option positions (options sit in the cross pool of their
 * settle asset), `wallets` the assets it holds a wallet or a cross pool in. Sorted.
 */
import type { Account, EngineState } from './types.js';
import { optionBookOf } from './option-book.js';

export interface SettleAssetsScope {
  /** Add the settle assets of the account's option positions. */
  readonly options?: boolean;
  /** Add the assets of the account's wallets and cross pools. */
  readonly wallets?: boolean;
}

export function settleAssetsOf(state: EngineState, account: Account, scope: SettleAssetsScope = {}): string[] {
  const assets = new Set<string>();
  if (scope.wallets === true) {
    for (const asset of account.wallets.keys()) assets.add(asset);
    for (const asset of account.crossPools.keys()) assets.add(asset);
  }
  for (const position of account.positions.values()) {
    const settle = state.markets.get(position.symbol)?.instrument.settle;
    if (settle !== undefined) assets.add(settle);
  }
  for (const order of account.orders.values()) {
    const settle = state.markets.get(order.symbol)?.instrument.settle;
    if (settle !== undefined) assets.add(settle);
  }
  if (scope.options === true) {
    const book = optionBookOf(state);
    for (const symbol of book?.positions.get(account.id)?.keys() ?? []) {
      const settle = book?.markets.get(symbol)?.instrument.settle;
      if (settle !== undefined) assets.add(settle);
    }
  }
  return [...assets].sort();
}
