/**
 * Socialised loss (profiles whose deficit rule is `socialize`, as Drift resolves a bankruptcy
 * through its cumulative funding rate): what the insurance fund cannot cover is shared pro rata
 * over the open interest of the symbol, both sides, weighted by size (core `socializeLoss`).
 *
 * Within a command the bankrupt account is made whole at once from the transient system account
 * `socialized-loss`; when the round of reviews is over, the holders of each symbol pay their
 * shares into it (rounded up) in one pass, and the excess over the loss goes to
 * `socialized-rounding`. `socialized-loss` is back at 0 after every command. With no holder left
 * the advance is taken back from the bankrupt account (`deficitUnresolved`).
 */
import { formatFixed, formatUnits, invariant, socializeLoss, type Fixed } from '@margin/core';
import type { Sink } from '../events/sink.js';
import { Entries, assetLedger, system, wallet, type Endpoint } from '../ledger/ledger.js';
import type { Account, EngineState, Position } from '../state/types.js';
import { absSize } from './close.js';
import { fundFor, fundUnits } from './funds.js';
import { holderOf } from './pool-state.js';

interface Advance {
  readonly account: Account;
  readonly asset: string;
  readonly positionKey: string | null;
  readonly units: bigint;
}

export interface SocialContext {
  readonly state: EngineState;
  readonly out: Sink;
  /** Positions being closed by a liquidation right now: they share nothing. */
  readonly closing: ReadonlySet<Position>;
  /** Pools whose balance changed: the run re-checks them. */
  touchedPool(account: Account, position: Position): void;
}

export class SocialBatch {
  private readonly pending = new Map<string, Advance[]>();

  hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Advance `units` to the bankrupt `holder` from `socialized-loss`, to be shared over `symbol`. */
  advance(ctx: SocialContext, symbol: string, account: Account, asset: string, positionKey: string | null, holder: Endpoint, units: bigint): void {
    if (units <= 0n) return;
    const entries = new Entries(ctx.state);
    entries.move(asset, system('socialized-loss'), holder, units);
    const list = this.pending.get(symbol) ?? [];
    list.push({ account, asset, positionKey, units });
    this.pending.set(symbol, list);
    ctx.out.emit({
      type: 'deficitCovered',
      account: account.id,
      asset,
      positionKey,
      symbol,
      by: 'socialized',
      amount: formatUnits(units, assetLedger(ctx.state, asset).decimals),
      entries: entries.list,
    });
  }

  /** Collect every pending loss from the holders of its symbol (symbols in name order). */
  settle(ctx: SocialContext): void {
    const symbols = [...this.pending.keys()].sort();
    const assets = new Set<string>();
    for (const symbol of symbols) {
      const advances = this.pending.get(symbol) ?? [];
      this.pending.delete(symbol);
      for (const advance of advances) assets.add(advance.asset);
      settleSymbol(ctx, symbol, advances);
    }
    for (const asset of assets) {
      const left: Fixed = assetLedger(ctx.state, asset).system.get('socialized-loss') ?? 0n;
      invariant(left === 0n, `socialized-loss of ${asset} is settled (left ${String(left)})`);
    }
  }
}

function settleSymbol(ctx: SocialContext, symbol: string, advances: readonly Advance[]): void {
  const { state, out } = ctx;
  const market = state.markets.get(symbol);
  invariant(market !== undefined && advances.length > 0, `pending loss of ${symbol} has a market`);
  const asset = market.instrument.settle;
  const decimals = assetLedger(state, asset).decimals;
  const deficit = advances.reduce((sum, a) => sum + a.units, 0n);
  const holders = (state.scan.itemsOfSymbol(market.symbolIndex) as Position[])
    .filter((position) => !ctx.closing.has(position))
    .sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const split = socializeLoss(deficit, holders.map((position, i) => ({ account: String(i), weight: absSize(position) })));
  if (split.shares.length === 0) {
    // Nobody holds the symbol any more: the loss stays with the bankrupt accounts.
    for (const advance of advances) {
      const entries = new Entries(state);
      entries.move(asset, wallet(advance.account), system('socialized-loss'), advance.units);
      out.emit({
        type: 'deficitUnresolved',
        account: advance.account.id,
        asset,
        positionKey: advance.positionKey,
        symbol,
        side: null,
        amount: formatUnits(advance.units, decimals),
        reason: 'no open interest left to share the loss',
        fund: fundFor(state, asset, symbol),
        fundBalance: formatUnits(fundUnits(state, asset, fundFor(state, asset, symbol)), decimals),
        entries: entries.list,
      });
    }
    return;
  }
  const totalSize = holders.reduce((sum, position) => sum + absSize(position), 0n);
  for (const share of split.shares) {
    const position = holders[Number(share.account)] as Position;
    const account = state.accounts.get(position.accountId);
    invariant(account !== undefined, `holder ${position.accountId} exists`);
    const entries = new Entries(state);
    entries.move(asset, holderOf(account, position), system('socialized-loss'), share.units);
    out.emit({
      type: 'lossShared',
      account: account.id,
      asset,
      symbol,
      positionKey: position.key,
      size: formatFixed(position.size),
      amount: formatUnits(share.units, decimals),
      entries: entries.list,
    });
    ctx.touchedPool(account, position);
  }
  const rounding = new Entries(state);
  rounding.move(asset, system('socialized-loss'), system('socialized-rounding'), split.roundingUnits);
  out.emit({
    type: 'lossSocialized',
    asset,
    symbol,
    deficit: formatUnits(deficit, decimals),
    bankrupt: advances.map((a) => a.account.id),
    holders: String(split.shares.length),
    openInterest: formatFixed(totalSize),
    rounding: formatUnits(split.roundingUnits, decimals),
    entries: rounding.list,
  });
}
