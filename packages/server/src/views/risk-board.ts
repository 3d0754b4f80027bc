/**
 * The population view behind the overview, "accounts at risk" and the margin-ratio distribution:
 * every account's risk, recomputed by the engine (`accountRiskJson`) on a timer when something was
 * committed, in slices that yield to the event loop so requests keep flowing meanwhile. Reads are
 * served from the last complete pass; `asOfSeq` says which journal seq it reflects.
 */
import { formatFixed, parseFixed } from '@margin/core';
import { accountIds, accountRiskJson, ledgerBalances, type EngineState, type RiskJson } from '@margin/engine';
import type { CommittedView } from '@margin/host';
import { BoardRefresh } from './board-refresh.js';

export interface AccountSummary {
  readonly account: string;
  /** Settle asset of the summarised pool (the engine's default for the account). */
  readonly asset: string | null;
  /** Totals over the cross pool and every isolated position (equity, IM, MM), exact. */
  readonly equity: string;
  readonly walletBalance: string;
  readonly initialMargin: string;
  readonly maintenanceMargin: string;
  /** Free margin of the cross pool. */
  readonly availableBalance: string;
  /** Highest margin ratio of the account's pools (cross and each isolated position); null: equity <= 0 or no positions. */
  readonly marginRatio: string | null;
  /** Sort key: the ratio as a number (float, display and sorting only), Infinity when equity <= 0. */
  readonly ratioValue: number;
  readonly liquidatable: boolean;
  readonly positions: number;
  /** Margin modes of the positions, e.g. ["cross"] or ["cross","isolated"]. */
  readonly modes: string[];
  readonly symbols: string[];
  /** The pool the margin ratio belongs to, with that pool's own figures (never mixed with the account's). */
  readonly pool: RiskPool | null;
}

/** One margin pool: the cross pool of the account's settle asset, or one isolated position. */
export interface RiskPool {
  readonly kind: 'cross' | 'isolated';
  /** Isolated: the position's symbol and side; cross: null. */
  readonly symbol: string | null;
  readonly side: string | null;
  readonly asset: string | null;
  readonly equity: string;
  readonly maintenanceMargin: string;
  readonly initialMargin: string;
  readonly marginRatio: string | null;
  readonly liquidatable: boolean;
}

export interface SymbolInterest {
  readonly symbol: string;
  readonly settle: string;
  /** Open interest in contracts: the sum of long sizes (equals the sum of short sizes). */
  longContracts: number;
  shortContracts: number;
  /** Notional of the long side in the settle asset (float sum, display only). */
  longNotional: number;
  holders: number;
  markPrice: string | null;
}

/** One open position as the board's pass saw it (the engine's figures), for the holders and exposure views. */
export interface HeldPosition {
  readonly account: string;
  readonly side: string;
  readonly margin: string;
  readonly size: string;
  readonly notional: string;
  readonly unrealizedPnl: string;
  readonly liquidationPrice: string | null;
  readonly settle: string;
  readonly markPrice: string;
}

export interface BoardSnapshot {
  readonly asOfSeq: number;
  readonly computedAtMs: number;
  readonly durationMs: number;
  readonly accounts: number;
  readonly accountsWithPositions: number;
  readonly summaries: readonly AccountSummary[];
  /** Summaries with positions, highest margin ratio first. */
  readonly atRisk: readonly AccountSummary[];
  readonly interest: readonly SymbolInterest[];
  /** Balances of the engine's system accounts per asset (insurance fund, fees, funding rounding...). */
  readonly system: Record<string, Record<string, string>>;
  readonly liquidatable: number;
  /** Open positions per symbol, from the same pass. */
  readonly held: ReadonlyMap<string, readonly HeldPosition[]>;
}

/** Pause between passes: a pass over 10,000 accounts takes a few hundred ms on a 2-core box. */
export const BOARD_INTERVAL_MS_DEFAULT = 1_500;
const SLICE_ACCOUNTS = 400;

/** The committed state, read in slices (the durable host's `read`). */
export interface RiskBoardSource {
  read<T>(fn: (view: CommittedView) => T): Promise<T>;
}

export class RiskBoard extends BoardRefresh {
  constructor(
    private readonly source: RiskBoardSource,
    intervalMs = BOARD_INTERVAL_MS_DEFAULT,
  ) {
    super(intervalMs);
  }

  get snapshot(): BoardSnapshot {
    return this.current;
  }

  /** Resolves after the next complete pass (tests and the first request after start). */
  nextPass(): Promise<void> {
    this.dirty = true;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  override async refreshIfDirty(): Promise<void> {
    if (!this.dirty || this.running) return;
    this.dirty = false;
    this.running = true;
    try {
      this.current = await this.compute();
      for (const listener of this.passListeners) listener(this.current);
    } finally {
      this.running = false;
      for (const resolve of this.waiters.splice(0)) resolve();
    }
  }

  private async compute(): Promise<BoardSnapshot> {
    const started = performance.now();
    const { asOfSeq, ids } = await this.source.read((view) => ({ asOfSeq: view.lastSeq, ids: accountIds(view.state) }));
    const pass = new BoardPass();
    for (let i = 0; i < ids.length; i += SLICE_ACCOUNTS) {
      // The state moves between slices: each account is read whole and committed, the pass is a near-snapshot.
      await this.source.read(({ state }) => {
        for (const id of ids.slice(i, i + SLICE_ACCOUNTS)) {
          const risk = accountRiskJson(state, id);
          if (risk !== null) pass.add(id, risk);
        }
      });
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.stopped) break;
    }
    const system = await this.source.read(({ state }) => systemBalances(state));
    return pass.finish(asOfSeq, ids.length, system, started);
  }
}

/**
 * One pass of the board: every account's risk added in account id order, then the snapshot. The
 * cluster gateway runs the same pass over its partitions' accounts, merged in id order.
 */
export class BoardPass {
  private readonly summaries: AccountSummary[] = [];
  private readonly interest = new Map<string, SymbolInterest>();
  private readonly held = new Map<string, HeldPosition[]>();

  add(id: string, risk: RiskJson): void {
    this.summaries.push(summarize(id, risk));
    addInterest(this.interest, risk);
    addHeld(this.held, id, risk);
  }

  /** `accounts`: every account counted (with or without positions); `startedMs`: `performance.now()` at the pass start. */
  finish(asOfSeq: number, accounts: number, system: Record<string, Record<string, string>>, startedMs: number): BoardSnapshot {
    const summaries = this.summaries;
    const atRisk = summaries.filter((s) => s.positions > 0).sort((a, b) => b.ratioValue - a.ratioValue || (a.account < b.account ? -1 : 1));
    return {
      asOfSeq,
      computedAtMs: Date.now(),
      durationMs: performance.now() - startedMs,
      accounts,
      accountsWithPositions: atRisk.length,
      summaries,
      atRisk,
      interest: [...this.interest.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : 1)),
      system,
      liquidatable: summaries.reduce((n, s) => n + (s.liquidatable ? 1 : 0), 0),
      held: this.held,
    };
  }
}

function addHeld(held: Map<string, HeldPosition[]>, account: string, risk: RiskJson): void {
  for (const p of risk.positions) {
    let rows = held.get(p.symbol);
    if (rows === undefined) held.set(p.symbol, (rows = []));
    rows.push({ account, side: p.side, margin: p.margin, size: p.size, notional: p.notional, unrealizedPnl: p.unrealizedPnl, liquidationPrice: p.liquidationPrice, settle: p.settle, markPrice: p.markPrice });
  }
}

function ratioNumber(ratio: string | null, equity: string): number {
  if (ratio !== null) return Number(ratio);
  return Number(equity) <= 0 ? Number.POSITIVE_INFINITY : 0;
}

/** The riskiest pool: highest ratio (equity <= 0 counts as infinite), cross first on a tie. */
export function riskiestPool(risk: RiskJson): { pool: RiskPool; value: number } | null {
  const a = risk.account;
  let best: { pool: RiskPool; value: number } | null = null;
  if (risk.positions.some((p) => p.margin === 'cross')) {
    best = {
      value: ratioNumber(a.marginRatio, a.equity),
      pool: { kind: 'cross', symbol: null, side: null, asset: a.settle, equity: a.equity, maintenanceMargin: a.maintenanceMargin, initialMargin: a.initialMargin, marginRatio: a.marginRatio, liquidatable: a.liquidatable },
    };
  }
  for (const p of risk.positions) {
    if (p.margin !== 'isolated') continue;
    const equity = p.isolatedEquity ?? '0';
    const value = ratioNumber(p.marginRatio ?? null, equity);
    if (best === null || value > best.value) {
      best = {
        value,
        pool: { kind: 'isolated', symbol: p.symbol, side: p.side, asset: p.settle, equity, maintenanceMargin: p.maintenanceMargin, initialMargin: p.initialMargin, marginRatio: p.marginRatio ?? null, liquidatable: p.liquidatable === true },
      };
    }
  }
  return best;
}

export function summarize(account: string, risk: RiskJson): AccountSummary {
  const a = risk.account;
  const riskiest = riskiestPool(risk);
  let liquidatable = risk.positions.some((p) => p.margin === 'cross') && a.liquidatable;
  for (const p of risk.positions) if (p.margin === 'isolated' && p.liquidatable === true) liquidatable = true;
  let equity = parseFixed(a.equity);
  let initial = parseFixed(a.initialMargin);
  let maintenance = parseFixed(a.maintenanceMargin);
  for (const p of risk.positions) {
    if (p.margin !== 'isolated') continue;
    equity += parseFixed(p.isolatedEquity ?? '0');
    initial += parseFixed(p.initialMargin);
    maintenance += parseFixed(p.maintenanceMargin);
  }
  return {
    account,
    asset: a.settle ?? risk.positions[0]?.settle ?? null,
    equity: formatFixed(equity),
    walletBalance: a.walletBalance,
    initialMargin: formatFixed(initial),
    maintenanceMargin: formatFixed(maintenance),
    availableBalance: a.availableBalance,
    marginRatio: riskiest === null ? null : riskiest.pool.marginRatio,
    ratioValue: riskiest === null ? 0 : riskiest.value,
    liquidatable,
    positions: risk.positions.length,
    modes: [...new Set(risk.positions.map((p) => p.margin))].sort(),
    symbols: [...new Set(risk.positions.map((p) => p.symbol))].sort(),
    pool: riskiest === null ? null : riskiest.pool,
  };
}

function addInterest(interest: Map<string, SymbolInterest>, risk: RiskJson): void {
  for (const p of risk.positions) {
    let row = interest.get(p.symbol);
    if (row === undefined) {
      row = { symbol: p.symbol, settle: p.settle, longContracts: 0, shortContracts: 0, longNotional: 0, holders: 0, markPrice: p.markPrice };
      interest.set(p.symbol, row);
    }
    const size = Number(p.size);
    if (p.side === 'long') {
      row.longContracts += size;
      row.longNotional += Number(p.notional);
    } else {
      row.shortContracts += size;
    }
    row.holders++;
    row.markPrice = p.markPrice;
  }
}

/** Balances of the engine's system accounts per asset (not users' wallets). */
export function systemBalances(state: EngineState): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [asset, book] of Object.entries(ledgerBalances(state))) {
    const system: Record<string, string> = {};
    for (const [name, value] of Object.entries(book)) if (!name.startsWith('user:')) system[name] = value;
    out[asset] = system;
  }
  return out;
}

/** Histogram of margin ratios (in percent) over accounts with positions. */
export function ratioDistribution(board: BoardSnapshot, edgesPercent: readonly number[]): { fromPercent: number; toPercent: number | null; accounts: number }[] {
  const buckets = edgesPercent.map((from, i) => ({ fromPercent: from, toPercent: edgesPercent[i + 1] ?? null, accounts: 0 }));
  for (const s of board.atRisk) {
    const percent = s.ratioValue * 100;
    let index = buckets.length - 1;
    for (let i = 0; i < buckets.length; i++) {
      const to = buckets[i]?.toPercent;
      if (to === null || to === undefined || percent < to) {
        index = i;
        break;
      }
    }
    (buckets[index] as { accounts: number }).accounts++;
  }
  return buckets;
}
