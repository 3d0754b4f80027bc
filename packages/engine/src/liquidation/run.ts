/**
 * `LiquidationRun`: the risk review of one command. Every (account, asset) the command touched is
 * reviewed exactly (margin-call levels, then liquidation of each pool below maintenance) in
 * (account, asset) order; what that does to others (deleveraged counterparties, holders that paid
 * a socialised loss) is reviewed in the next round, until nothing is left to do. Deterministic:
 * the order depends only on ids, never on row order or timing.
 */
import { invariant, type Side } from '@margin/core';
import type { Sink } from '../events/sink.js';
import { walletUnits } from '../ledger/ledger.js';
import { reviewMarginCalls } from '../risk/margin-calls.js';
import type { AccountFigures } from '../risk/pool-figures.js';
import type { Account, EngineState, Market, Position } from '../state/types.js';
import type { AdlQueue } from './adl-ranks.js';
import { adlQueueOf } from './adl-top-queue.js';
import type { LiquidationContext } from './context.js';
import { resolveDeficit } from './deficit.js';
import { liquidatePool } from './liquidate-pool.js';
import { SocialBatch } from './socialize.js';
import { liquidateShortOptions, shortOptionsFirst } from './option-liquidation.js';
import { reviewedAsMultiAsset } from './multi-asset-hook.js';

/** A safety net: a command that needs more rounds than this is a bug (each round closes positions). */
const ROUNDS_MAX = 100_000;

export class LiquidationRun implements LiquidationContext {
  readonly closing = new Set<Position>();
  readonly social = new SocialBatch();
  private queue = new Map<string, { accountId: string; asset: string }>();
  private readonly rankings = new Map<string, AdlQueue>();
  /** Pools whose balance moved outside a review (socialised shares): filtered by the scan. */
  private readonly touchedPools = new Set<number>();

  constructor(
    readonly state: EngineState,
    readonly out: Sink,
  ) {}

  enqueue(accountId: string, asset: string): void {
    const key = `${accountId}\u0000${asset}`;
    // A counterparty deleveraged many times in a round is queued once (no new entry per close).
    if (!this.queue.has(key)) this.queue.set(key, { accountId, asset });
  }

  touchedPool(account: Account, position: Position): void {
    const pool = position.pool >= 0 ? position.pool : account.crossPools.get(this.state.markets.get(position.symbol)?.instrument.settle ?? '');
    if (pool !== undefined) this.touchedPools.add(pool);
  }

  ranking(market: Market, side: Side): AdlQueue {
    const key = `${market.instrument.symbol}\u0000${side}`;
    let queue = this.rankings.get(key);
    if (queue === undefined) {
      queue = adlQueueOf(this.state, market, side);
      this.rankings.set(key, queue);
    }
    return queue;
  }

  /** Review everything queued, round after round, settling socialised losses between rounds; then the ADL queues stop watching the state. */
  drain(): void {
    try {
      this.rounds();
    } finally {
      for (const queue of this.rankings.values()) queue.release();
      this.rankings.clear();
    }
  }

  private rounds(): void {
    for (let round = 0; ; round++) {
      invariant(round < ROUNDS_MAX, 'a command settles its liquidations in a bounded number of rounds');
      if (this.touchedPools.size > 0) {
        const pools = [...this.touchedPools];
        this.touchedPools.clear();
        for (const pool of this.state.scan.flagPools(pools)) {
          const owner = this.state.scan.owner(pool);
          this.enqueue(owner.accountId, owner.asset);
        }
      }
      if (this.queue.size === 0) {
        if (!this.social.hasPending()) return;
        this.social.settle(this);
        continue;
      }
      // Keys in code-unit order: the default sort's order for strings, as `<` compares them.
      const keys = [...this.queue.keys()].sort();
      const queued = this.queue;
      this.queue = new Map();
      for (const key of keys) {
        const target = queued.get(key) as { accountId: string; asset: string };
        const account = this.state.accounts.get(target.accountId);
        if (account !== undefined) this.review(account, target.asset);
      }
    }
  }

  private review(account: Account, asset: string): void {
    if (reviewedAsMultiAsset(this, account, asset)) return;
    const figures = reviewMarginCalls(this.state, account, asset, this.out);
    // Short options (ADR 0022), before or after the futures by the venue's liquidation order;
    // closing them re-queues the pool, so the futures are looked at again on fresh figures.
    if (shortOptionsFirst(this) && liquidateShortOptions(this, account, asset)) {
      reviewMarginCalls(this.state, account, asset, this.out);
      return;
    }
    let acted = figures === null ? this.walletDeficit(account, asset, false) : this.liquidateReport(account, asset, figures);
    if (!shortOptionsFirst(this) && liquidateShortOptions(this, account, asset)) acted = true;
    if (acted) reviewMarginCalls(this.state, account, asset, this.out);
  }

  private liquidateReport(account: Account, asset: string, figures: AccountFigures): boolean {
    let acted = false;
    const cross = figures.cross;
    if (cross !== null && cross.equity < cross.maintenance) {
      liquidatePool(this, { account, asset, positionKey: null });
      acted = true;
    } else if (cross === null) {
      acted = this.walletDeficit(account, asset, acted);
    }
    // Isolated pools in key order (their figures were taken before the cross liquidation, which
    // does not touch them).
    if (figures.isolated.size === 0) return acted;
    for (const [key, pool] of [...figures.isolated.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!(pool.equity < pool.maintenance)) continue;
      liquidatePool(this, { account, asset, positionKey: key });
      acted = true;
    }
    return acted;
  }

  /** A cross wallet below zero with no cross position left: a deficit without a position to close. */
  private walletDeficit(account: Account, asset: string, acted: boolean): boolean {
    const balance = walletUnits(account, asset);
    if (balance >= 0n) return acted;
    resolveDeficit(this, { account, asset, positionKey: null, holder: { kind: 'wallet', account } }, [], -balance);
    return true;
  }
}

/** Review (account, asset) pairs after a command changed them: margin calls, liquidations, and what follows. */
export function reviewRisk(state: EngineState, targets: Iterable<{ readonly account: Account; readonly asset: string }>, out: Sink): void {
  const run = new LiquidationRun(state, out);
  for (const target of targets) run.enqueue(target.account.id, target.asset);
  run.drain();
}
