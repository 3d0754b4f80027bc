/**
 * The partition reads of the shortfall coordinator (shortfall.ts), answered by the worker:
 * - `shortfalls`: the `shortfall` events this partition committed after a journal seq, each with
 *   its id (`sf:<partition>:<seq>:<k>`, k-th shortfall of that command), its asset's decimals and
 *   its symbol's lot size; when nothing is pending in `deficit-pending` every earlier shortfall is
 *   settled, so only the seq to continue from is answered;
 * - `adlQueue`: the partition's ADL ranking of a symbol (engine `adlRanks`) with each position's
 *   size, the summary the coordinator merges over partitions (adl-merge.ts);
 * - `holders`: every position of a symbol (account, key, unsigned size), the open interest a
 *   socialised loss is shared over.
 */
import { formatFixed, formatUnits } from '@margin/core';
import { adlRanks, type AdlRankJson, type EngineState } from '@margin/engine';
import type { DurableHost } from '@margin/host';

/** A committed `shortfall` event (engine liquidation/shortfall.ts) as the coordinator reads it. */
export interface ShortfallEventJson {
  readonly account: string;
  readonly asset: string;
  readonly positionKey: string | null;
  readonly bankruptPositionKey: string;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly size: string;
  readonly share: string;
  readonly amount: string;
  readonly markPrice: string;
  readonly bankruptcyPrice: string | null;
  readonly rule: 'adl' | 'socialize';
  readonly fund: string;
}

export interface ShortfallRow {
  readonly id: string;
  readonly partition: number;
  readonly seq: number;
  readonly commandId: string;
  readonly event: ShortfallEventJson;
  readonly decimals: number;
  /** The symbol's lot size (decimal text), null when it has none. */
  readonly lotSize: string | null;
}

export interface ShortfallsAnswer {
  /** Journal seq the answer covers; ask again after it. */
  readonly lastSeq: number;
  /** Per asset: what `deficit-pending` waits for (decimal text, > 0), only assets with something pending. */
  readonly pending: Record<string, string>;
  readonly rows: ShortfallRow[];
}

export interface AdlQueueRow extends AdlRankJson {
  /** Contracts held (unsigned decimal text). */
  readonly size: string;
}

/** Journal entries read per page while scanning for shortfalls. */
const PAGE = 1000;

export const shortfallId = (partition: number, seq: number, index: number): string => `sf:${partition}:${seq}:${index}`;

function pendingOf(state: EngineState): Record<string, string> {
  const pending: Record<string, string> = {};
  for (const ledger of state.assets.values()) {
    const units = ledger.system.get('deficit-pending') ?? 0n;
    if (units < 0n) pending[ledger.asset] = formatUnits(-units, ledger.decimals);
  }
  return pending;
}

export async function readShortfalls(host: DurableHost, partition: number, afterSeq: number): Promise<ShortfallsAnswer> {
  const { lastSeq, pending, meta } = await host.read(({ state, lastSeq }) => ({
    lastSeq,
    pending: pendingOf(state),
    meta: { decimals: new Map([...state.assets.values()].map((l) => [l.asset, l.decimals])), lots: new Map([...state.markets.values()].map((m) => [m.instrument.symbol, m.instrument.lotSize ?? null])) },
  }));
  if (Object.keys(pending).length === 0) return { lastSeq, pending, rows: [] };
  const rows: ShortfallRow[] = [];
  for (let after = afterSeq; after < lastSeq; ) {
    const entries = await host.journal.readAfter(after, PAGE);
    if (entries.length === 0) break;
    for (const entry of entries) {
      if (entry.seq > lastSeq) break;
      after = entry.seq;
      if (!entry.events.includes('"type":"shortfall"')) continue;
      const events = (JSON.parse(entry.events) as { type: string }[]).filter((event) => event.type === 'shortfall') as unknown as ShortfallEventJson[];
      events.forEach((event, index) => {
        const lot = meta.lots.get(event.symbol) ?? null;
        rows.push({ id: shortfallId(partition, entry.seq, index), partition, seq: entry.seq, commandId: entry.commandId, event, decimals: meta.decimals.get(event.asset) ?? 8, lotSize: lot === null ? null : formatFixed(lot) });
      });
    }
  }
  return { lastSeq, pending, rows };
}

export interface HolderRow {
  readonly account: string;
  readonly positionKey: string;
  /** Contracts held (unsigned decimal text). */
  readonly size: string;
}

export function symbolHolders(state: EngineState, symbol: string): HolderRow[] {
  const rows: HolderRow[] = [];
  for (const account of state.accounts.values()) {
    for (const position of account.positions.values()) {
      if (position.symbol !== symbol || position.size === 0n) continue;
      rows.push({ account: account.id, positionKey: position.key, size: formatFixed(position.size < 0n ? -position.size : position.size) });
    }
  }
  return rows;
}

export function adlQueue(state: EngineState, symbol: string): AdlQueueRow[] {
  return adlRanks(state, symbol).map((row) => {
    const size = state.accounts.get(row.account)?.positions.get(row.positionKey)?.size ?? 0n;
    return { ...row, size: formatFixed(size < 0n ? -size : size) };
  });
}
