/**
 * Closing part or all of a position inside a liquidation or a deleveraging: the realised PnL at
 * the execution price is booked against `clearing` (floor to units, against the holder), as a
 * fill would. A partially closed isolated position keeps its whole isolated balance (nothing is
 * released while it is being liquidated). A position closed in full stays in the state until
 * `removeClosed`, so that a negative isolated balance can be settled first; then what is left
 * of the isolated balance returns to the wallet.
 */
import { applyFill, invariant, notionalAt, toUnits, type Fixed, type Side } from '@margin/core';
import { Entries, isolated, system, wallet } from '../ledger/ledger.js';
import { closePosition, resizePosition } from '../state/positions.js';
import type { Account, EngineState, Market, Position } from '../state/types.js';
import { decimalsOf, holderOf } from './pool-state.js';

/** A position (or part) closed by a liquidation, for deficit attribution. */
export interface ClosedPart {
  readonly account: Account;
  readonly position: Position;
  readonly symbol: string;
  readonly side: Side;
  /** Contracts closed (unsigned). */
  readonly size: Fixed;
  /** Notional of the closed contracts at the mark. */
  readonly notional: Fixed;
  readonly markPrice: Fixed;
}

export interface CloseOutcome {
  readonly pnlUnits: bigint;
  /** True when nothing is left: call `removeClosed`. */
  readonly flat: boolean;
  readonly part: ClosedPart;
}

export function sideOf(position: Position): Side {
  return position.size > 0n ? 'long' : 'short';
}

export function absSize(position: Position): Fixed {
  return position.size < 0n ? -position.size : position.size;
}

export function realizeClose(
  state: EngineState,
  entries: Entries,
  account: Account,
  market: Market,
  position: Position,
  size: Fixed,
  price: Fixed,
): CloseOutcome {
  const side = sideOf(position);
  const { pnlUnits, flat } = realizeCloseUnits(state, entries, account, market, position, size, price);
  const markPrice = market.markPrice as Fixed;
  const part: ClosedPart = {
    account,
    position,
    symbol: position.symbol,
    side,
    size,
    notional: notionalAt(market.instrument, size, markPrice, 'ceil'),
    markPrice,
  };
  return { pnlUnits, flat, part };
}

/** The ledger account every close books its realised PnL against (one object: endpoints are read only). */
const CLEARING = system('clearing');

/** `realizeClose` without the closed part (a deleveraging close attributes no deficit). */
export function realizeCloseUnits(
  state: EngineState,
  entries: Entries,
  account: Account,
  market: Market,
  position: Position,
  size: Fixed,
  price: Fixed,
): { readonly pnlUnits: bigint; readonly flat: boolean } {
  const held = absSize(position);
  invariant(size > 0n && size <= held, `close of ${position.key} is within its size`);
  invariant(market.markPrice !== null, 'a liquidated market has a mark');
  const instrument = market.instrument;
  const asset = instrument.settle;
  const outcome = applyFill(instrument, { size: position.size, entryPrice: position.entryPrice }, position.size > 0n ? -size : size, price, false);
  const pnlUnits = toUnits(outcome.realizedPnl, decimalsOf(state, asset), 'floor');
  entries.move(asset, CLEARING, holderOf(account, position), pnlUnits);
  const flat = outcome.position.size === 0n;
  if (!flat) resizePosition(state, market, position, outcome.position.size, outcome.position.entryPrice);
  return { pnlUnits, flat };
}

/** Remove a fully closed position: its isolated balance (whatever its sign) returns to the wallet. */
export function removeClosed(state: EngineState, entries: Entries, account: Account, market: Market, position: Position): void {
  if (!account.positions.has(position.key)) return;
  if (position.margin === 'isolated') entries.move(market.instrument.settle, isolated(account, position), wallet(account), position.isolatedUnits);
  closePosition(state, account, position);
}
