/**
 * The risk scan and portfolio accounts: the float filter of scan-index.ts sums tier maintenance,
 * which is not a portfolio requirement, so the cross pools of accounts in portfolio margin are
 * always confirmed exactly when one of their symbols moves (docs/portfolio-margin.md).
 */
import { InputError, type PathSegment } from '@margin/core';
import type { Account, EngineState } from '../state/types.js';
import { ENGINE_MODEL_NAMES, engineModel } from './portfolio-model.js';

/** Install the scan's exact-confirmation predicate for portfolio accounts (idempotent). */
export function confirmPortfolioPoolsExactly(state: EngineState): void {
  const scan = state.scan;
  scan.setAlwaysConfirm((pool) => {
    const owner = scan.owner(pool);
    return owner.positionKey === null && (state.accounts.get(owner.accountId)?.portfolioModel ?? null) !== null;
  });
}

/** Snapshot restore: the model must be one the engine runs. */
export function restorePortfolioModel(state: EngineState, account: Account, name: string, path: readonly PathSegment[]): void {
  if (engineModel(name) === null) throw new InputError(path, `unknown portfolio model "${name}" (known: ${ENGINE_MODEL_NAMES.join(', ')})`);
  account.portfolioModel = name;
  confirmPortfolioPoolsExactly(state);
}
