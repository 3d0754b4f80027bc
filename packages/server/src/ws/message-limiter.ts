/**
 * WebSocket message rate limit (issue 14 defect 11): the HTTP limits per minute, counted per key
 * for an authenticated socket and per client IP before authentication (so auth attempts are
 * limited, across sockets), in fixed one-minute windows like @fastify/rate-limit's. Counted apart
 * from HTTP requests.
 */
export const WINDOW_MS = 60_000;
/** Expired windows are swept once the table holds this many. */
const SWEEP_AT = 10_000;

export class MessageLimiter {
  private readonly windows = new Map<string, { startMs: number; count: number }>();

  /** Counts one message of `bucket`; false when it is over `max` in the current window. */
  take(bucket: string, max: number, nowMs = Date.now()): boolean {
    let window = this.windows.get(bucket);
    if (window === undefined || nowMs - window.startMs >= WINDOW_MS) {
      if (this.windows.size >= SWEEP_AT) this.sweep(nowMs);
      window = { startMs: nowMs, count: 0 };
      this.windows.set(bucket, window);
    }
    window.count++;
    return window.count <= max;
  }

  private sweep(nowMs: number): void {
    for (const [bucket, window] of this.windows) if (nowMs - window.startMs >= WINDOW_MS) this.windows.delete(bucket);
  }
}
