/**
 * Whether a pool is "plain" for the ADL columns (liquidation/adl-columns.ts): its exact figures
 * are a function of its balance (wallet or isolated units) and its futures legs alone, and the
 * scan's float estimate of it bounds them. That is what the top-k ADL queue may rank from the scan
 * arrays without reading the holder's account. Not plain: an account with a portfolio model, a
 * credit line or a collateral mode (account-wide, so its isolated pools too), and a cross pool of
 * an account with a second wallet asset or with options settled in the pool's asset.
 *
 * The flag sits in a scan column (`ScanIndex.plainOf`): set when a pool is created (positions.ts),
 * forgotten (0, unknown) when options enter or leave the account (option-book.ts) or, for every
 * pool at once, when an account's portfolio model, credit line, collateral mode or second wallet
 * changes anywhere (scan/plain-epoch.ts, bumped by the account's setters). An unknown flag is
 * worked out again from the account by the next ranking that meets it.
 */
import type { Account } from './account.js';
import { optionPositionsOf } from './option-book.js';
import type { EngineState } from './types.js';

export const PLAIN_UNKNOWN = 0;
export const PLAIN = 1;
export const NOT_PLAIN = 2;

/** The flag of a pool of `account` in `asset` (isolated: one position's pool), from the account. */
export function plainFlagOf(state: EngineState, account: Account, asset: string, isolated: boolean): number {
  if (account.portfolioModel !== null || account.creditLine !== null || account.collateralMode !== null) return NOT_PLAIN;
  if (isolated) return PLAIN;
  if (account.walletsMore !== null && account.wallets.size > 1) return NOT_PLAIN;
  if (state.options !== undefined && optionPositionsOf(state, account.id, asset).length > 0) return NOT_PLAIN;
  return PLAIN;
}

/** Record the flag of a pool just created (or reused) for `account`. */
export function notePoolPlain(state: EngineState, account: Account, pool: number, asset: string, isolated: boolean): void {
  state.scan.setPlain(pool, plainFlagOf(state, account, asset, isolated));
}
