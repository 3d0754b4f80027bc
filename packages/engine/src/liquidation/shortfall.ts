/**
 * The shortfall mode (`liquidationMode` `hold`, ADR 0032): what the insurance fund cannot cover of
 * a bankrupt position's deficit share is not deleveraged or socialised over this engine's own
 * holders. The bankrupt holder is made whole from the system account `deficit-pending` (which goes
 * below zero by that amount: money this engine waits for) and a `shortfall` event tells a
 * coordinator across engine instances (account partitions) to deleverage or share it over all of
 * them, paying `deficit-pending` off with `shortfallSettle` legs. Off by default: a state that
 * never received `liquidationMode` behaves (and hashes) as before.
 */
import { formatFixed, formatUnits, fromUnits, type Fixed, type Instrument, type Side } from '@margin/core';
import { Entries, system, type Endpoint } from '../ledger/ledger.js';
import type { Account, EngineState } from '../state/types.js';
import type { ClosedPart } from './close.js';
import type { LiquidationContext } from './context.js';
import { fundFor } from './funds.js';
import { decimalsOf } from './pool-state.js';

/** True when uncovered deficits are held for a coordinator instead of resolved locally. */
export function holdsShortfall(state: EngineState): boolean {
  return state.shortfall === 'hold';
}

/** The bankrupt pool (deficit.ts `BankruptPool`; not imported, deficit.ts imports this file). */
interface HeldPool {
  readonly account: Account;
  readonly asset: string;
  readonly positionKey: string | null;
  readonly holder: Endpoint;
}

/** deficit.ts `deficitPrice`, passed in by the caller for the same reason. */
type DeficitPrice = (instrument: Instrument, mark: Fixed, side: Side, deficit: Fixed, size: Fixed) => Fixed | null;

/** Advance `uncovered` units of `part`'s deficit `share` to the bankrupt holder from `deficit-pending`. */
export function holdShortfall(ctx: LiquidationContext, pool: HeldPool, part: ClosedPart, share: bigint, uncovered: bigint, deficitPrice: DeficitPrice): void {
  const { state, out } = ctx;
  const decimals = decimalsOf(state, pool.asset);
  const market = state.markets.get(part.symbol);
  const price = market === undefined ? null : deficitPrice(market.instrument, part.markPrice, part.side, fromUnits(share, decimals), part.size);
  const entries = new Entries(state);
  entries.move(pool.asset, system('deficit-pending'), pool.holder, uncovered);
  out.emit({
    type: 'shortfall',
    account: pool.account.id,
    asset: pool.asset,
    positionKey: pool.positionKey,
    bankruptPositionKey: part.position.key,
    symbol: part.symbol,
    side: part.side,
    size: formatFixed(part.size),
    share: formatUnits(share, decimals),
    amount: formatUnits(uncovered, decimals),
    markPrice: formatFixed(part.markPrice),
    bankruptcyPrice: price === null ? null : formatFixed(price),
    rule: state.liquidation.rules.deficit === 'socialize' ? 'socialize' : 'adl',
    fund: fundFor(state, pool.asset, part.symbol),
    entries: entries.list,
  });
}
