/**
 * The pass loop of a cluster coordinator (the fund floats, fund-float.ts; the shortfall
 * coordinator, shortfall.ts): passes run one at a time (one asked for while another runs waits
 * for it, then runs), under the shared PassLock when one is given; once started, a pass every
 * `intervalMs` until `stop`, and one at once when a partition's committed events contain the
 * trigger text (so the coordinator acts before the next price rather than at the next tick).
 */
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { PassLock } from './pass-lock.js';

export class PassLoop<T> {
  private running: Promise<T> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private eventsSub: Subscription | null = null;

  constructor(
    private readonly nc: NatsConnection,
    private readonly pass: () => Promise<T>,
    private readonly lock?: PassLock,
  ) {}

  /** One pass, after the one running (if any). */
  async run(): Promise<T> {
    while (this.running !== null) await this.running.catch(() => undefined);
    this.running = this.lock === undefined ? this.pass() : this.lock.run(() => this.pass());
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  /** Passes every `intervalMs` until `stop`, and at once after a committed event containing `trigger`. */
  start(intervalMs: number, trigger: string, onError: (error: Error) => void): void {
    this.eventsSub = this.nc.subscribe('margin.events.p.*', { callback: (error, msg) => {
      if (error !== null || this.timer === null || !msg.string().includes(trigger)) return;
      this.run().catch(onError);
    } });
    const tick = (): void => {
      this.timer = setTimeout(() => {
        this.run().catch(onError).finally(() => {
          if (this.timer !== null) tick();
        });
      }, intervalMs);
    };
    tick();
  }

  /** Stops the timer and the trigger, then waits for the pass running (if any). */
  async stop(): Promise<void> {
    this.eventsSub?.unsubscribe();
    this.eventsSub = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    while (this.running !== null) await this.running.catch(() => undefined);
  }
}
