/**
 * Funding times. Venues pay at fixed UTC times: every `intervalHours` from midnight (Binance,
 * Bybit, Hyperliquid, dYdX: 00:00, 08:00, 16:00 for 8 h), or shifted (BitMEX: 04:00, 12:00,
 * 20:00, an offset of 4 h). A funding window is (T - interval, T]: a sample taken exactly at T
 * belongs to the payment at T.
 */
import { invariant } from '../errors.js';

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * HOUR_MS;

export interface FundingSchedule {
  readonly intervalMs: number;
  /** Offset of the first funding time after 00:00 UTC, in ms (BitMEX: 4 h). */
  readonly offsetMs: number;
}

/** The first funding time at or after `timeMs`. */
export function fundingTimeAtOrAfter(timeMs: number, schedule: FundingSchedule): number {
  invariant(schedule.intervalMs > 0 && Number.isSafeInteger(schedule.intervalMs), 'funding interval is a positive whole number of ms');
  const shifted = timeMs - schedule.offsetMs;
  const steps = Math.ceil(shifted / schedule.intervalMs);
  return steps * schedule.intervalMs + schedule.offsetMs;
}

/** The funding window (start exclusive, end inclusive) that contains `timeMs`. */
export function fundingWindowOf(timeMs: number, schedule: FundingSchedule): { startMs: number; endMs: number } {
  const endMs = fundingTimeAtOrAfter(timeMs, schedule);
  return { startMs: endMs - schedule.intervalMs, endMs };
}

/** ISO 8601 UTC text of an epoch-ms time (pure: no clock is read). */
export function formatIsoTime(timeMs: number): string {
  return new Date(timeMs).toISOString();
}
