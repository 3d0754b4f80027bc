/**
 * What the risk boards share (the server's RiskBoard, risk-board.ts, and the cluster gateway's
 * ClusterBoard): reads are served from the last complete pass; commits mark the board dirty; a
 * timer refreshes it when dirty every `intervalMs` until `stop`; listeners get each complete
 * pass. Each board computes its own pass (`refreshIfDirty`) and may skip timer ticks (`passDue`).
 */
import type { BoardSnapshot } from './risk-board.js';

export function emptyBoard(): BoardSnapshot {
  return {
    asOfSeq: 0,
    computedAtMs: 0,
    durationMs: 0,
    accounts: 0,
    accountsWithPositions: 0,
    summaries: [],
    atRisk: [],
    interest: [],
    system: {},
    liquidatable: 0,
    held: new Map(),
  };
}

export abstract class BoardRefresh {
  protected current: BoardSnapshot = emptyBoard();
  protected dirty = true;
  protected running = false;
  protected stopped = false;
  private timer: NodeJS.Timeout | null = null;
  protected readonly waiters: (() => void)[] = [];
  protected readonly passListeners: ((snapshot: BoardSnapshot) => void)[] = [];

  constructor(protected readonly intervalMs: number) {}

  /** Called after every complete pass with its snapshot (the per-account history). */
  onPass(listener: (snapshot: BoardSnapshot) => void): void {
    this.passListeners.push(listener);
  }

  markDirty = (): void => {
    this.dirty = true;
  };

  start(): void {
    this.stopped = false;
    const tick = (): void => {
      if (this.stopped) return;
      void (this.passDue() ? this.refreshIfDirty() : Promise.resolve()).finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Whether this timer tick refreshes the board (when dirty). */
  protected passDue(): boolean {
    return true;
  }

  abstract refreshIfDirty(): Promise<void>;
}
