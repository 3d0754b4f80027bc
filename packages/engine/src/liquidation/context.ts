/** What the liquidation steps of one command share (implemented by `LiquidationRun`). */
import type { Side } from '@margin/core';
import type { Market, Position } from '../state/types.js';
import type { AdlQueue } from './adl-ranks.js';
import type { SocialBatch, SocialContext } from './socialize.js';

export interface LiquidationContext extends SocialContext {
  readonly closing: Set<Position>;
  readonly social: SocialBatch;
  /** ADL queue of one symbol and side, ranked once per command (sizes are read live). */
  ranking(market: Market, side: Side): AdlQueue;
  /** Review (account, asset) again in the next round. */
  enqueue(accountId: string, asset: string): void;
}
