/**
 * Progress of `margin run` on a terminal: a line on stderr rewritten about twice a second with
 * the commands read and the rate, then a summary at the end.
 */
import { performance } from 'node:perf_hooks';

export interface RunCounts {
  /** Non-blank input lines. */
  lines: number;
  badLines: number;
  /** Commands applied and journaled in this run. */
  applied: number;
  rejected: number;
  duplicates: number;
}

const REFRESH_MS = 500;

export class Progress {
  private readonly startedMs = performance.now();
  private lastDrawMs = 0;
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly enabled: boolean,
  ) {}

  get elapsedMs(): number {
    return performance.now() - this.startedMs;
  }

  /** Redraws the progress line at most every REFRESH_MS. */
  tick(counts: RunCounts): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.lastDrawMs < REFRESH_MS) return;
    this.lastDrawMs = now;
    this.drawn = true;
    this.out.write(`\r\x1b[K${formatCount(counts.lines)} commands read, ${formatRate(counts.lines, this.elapsedMs)}/s`);
  }

  /** Clears the progress line (before other stderr output or the summary). */
  clear(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }

  summary(counts: RunCounts, lastSeq: number): void {
    if (!this.enabled) return;
    this.clear();
    const elapsedMs = this.elapsedMs;
    const accepted = counts.applied - counts.rejected;
    this.out.write(
      `${formatCount(counts.lines)} commands in ${(elapsedMs / 1000).toFixed(2)} s (${formatRate(counts.lines, elapsedMs)}/s): ` +
        `${formatCount(accepted)} accepted, ${formatCount(counts.rejected)} rejected, ` +
        `${formatCount(counts.badLines)} bad lines, ${formatCount(counts.duplicates)} duplicates; journal at seq ${lastSeq}\n`,
    );
  }
}

function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

function formatRate(count: number, elapsedMs: number): string {
  return elapsedMs <= 0 ? '0' : Math.round((count * 1000) / elapsedMs).toLocaleString('en-US');
}
