/**
 * Posts each batch's alerts to a webhook URL (`margin serve --alert-webhook URL`): the body is the
 * `alerts` channel's message (`alertMessageSchema` in @margin/wire), `content-type:
 * application/json`. Posts go one after the other in commit order; a failed post (network error or
 * non-2xx) is counted and dropped, never retried, so a dead receiver cannot hold the server back.
 * At most `maxQueued` posts wait; beyond that new ones are dropped (counted).
 */
import type { Alert } from '@margin/wire';

export const WEBHOOK_TIMEOUT_MS = 5_000;
export const WEBHOOK_QUEUE_MAX = 1_000;

export class AlertWebhook {
  sent = 0;
  failed = 0;
  dropped = 0;
  private queued = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly url: string,
    private readonly maxQueued = WEBHOOK_QUEUE_MAX,
  ) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`alert webhook: must be an http(s) URL, got "${url}"`);
  }

  post(seq: number, alerts: readonly Alert[]): void {
    if (alerts.length === 0) return;
    if (this.queued >= this.maxQueued) {
      this.dropped++;
      return;
    }
    this.queued++;
    const body = JSON.stringify({ channel: 'alerts', seq, alerts });
    this.chain = this.chain
      .then(async () => {
        const answer = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
        await answer.arrayBuffer();
        if (answer.ok) this.sent++;
        else this.failed++;
      })
      .catch(() => {
        this.failed++;
      })
      .finally(() => {
        this.queued--;
      });
  }

  /** Resolves when every queued post is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }
}
