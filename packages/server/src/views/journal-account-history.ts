/**
 * Per-account history from the journal (ADR 0027): the host's `JournalHistory` replica measured
 * with the same summary as the risk board (`accountRiskJson` then `summarize`), so a point at seq N
 * is what the risk API answered when the journal ended at N. Served by
 * `GET /v1/accounts/{account}/history?source=journal`.
 */
import { accountRiskJson, type EngineState } from '@margin/engine';
import { JournalHistory, type JournalHistoryPoint } from '@margin/host';
import type { Journal } from '@margin/store';
import type { AccountHistory as AccountHistoryJson } from '@margin/wire';
import { summarize } from './risk-board.js';

type Point = AccountHistoryJson['points'][number];
export type JournalFigures = Omit<Point, 'seq' | 'time'>;

/** The figures of one account on a state: its totals and its riskiest pool, as the board shows them. */
export function measureAccount(state: EngineState, account: string): JournalFigures | null {
  const risk = accountRiskJson(state, account);
  if (risk === null) return null;
  const s = summarize(account, risk);
  return {
    equity: s.equity,
    maintenanceMargin: s.maintenanceMargin,
    pool: s.pool === null ? null : { kind: s.pool.kind, symbol: s.pool.symbol, side: s.pool.side, asset: s.pool.asset, equity: s.pool.equity, maintenanceMargin: s.pool.maintenanceMargin, marginRatio: s.pool.marginRatio },
    marginRatio: s.marginRatio,
  };
}

function sameFigures(a: JournalFigures, b: JournalFigures): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function openJournalAccountHistory(journal: Journal, gridMs?: number): Promise<JournalHistory<JournalFigures>> {
  return JournalHistory.open(journal, { measure: measureAccount, same: sameFigures, ...(gridMs === undefined ? {} : { gridMs }) });
}

/** A point as the API sends it; a point before any engine time carries the epoch. */
export function journalPointJson(point: JournalHistoryPoint<JournalFigures>): Point {
  return { seq: point.seq, time: new Date(point.timeMs ?? 0).toISOString(), ...point.figures };
}
