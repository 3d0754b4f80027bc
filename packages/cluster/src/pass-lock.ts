/**
 * One pass at a time across coordinators that move the same money: the fund floats
 * (fund-float.ts) and the shortfall coordinator (shortfall.ts) both take from the risk
 * partition's fund; run under one lock, a shortfall's cover never races a float top-up for it.
 */
export class PassLock {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `fn` after every pass queued before it has finished (failed or not). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
