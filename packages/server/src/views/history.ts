/**
 * Recent history kept for the API and the dashboard: mark prices and funding per symbol, and the
 * feed of risk events. Built from committed events only, and warmed at start from the journal's
 * tail, so it reads the same before and after a restart.
 *
 * The risk-event feed is generic on purpose: every event type that is not routine bookkeeping
 * (prices, fills, deposits, settings...) is kept with its fields as the engine wrote them, so
 * margin calls today and liquidations, insurance-fund and ADL events later appear without a change here.
 */
import type { EngineEvent, EventType } from '@margin/wire';
import type { CommittedBatch } from '@margin/host';
import type { Journal } from '@margin/store';
import { Ring } from './ring.js';

/** High-volume bookkeeping events that do not belong in the risk feed. */
export const ROUTINE_EVENT_TYPES: ReadonlySet<string> = new Set<EventType>([
  'assetDefined',
  'instrumentDefined',
  'deposited',
  'withdrawn',
  'priceUpdated',
  'filled',
  'orderPlaced',
  'orderCanceled',
  'leverageSet',
  'marginModeSet',
  'positionModeSet',
  'portfolioMarginSet',
  'isolatedMarginAdded',
  'isolatedMarginRemoved',
  'fundingRateSet',
  'fundingPaid',
  'fundingSettled',
  'rejected',
  'duplicate',
]);

export interface MarkPoint {
  /** Engine time of the price, epoch ms. */
  readonly timeMs: number;
  readonly markPrice: string;
  readonly indexPrice: string | null;
}

export interface FundingPoint {
  readonly kind: 'rate' | 'settlement';
  readonly timeMs: number;
  readonly rate: string;
  readonly seq: number;
  /** For settlements: the event as the engine wrote it (paid, received, rounding, positions, price). */
  readonly event: EngineEvent | null;
}

export interface FeedItem {
  readonly event: EngineEvent;
  /** Server time of the commit, epoch ms; null for items read back from the journal at start. */
  readonly committedAtMs: number | null;
}

/** One balance of an insurance fund after a change (the engine's `insuranceFundChanged`). */
export interface FundPoint {
  readonly seq: number;
  /** Server time of the commit, epoch ms; null for points read back from the journal at start. */
  readonly committedAtMs: number | null;
  readonly balance: string;
  readonly change: string;
  readonly reason: string;
}

export const MARKS_KEPT_PER_SYMBOL = 3_000;
export const FUND_POINTS_KEPT = 2_000;
export const FUNDING_KEPT_PER_SYMBOL = 1_000;
export const FEED_KEPT = 5_000;
/** Journal entries read back at start to warm the history. */
export const WARM_ENTRIES = 50_000;

function timeOf(event: EngineEvent): number | null {
  const time = event['time'];
  if (typeof time !== 'string') return null;
  const ms = Date.parse(time);
  return Number.isFinite(ms) ? ms : null;
}

export class History {
  readonly marks = new Map<string, Ring<MarkPoint>>();
  readonly funding = new Map<string, Ring<FundingPoint>>();
  readonly feed = new Ring<FeedItem>(FEED_KEPT);
  /** Latest funding rate per symbol (from fundingRateSet). */
  readonly fundingRates = new Map<string, { rate: string; timeMs: number }>();
  /** Counts of feed events by type since start (including the warm-up). */
  readonly feedCounts = new Map<string, number>();
  /** Insurance fund balances over time per `asset` then fund name (`insurance`, `insurance:<symbol>`). */
  readonly funds = new Map<string, Map<string, Ring<FundPoint>>>();

  add(events: readonly EngineEvent[], committedAtMs: number | null): void {
    for (const event of events) this.addOne(event, committedAtMs);
  }

  onBatch = (batch: CommittedBatch): void => this.add(batch.events, batch.committedAtMs);

  /** Reads back the last `WARM_ENTRIES` journal entries. */
  async warm(journal: Journal, lastSeq: number): Promise<void> {
    let after = Math.max(0, lastSeq - WARM_ENTRIES);
    for (;;) {
      const page = await journal.readAfter(after, 2_000);
      for (const entry of page) this.add(JSON.parse(entry.events) as EngineEvent[], null);
      const last = page[page.length - 1];
      if (last === undefined || page.length < 2_000) break;
      after = last.seq;
    }
  }

  private addOne(event: EngineEvent, committedAtMs: number | null): void {
    const symbol = typeof event['symbol'] === 'string' ? event['symbol'] : null;
    const timeMs = timeOf(event);
    switch (event.type) {
      case 'priceUpdated':
        if (symbol !== null && timeMs !== null && typeof event['markPrice'] === 'string') {
          ringOf(this.marks, symbol, MARKS_KEPT_PER_SYMBOL).push({
            timeMs,
            markPrice: event['markPrice'],
            indexPrice: typeof event['indexPrice'] === 'string' ? event['indexPrice'] : null,
          });
        }
        break;
      case 'fundingRateSet':
        if (symbol !== null && timeMs !== null && typeof event['rate'] === 'string') {
          this.fundingRates.set(symbol, { rate: event['rate'], timeMs });
          ringOf(this.funding, symbol, FUNDING_KEPT_PER_SYMBOL).push({ kind: 'rate', timeMs, rate: event['rate'], seq: event.seq, event: null });
        }
        break;
      case 'fundingSettled':
        if (symbol !== null && timeMs !== null && typeof event['rate'] === 'string') {
          ringOf(this.funding, symbol, FUNDING_KEPT_PER_SYMBOL).push({ kind: 'settlement', timeMs, rate: event['rate'], seq: event.seq, event });
        }
        break;
      case 'insuranceFundChanged': {
        const { asset, fund, balance, change, reason } = event as EngineEvent & { asset: string; fund: string; balance: string; change: string; reason: string };
        let byFund = this.funds.get(asset);
        if (byFund === undefined) this.funds.set(asset, (byFund = new Map()));
        ringOf(byFund, fund, FUND_POINTS_KEPT).push({ seq: event.seq, committedAtMs, balance, change, reason });
        break;
      }
      default:
        break;
    }
    if (!ROUTINE_EVENT_TYPES.has(event.type)) {
      this.feed.push({ event, committedAtMs });
      this.feedCounts.set(event.type, (this.feedCounts.get(event.type) ?? 0) + 1);
    }
  }
}

function ringOf<T>(map: Map<string, Ring<T>>, key: string, capacity: number): Ring<T> {
  let ring = map.get(key);
  if (ring === undefined) {
    ring = new Ring<T>(capacity);
    map.set(key, ring);
  }
  return ring;
}
