/**
 * Which option holders' pools a price of an option or of its underlying must review: every pool,
 * except a portfolio pool the float filter clears (its margin-call level and its liquidation
 * cannot change within the filter's bound: the scan's pool filter, portfolio-vectors.ts and
 * option-pool-filter.ts). The
 * pools of accounts not in portfolio margin keep their exact review (standard options margin).
 */
import type { Account, EngineState } from '../state/types.js';

/** Whether the (account, asset) cross pool is a portfolio pool the float filter clears. */
export function portfolioPoolClear(state: EngineState, account: Account, asset: string): boolean {
  if (account.portfolioModel === null) return false;
  const pool = account.crossPools.get(asset);
  // Through the scan's installed filter (a twin confirming every pool exactly replaces it).
  return pool !== undefined && state.scan.clearedByPoolFilter(pool);
}
