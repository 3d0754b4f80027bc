/**
 * The risk scan and portfolio accounts: the float filter of scan-index.ts sums tier maintenance,
 * which is not a portfolio requirement, so the cross pool of an account in portfolio margin is
 * flagged by its own filter (portfolio-filter.ts) when one of its symbols moves or its balance
 * changes (docs/portfolio-margin.md).
 */
import { InputError, fixedToNumber, type PathSegment } from '@margin/core';
import { portfolioPoolMayChange } from './portfolio-filter.js';
import type { Account, EngineState } from '../state/types.js';
import { ENGINE_MODEL_NAMES, engineModel } from './portfolio-model.js';

/**
 * Install the scan's predicate for portfolio pools (idempotent): a portfolio pool is flagged when
 * its own float filter (portfolio-filter.ts) says its level or liquidation could change.
 */
export function confirmPortfolioPoolsExactly(state: EngineState): void {
  const scan = state.scan;
  const thresholds = Float64Array.from(state.marginCalls.levels, (level) => fixedToNumber(level.ratio));
  const hysteresis = fixedToNumber(state.marginCalls.hysteresis);
  scan.setPoolFilter((pool) => {
    const owner = scan.owner(pool);
    if (owner.positionKey !== null) return null;
    const account = state.accounts.get(owner.accountId);
    if (account === undefined || account.portfolioModel === null) return null;
    return portfolioPoolMayChange(state, account, owner.asset, scan.level(pool), thresholds, hysteresis);
  });
}

/** Snapshot restore: the model must be one the engine runs. */
export function restorePortfolioModel(state: EngineState, account: Account, name: string, path: readonly PathSegment[]): void {
  if (engineModel(name) === null) throw new InputError(path, `unknown portfolio model "${name}" (known: ${ENGINE_MODEL_NAMES.join(', ')})`);
  account.portfolioModel = name;
  confirmPortfolioPoolsExactly(state);
}
