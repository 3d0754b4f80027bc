/**
 * Risk-reducing order of a portfolio account's liquidation: the position to close next is the one
 * whose close lowers the portfolio maintenance requirement most (the worst-scenario loss and the
 * charges that come with it), ties to the first position key; it is closed in full per step and
 * the pool is rechecked exactly after each step (liquidation/liquidate-pool.ts). Neither Deribit
 * nor OKX publishes a finer rule for the order of closes of a portfolio account.
 */
import type { Account, EngineState, Position } from '../state/types.js';
import { modelOf } from './portfolio-account.js';
import { portfolioRequirement } from './portfolio-requirement.js';
import { optionPositionsOf } from '../state/option-book.js';
import { isSpanAccount, spanAccountRequirement } from './span-account.js';
import type { HeldOption } from './portfolio-options.js';

/** SPAN maintenance of the account's positions `held` with its options (ADR 0041). */
function spanMaintenance(state: EngineState, account: Account, held: readonly Position[], options: readonly HeldOption[]): bigint {
  return spanAccountRequirement(state, account, held, options).maintenance;
}

/** The member to close next in a portfolio account's cross pool; null for per-position pools. */
export function portfolioCloseTarget<M extends { readonly position: Position }>(
  state: EngineState,
  ref: { readonly account: Account; readonly positionKey: string | null },
  members: readonly M[],
): M | null {
  if (ref.positionKey !== null || members.length === 0) return null;
  const model = modelOf(ref.account);
  if (model === null && !isSpanAccount(ref.account)) return null;
  // The options stay in the model while the futures are ranked (option-liquidation.ts closes them).
  const asset = state.markets.get(members[0]?.position.symbol ?? '')?.instrument.settle;
  const options = asset === undefined ? [] : optionPositionsOf(state, ref.account.id, asset);
  let best: M | null = null;
  let bestMaintenance = 0n;
  for (const member of members) {
    const rest = members.filter((other) => other !== member).map((other) => other.position);
    const maintenance = model === null ? spanMaintenance(state, ref.account, rest, options) : portfolioRequirement(state, model, rest, options).maintenance;
    if (best === null || maintenance < bestMaintenance || (maintenance === bestMaintenance && member.position.key < best.position.key)) {
      best = member;
      bestMaintenance = maintenance;
    }
  }
  return best;
}
