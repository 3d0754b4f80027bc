/**
 * The risk scan and portfolio accounts: the float filter of scan-index.ts sums tier maintenance,
 * which is not a portfolio requirement, so the cross pool of an account in portfolio margin is
 * flagged by its own filter when one of its symbols moves or its balance changes: the incremental
 * vectors of portfolio-vectors.ts (docs/portfolio-margin.md).
 */
import { InputError, type PathSegment } from '@margin/core';
import { portfolioVectors } from './portfolio-vectors.js';
import type { Account, EngineState } from '../state/types.js';
import { ENGINE_MODEL_NAMES, engineModel } from './portfolio-model.js';
import { portfolioModelsChanged } from './model-epoch.js';
import { SPAN_MODEL } from './span-account.js';
import { spanPoolFilter } from './span-scan.js';

/**
 * Install the scan's predicate for portfolio pools (idempotent): a portfolio pool is flagged when
 * its own float filter (portfolio-vectors.ts) says its level or liquidation could change.
 */
export function confirmPortfolioPoolsExactly(state: EngineState): void {
  const vectors = portfolioVectors(state);
  portfolioModelsChanged();
  vectors.readRule();
  state.scan.setPoolFilter((pool) => vectors.flag(pool));
  if (state.span !== undefined) {
    // SPAN pools: their own float filter (span-scan.ts), also reached through `vectors.flag`.
    const span = spanPoolFilter(state);
    span.readRule();
    state.scan.setPoolFilter((pool) => span.flag(pool), 'span');
  }
}

/** Snapshot restore: the model must be one the engine runs. */
export function restorePortfolioModel(state: EngineState, account: Account, name: string, path: readonly PathSegment[]): void {
  // A SPAN account's set is checked when the span book is restored (span-snapshot.ts).
  if (engineModel(name) === null && name !== SPAN_MODEL) throw new InputError(path, `unknown portfolio model "${name}" (known: ${ENGINE_MODEL_NAMES.join(', ')})`);
  account.portfolioModel = name;
  confirmPortfolioPoolsExactly(state);
}
