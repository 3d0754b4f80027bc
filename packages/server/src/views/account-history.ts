/**
 * Per-account history: equity, maintenance margin and margin ratio over time, sampled from the risk
 * board's passes (each pass is the engine's `accountRiskJson` of every account on committed state,
 * `asOfSeq` says which). Kept for the accounts a desk watches: the `TOP_TRACKED` riskiest of each
 * pass and every account asked for through the API (at most `MAX_TRACKED`, the least recently
 * asked dropped first); a point is added only when a figure changed. Bounded, in memory: a restart
 * starts the series again (docs/api.md says so).
 */
import type { AccountHistory as AccountHistoryJson } from '@margin/wire';
import { Ring } from './ring.js';
import type { AccountSummary, BoardSnapshot } from './risk-board.js';

export const ACCOUNT_HISTORY_POINTS = 500;
export const TOP_TRACKED = 200;
export const MAX_TRACKED = 2_000;

type Point = AccountHistoryJson['points'][number];

interface Tracked {
  readonly ring: Ring<Point>;
  /** When the API last asked for it, epoch ms; 0: tracked only for being among the riskiest. */
  askedAtMs: number;
}

export class AccountHistory {
  private readonly tracked = new Map<string, Tracked>();

  /** Starts (or keeps) tracking an account the API was asked about; returns its points, oldest first. */
  ask(account: string, board: BoardSnapshot, limit: number): { tracked: boolean; points: Point[] } {
    let entry = this.tracked.get(account);
    const tracked = entry !== undefined;
    if (entry === undefined) {
      this.evict();
      entry = { ring: new Ring<Point>(ACCOUNT_HISTORY_POINTS), askedAtMs: 0 };
      this.tracked.set(account, entry);
      const summary = board.summaries.find((s) => s.account === account);
      if (summary !== undefined) this.add(entry, summary, board);
    }
    entry.askedAtMs = Date.now();
    return { tracked, points: entry.ring.latest(limit).reverse() };
  }

  onPass = (board: BoardSnapshot): void => {
    for (const summary of board.atRisk.slice(0, TOP_TRACKED)) {
      let entry = this.tracked.get(summary.account);
      if (entry === undefined) {
        this.evict();
        entry = { ring: new Ring<Point>(ACCOUNT_HISTORY_POINTS), askedAtMs: 0 };
        this.tracked.set(summary.account, entry);
      }
      this.add(entry, summary, board);
    }
    const top = new Set(board.atRisk.slice(0, TOP_TRACKED).map((s) => s.account));
    for (const summary of board.summaries) {
      if (top.has(summary.account)) continue;
      const entry = this.tracked.get(summary.account);
      if (entry !== undefined) this.add(entry, summary, board);
    }
  };

  get size(): number {
    return this.tracked.size;
  }

  private add(entry: Tracked, s: AccountSummary, board: BoardSnapshot): void {
    const point: Point = {
      seq: board.asOfSeq,
      time: new Date(board.computedAtMs).toISOString(),
      equity: s.equity,
      maintenanceMargin: s.maintenanceMargin,
      pool: s.pool === null ? null : { kind: s.pool.kind, symbol: s.pool.symbol, side: s.pool.side, asset: s.pool.asset, equity: s.pool.equity, maintenanceMargin: s.pool.maintenanceMargin, marginRatio: s.pool.marginRatio },
      marginRatio: s.marginRatio,
    };
    const last = entry.ring.latest(1)[0];
    if (last !== undefined && last.seq === point.seq) return;
    if (last !== undefined && JSON.stringify({ ...last, seq: 0, time: '' }) === JSON.stringify({ ...point, seq: 0, time: '' })) return;
    entry.ring.push(point);
  }

  /** Drops the least recently asked account (riskiest-only ones first) when full. */
  private evict(): void {
    if (this.tracked.size < MAX_TRACKED) return;
    let victim: string | null = null;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [account, entry] of this.tracked) {
      if (entry.askedAtMs < oldest) {
        oldest = entry.askedAtMs;
        victim = account;
      }
    }
    if (victim !== null) this.tracked.delete(victim);
  }
}
