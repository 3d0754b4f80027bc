/** `margin mark`: the mark price per profile with its components, band and the series behind them. */
import { InputError } from '../errors.js';
import { timeDecayEma, windowMean, type TimedValue } from '../market/ema.js';
import { HOUR_MS, fundingTimeAtOrAfter } from '../market/funding-schedule.js';
import { computeMarkPrice } from '../market/mark-price.js';
import type { MarketProfile } from '../market/market-profile.js';
import { median } from '../market/stats.js';
import { ONE, type Fixed } from '../num/fixed.js';
import { divRound } from '../num/rounding.js';
import type { MarkInput, MarkSampleRow } from '../input/mark-input.js';
import { count, fx, fxOrNull, iso } from './report-text.js';

function midOf(row: MarkSampleRow, index: number): Fixed {
  if (row.mid !== undefined) return row.mid;
  if (row.bid === undefined || row.ask === undefined) throw new InputError(['samples', index, 'mid'], 'is required (or give bid and ask)');
  return divRound(row.bid + row.ask, 2n, 'halfEven');
}

function checkOrder(samples: readonly MarkSampleRow[]): void {
  samples.forEach((row, index) => {
    const previous = samples[index - 1];
    if (previous !== undefined && row.time < previous.time) throw new InputError(['samples', index, 'time'], 'samples must be in time order');
  });
}

function basisSeries(samples: readonly MarkSampleRow[], reference: Fixed, prefer: 'index' | 'oracle'): TimedValue[] {
  return samples.map((row, index) => {
    const ref = (prefer === 'oracle' ? (row.oraclePrice ?? row.indexPrice) : (row.indexPrice ?? row.oraclePrice)) ?? reference;
    return { timeMs: row.time, value: midOf(row, index) - ref };
  });
}

function timeUntilFunding(profile: MarketProfile, input: MarkInput, intervalMs: number): number | null {
  if (input.hoursUntilFunding !== undefined) return Number(divRound(input.hoursUntilFunding * BigInt(HOUR_MS), ONE, 'halfEven'));
  const time = input.time ?? input.samples?.[input.samples.length - 1]?.time;
  if (time === undefined) return null;
  const fundingTime = input.fundingTime ?? fundingTimeAtOrAfter(time, { intervalMs, offsetMs: profile.funding.scheduleOffsetHours * HOUR_MS });
  if (fundingTime < time) throw new InputError(['fundingTime'], 'must not be before time');
  return fundingTime - time;
}

export function markReport(profile: MarketProfile, input: MarkInput) {
  const method = input.method ?? profile.mark.method;
  const oracleMarked = method === 'oracle' || method === 'hyperliquid-median';
  const indexPrice = (oracleMarked ? (input.oraclePrice ?? input.indexPrice) : (input.indexPrice ?? input.oraclePrice)) ?? null;
  if (indexPrice === null) throw new InputError([oracleMarked ? 'oraclePrice' : 'indexPrice'], 'is required');
  const samples = input.samples ?? [];
  checkOrder(samples);
  const intervalHours = input.intervalHours ?? profile.funding.intervalHours;
  const intervalMs = Math.round(intervalHours * HOUR_MS);
  const series: Record<string, unknown> = {};
  let basisAverage = input.basisAverage ?? null;
  let emaBasis = input.emaBasis ?? null;
  let localEma = input.localEma ?? null;
  if (method === 'binance-median' && basisAverage === null && samples.length > 0) {
    const endMs = input.time ?? samples[samples.length - 1]?.time ?? 0;
    const windowMs = input.basisWindowMs ?? profile.mark.basisWindowMs;
    const mean = windowMean(basisSeries(samples, indexPrice, 'index'), endMs, windowMs);
    if (mean === null) throw new InputError(['samples'], `no sample in the basis window (${iso(endMs - windowMs)}, ${iso(endMs)}]`);
    basisAverage = mean.mean;
    series['basisAverage'] = { value: fx(mean.mean), samples: count(mean.count), windowMs: String(windowMs), windowEnd: iso(endMs) };
  }
  if (method === 'hyperliquid-median' && samples.length > 0) {
    if (emaBasis === null) {
      emaBasis = timeDecayEma(basisSeries(samples, indexPrice, 'oracle'), profile.mark.emaTimeConstantMs);
      series['emaBasis'] = { value: fx(emaBasis), samples: count(samples.length), timeConstantMs: String(profile.mark.emaTimeConstantMs) };
    }
    const local = samples.filter((row) => row.bid !== undefined && row.ask !== undefined && row.lastPrice !== undefined);
    if (localEma === null && local.length > 0) {
      const values = local.map((row) => ({ timeMs: row.time, value: median([row.bid ?? 0n, row.ask ?? 0n, row.lastPrice ?? 0n]) }));
      localEma = timeDecayEma(values, profile.mark.localEmaTimeConstantMs);
      series['localEma'] = { value: fx(localEma), samples: count(local.length), timeConstantMs: String(profile.mark.localEmaTimeConstantMs) };
    }
  }
  const usesFunding = method === 'funding-basis' || method === 'binance-median';
  const result = computeMarkPrice({
    method,
    indexPrice,
    fundingRate: input.fundingRate ?? null,
    timeUntilFundingMs: usesFunding ? timeUntilFunding(profile, input, intervalMs) : null,
    intervalMs,
    basisAverage,
    lastPrice: input.lastPrice ?? null,
    emaBasis,
    bestBid: input.bestBid ?? null,
    bestAsk: input.bestAsk ?? null,
    externalMids: input.externalMids ?? [],
    localEma,
    bandRate: input.bandRate ?? profile.mark.bandRate,
  });
  return {
    profile: profile.name,
    symbol: input.symbol ?? null,
    method,
    indexPrice: fx(indexPrice),
    indexMeaning: oracleMarked ? 'oracle price' : 'index price',
    markPrice: fx(result.markPrice),
    unclampedPrice: fx(result.unclampedPrice),
    components: result.components.map((part) => ({ name: part.name, value: fx(part.value), detail: part.detail })),
    combination: result.components.length === 1 ? 'single component' : `median of ${result.components.length}`,
    band: result.band === null ? null : { rate: fx(result.band.rate), low: fx(result.band.low), high: fx(result.band.high) },
    clamped: result.clamped,
    fundingRate: fxOrNull(input.fundingRate),
    series,
    notes: result.notes,
  };
}

export type MarkReport = ReturnType<typeof markReport>;
