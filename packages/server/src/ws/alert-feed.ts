/**
 * Alerts for the risk desk, made from committed events (the engine decides every rule; this only
 * picks events and compares a fund with its own peak):
 * - `marginCall`: a margin-call level crossed upward (the engine's `marginCall` event);
 * - `liquidation`: a liquidation started or ended (`liquidationStarted`, `liquidationEnded`);
 * - `adl`: a position auto-deleveraged (`autoDeleveraged`);
 * - `fundDrawdown`: an insurance fund's balance (`insuranceFundChanged`) fell more than the
 *   threshold below its highest balance seen (since the journal tail read at start); once per
 *   peak: the next alert for that fund needs a new peak first.
 * Shapes: `alertSchema` in @margin/wire.
 */
import { formatFixed, parseFixed } from '@margin/core';
import type { Alert, EngineEvent } from '@margin/wire';
import type { CommittedBatch } from '@margin/host';

/** Default drawdown threshold: 10 % below the peak. */
export const FUND_DRAWDOWN_DEFAULT = '0.1';
const E18 = 10n ** 18n;
const E12 = 10n ** 12n;

interface Peak {
  peak: bigint;
  alerted: boolean;
}

export class AlertFeed {
  private readonly peaks = new Map<string, Peak>();
  private readonly thresholdE18: bigint;

  constructor(readonly threshold: string = FUND_DRAWDOWN_DEFAULT) {
    this.thresholdE18 = parseFixed(threshold);
    if (this.thresholdE18 <= 0n || this.thresholdE18 >= E18) throw new Error(`fund drawdown threshold: must be a fraction between 0 and 1 (exclusive), got "${threshold}"`);
  }

  /** Peaks from fund balances already known (the history warmed from the journal), oldest first. */
  seed(balances: Iterable<{ asset: string; fund: string; balance: string }>): void {
    for (const { asset, fund, balance } of balances) this.track(asset, fund, parseFixed(balance));
  }

  alertsOf(batch: CommittedBatch): Alert[] {
    const committedAt = new Date(batch.committedAtMs).toISOString();
    const alerts: Alert[] = [];
    for (const event of batch.events) {
      const alert = this.alertOf(event, committedAt);
      if (alert !== null) alerts.push(alert);
    }
    return alerts;
  }

  private alertOf(event: EngineEvent, committedAt: string): Alert | null {
    const seq = event.seq;
    const account = typeof event['account'] === 'string' ? event['account'] : '';
    switch (event.type) {
      case 'marginCall':
        return { kind: 'marginCall', seq, committedAt, account, event } as Alert;
      case 'liquidationStarted':
      case 'liquidationEnded':
        return { kind: 'liquidation', seq, committedAt, account, event } as Alert;
      case 'autoDeleveraged':
        return { kind: 'adl', seq, committedAt, account, event } as Alert;
      case 'insuranceFundChanged': {
        const asset = String(event['asset']);
        const fund = String(event['fund']);
        const balance = parseFixed(String(event['balance']));
        const drawdown = this.track(asset, fund, balance);
        if (drawdown === null) return null;
        return { kind: 'fundDrawdown', seq, committedAt, asset, fund, peak: formatFixed(drawdown.peak), balance: String(event['balance']), drawdown: formatFixed((drawdown.fractionE18 / E12) * E12), threshold: formatFixed(this.thresholdE18) };
      }
      default:
        return null;
    }
  }

  /** Updates the fund's peak; the drawdown when it newly exceeds the threshold, else null. */
  private track(asset: string, fund: string, balance: bigint): { peak: bigint; fractionE18: bigint } | null {
    const key = `${asset}\u0000${fund}`;
    const known = this.peaks.get(key);
    if (known === undefined || balance > known.peak) {
      this.peaks.set(key, { peak: balance, alerted: false });
      return null;
    }
    if (known.alerted || known.peak <= 0n) return null;
    const fractionE18 = ((known.peak - balance) * E18) / known.peak;
    if (fractionE18 <= this.thresholdE18) return null;
    known.alerted = true;
    return { peak: known.peak, fractionE18 };
  }
}
