/**
 * The gateway's risk board: the server's own board pass (`BoardPass`, the code behind the risk
 * board of `margin serve`) over every partition's accounts. Each partition answers pages of its
 * accounts with the engine's `accountRiskJson` on its committed state (partition-board.ts); the
 * pages are merged in account id order, which is the order one process walks its accounts, so the
 * summaries, the at-risk order, the open interest (its display floats summed in the same order),
 * the holders and the exposure are the ones `margin serve` computes for the same accounts. System
 * balances (insurance funds, clearing, fees) are exact sums over the partitions.
 *
 * Like the server's board it refreshes on a timer when something was committed (any partition's
 * events mark it dirty) and serves reads from the last complete pass; unlike it, only while some
 * view read the board in the last minute (a gateway nobody asks puts no load on the partitions;
 * the first read after a quiet spell, or after start, gets the last pass and starts a fresh one). `asOfSeq` is the sum of the
 * partitions' journal seqs the pass read (it grows with every commit anywhere in the cluster).
 * It also keeps partition 0's instrument catalogue and engine profile (shared inputs: every
 * partition holds the same).
 */
import { formatUnits, parseUnits } from '@margin/core';
import type { RiskJson } from '@margin/engine';
import type { InstrumentJson } from '@margin/host';
import { BoardPass, BoardRefresh, type BoardSnapshot } from '@margin/server';
import type { ClusterClient } from './cluster-client.js';
import { BOARD_PAGE_ACCOUNTS_DEFAULT, type BoardPage } from './partition-board.js';

/** Pause between passes, as the server's board (BOARD_INTERVAL_MS_DEFAULT). */
export const GATEWAY_BOARD_INTERVAL_MS_DEFAULT = 1_500;
/** Passes run while a view read the board within this long (then every interval while dirty); `nextPass` always runs one. */
export const GATEWAY_BOARD_IDLE_MS = 60_000;
/** System balances are summed at 18 decimals: every asset's scale fits, and the text is the engine's (trailing zeros dropped). */
const SUM_DECIMALS = 18;

/** The committed instruments of the cluster, as the server's catalogue answers them (partition 0's). */
export class ClusterCatalog {
  private bySymbol = new Map<string, InstrumentJson>();

  set(instruments: readonly InstrumentJson[]): void {
    this.bySymbol = new Map(instruments.map((item) => [item.symbol, item]));
  }

  get(symbol: string): InstrumentJson | undefined {
    return this.bySymbol.get(symbol);
  }

  list(): InstrumentJson[] {
    return [...this.bySymbol.values()].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  }
}

export class ClusterBoard extends BoardRefresh {
  readonly catalog = new ClusterCatalog();
  /** The engine profile the workers run (partition 0's answer); empty before the first pass. */
  profile = '';
  /** When a view last read the board, epoch ms: with nobody reading, no pass loads the partitions. */
  private lastReadMs = Number.NEGATIVE_INFINITY;
  /** Last pass error (a partition not answering), null after a good pass. */
  lastError: string | null = null;

  constructor(
    private readonly client: ClusterClient,
    intervalMs = GATEWAY_BOARD_INTERVAL_MS_DEFAULT,
    private readonly pageAccounts = BOARD_PAGE_ACCOUNTS_DEFAULT,
  ) {
    super(intervalMs);
  }

  get snapshot(): BoardSnapshot {
    const idle = Date.now() - this.lastReadMs >= GATEWAY_BOARD_IDLE_MS;
    this.lastReadMs = Date.now();
    // The first read after a quiet spell starts a pass now rather than at the next tick.
    if (idle && this.dirty && !this.running && !this.stopped) void this.refreshIfDirty();
    return this.current;
  }

  /** The seq the last pass read (see the module comment). */
  get lastSeq(): number {
    return this.current.asOfSeq;
  }

  /** Timer ticks pass only while a view read the board within GATEWAY_BOARD_IDLE_MS. */
  protected override passDue(): boolean {
    return Date.now() - this.lastReadMs < GATEWAY_BOARD_IDLE_MS;
  }

  override stop(): void {
    super.stop();
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Resolves after the next complete pass that starts after this call. */
  nextPass(): Promise<void> {
    this.dirty = true;
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (!this.running) void this.refreshIfDirty();
    return done;
  }

  override async refreshIfDirty(): Promise<void> {
    if (!this.dirty || this.running) return;
    this.dirty = false;
    this.running = true;
    // Waiters registered before this pass started are released by it; later ones by the next.
    const waiting = this.waiters.splice(0);
    try {
      this.current = await this.compute();
      this.lastError = null;
      for (const listener of this.passListeners) listener(this.current);
    } catch (error) {
      this.lastError = (error as Error).message;
      this.dirty = true;
    } finally {
      this.running = false;
      for (const resolve of waiting) resolve();
      if (this.waiters.length > 0 && !this.stopped) void this.refreshIfDirty();
    }
  }

  private async compute(): Promise<BoardSnapshot> {
    const started = performance.now();
    const rows: { id: string; risk: RiskJson }[] = [];
    const system = new Map<string, Map<string, bigint>>();
    let accounts = 0;
    let asOfSeq = 0;
    for (let p = 0; p < this.client.partitions; p++) {
      let after: string | null = null;
      for (;;) {
        const page = (await this.client.read(p, { op: 'boardPage', after, limit: this.pageAccounts })) as BoardPage & { error?: string };
        if (page.error !== undefined) throw new Error(`partition ${p}: ${page.error}`);
        for (const row of page.rows) rows.push(row);
        if (page.next !== null) {
          after = page.next;
          continue;
        }
        accounts += page.accounts;
        asOfSeq += page.lastSeq;
        for (const [asset, book] of Object.entries(page.system ?? {})) {
          let sums = system.get(asset);
          if (sums === undefined) system.set(asset, (sums = new Map()));
          for (const [name, value] of Object.entries(book)) sums.set(name, (sums.get(name) ?? 0n) + parseUnits(value, SUM_DECIMALS));
        }
        if (p === 0) {
          this.profile = page.profile;
          this.catalog.set(page.instruments ?? []);
        }
        break;
      }
    }
    // Partitions hold disjoint accounts: id order over all of them is the single process's walk.
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const pass = new BoardPass();
    for (const row of rows) pass.add(row.id, row.risk);
    const systemJson: Record<string, Record<string, string>> = {};
    for (const asset of [...system.keys()].sort()) {
      const book: Record<string, string> = {};
      for (const [name, units] of system.get(asset) as Map<string, bigint>) book[name] = formatUnits(units, SUM_DECIMALS);
      systemJson[asset] = book;
    }
    return pass.finish(asOfSeq, accounts, systemJson, started);
  }
}
