/**
 * One partition's share of the risk board, read by the gateway (gateway-board.ts) on the
 * partition's read subject: a page of its accounts in id order, each with the engine's own
 * `accountRiskJson`, and with the last page the partition's system balances, instruments and the
 * stream seq it is committed at. The gateway merges the pages of every partition in account id
 * order and runs the server's own board pass (`BoardPass`) over them, so its population views are
 * the ones `margin serve` computes for the same accounts.
 */
import { accountIds, accountRiskJson, type RiskJson } from '@margin/engine';
import type { CommittedView, InstrumentCatalog, InstrumentJson } from '@margin/host';
import { adlQueueOf, systemBalances } from '@margin/server';
import type { AdlQueue } from '@margin/wire';
import type { Journal } from '@margin/store';

/** Event text one `tail` answer carries at most (below nats-server's default 1 MiB message limit). */
export const TAIL_BYTES_MAX = 256 * 1024;

/** Accounts per page: a page stays far below nats-server's default 1 MiB message limit. */
export const BOARD_PAGE_ACCOUNTS_DEFAULT = 200;

export interface BoardPage {
  readonly partition: number;
  /** The partition journal's last committed seq when the page was read. */
  readonly lastSeq: number;
  readonly profile: string;
  readonly rows: readonly { readonly id: string; readonly risk: RiskJson }[];
  /** Every account of the partition (with or without positions), at the page's read. */
  readonly accounts: number;
  /** The account id to ask after for the next page; null: this was the last page. */
  readonly next: string | null;
  /** Last page only: the partition's system balances per asset and its committed instruments. */
  readonly system?: Record<string, Record<string, string>>;
  readonly instruments?: readonly InstrumentJson[];
}

export function boardPage(view: CommittedView, partition: number, profile: string, catalog: InstrumentCatalog, after: string | null, limit: number): BoardPage {
  const ids = accountIds(view.state);
  // The first id after `after` (ids are sorted): binary search.
  let start = 0;
  if (after !== null) {
    let high = ids.length;
    while (start < high) {
      const mid = (start + high) >>> 1;
      if ((ids[mid] as string) <= after) start = mid + 1;
      else high = mid;
    }
  }
  const page = ids.slice(start, start + limit);
  const rows: { id: string; risk: RiskJson }[] = [];
  for (const id of page) {
    const risk = accountRiskJson(view.state, id);
    if (risk !== null) rows.push({ id, risk });
  }
  const last = start + limit >= ids.length;
  return {
    partition,
    lastSeq: view.lastSeq,
    profile,
    rows,
    accounts: ids.length,
    next: last ? null : (page[page.length - 1] ?? null),
    ...(last ? { system: systemBalances(view.state), instruments: catalog.list() } : {}),
  };
}

/**
 * Journal entries for the gateway's history warm-up, oldest first: from `after` (null: the last
 * `limit` entries), at most `TAIL_BYTES_MAX` of event text per answer; `next`: ask again after it.
 */
export async function journalTail(journal: Journal, lastSeq: number, after: number | null, limit: number): Promise<{ entries: { seq: number; events: string }[]; next: number | null }> {
  const entries: { seq: number; events: string }[] = [];
  let from = after ?? Math.max(0, lastSeq - Math.max(0, limit));
  let bytes = 0;
  for (;;) {
    const page = await journal.readAfter(from, 500);
    for (const entry of page) {
      if (entry.seq > lastSeq) return { entries, next: null };
      if (bytes + entry.events.length > TAIL_BYTES_MAX && entries.length > 0) return { entries, next: from };
      entries.push({ seq: entry.seq, events: entry.events });
      bytes += entry.events.length;
      from = entry.seq;
    }
    if (page.length < 500 || from >= lastSeq) return { entries, next: null };
  }
}

/** The ADL queue of `symbol` on this partition, every row of both sides (the server's `adlQueueOf`); null: no such market. */
export function partitionAdlQueue(view: CommittedView, catalog: InstrumentCatalog, symbol: string): AdlQueue | null {
  if (!view.state.markets.has(symbol)) return null;
  const settle = catalog.get(symbol)?.['settle'];
  return adlQueueOf(view.state, view.lastSeq, symbol, null, Number.MAX_SAFE_INTEGER, typeof settle === 'string' ? settle : undefined);
}
